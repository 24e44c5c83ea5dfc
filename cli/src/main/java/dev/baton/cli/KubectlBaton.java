package dev.baton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kubectl baton}: the top-level command; each feature is a subcommand. */
@Command(name = "kubectl-baton", mixinStandardHelpOptions = true, version = "kubectl-baton 0.1.0",
        description = "Declarative high availability for bare-metal controllers.",
        subcommands = {SimulateCommand.class, ImportCommand.class, dev.baton.cli.status.StatusCommand.class, dev.baton.cli.resource.ResourceCommand.class, dev.baton.cli.lint.LintCommand.class, dev.baton.cli.ra.RaCommand.class, dev.baton.cli.ra.AgentCommand.class, dev.baton.cli.ticket.TicketCommand.class, dev.baton.cli.kube.CompletionCommand.class, CommandLine.HelpCommand.class})
public final class KubectlBaton implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new KubectlBaton());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
