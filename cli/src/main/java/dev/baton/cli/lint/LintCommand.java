package dev.baton.cli.lint;

import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cli.kube.KubeOptions;
import dev.baton.cli.ra.LocalAgents;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kubectl baton lint}: the field report's mistakes, named with their fix. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check a configuration for the mistakes that break failover: services not tied to the VIP,",
                "fail-back risk, missing monitors, durations without units, orders without colocation, two nodes",
                "without quorum or fencing, leftover move constraints, parameters the agent does not know.",
                "Exit code: 0 clean, 1 warnings, 2 errors."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:clean", "1:warnings only", "2:errors"})
public final class LintCommand extends BatonCommand {
    @Mixin
    KubeOptions kube;

    @Option(names = "--from", paramLabel = "DIR|FILE", description = "Lint YAML files instead of the live cluster.")
    Path from;

    @Override
    protected int execute() throws Exception {
        BatonObjects o = from != null ? BatonObjects.load(from) : BatonObjects.read(kube.client());
        LocalAgents agents = LocalAgents.system();
        List<Finding> findings = Linter.lint(o, agents::metadata);
        findings.forEach(out()::println);
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.error).count();
        long warnings = findings.size() - errors;
        out().println(findings.isEmpty() ? "no problems found"
                : errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
        return errors > 0 ? 2 : warnings > 0 ? 1 : 0;
    }
}
