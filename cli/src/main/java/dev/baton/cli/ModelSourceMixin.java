package dev.baton.cli;

import picocli.CommandLine.ArgGroup;

/** Shared input options (--cib | --crm | --from, and --node) for commands that read a cluster configuration. */
final class ModelSourceMixin {
    @ArgGroup(exclusive = false, multiplicity = "1")
    ModelSource source;
}
