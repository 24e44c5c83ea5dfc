package dev.baton.cli.ra;

import dev.baton.agent.check.ConformanceChecker;
import dev.baton.cli.kube.BatonCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code kubectl baton agent check}: the agent module's LSB/OCF conformance checker. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Resource agent tools.",
        subcommands = AgentCommand.Check.class)
public final class AgentCommand extends BatonCommand {
    @Override
    protected int execute() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Run an agent through its standard's contract (start, stop, status/monitor exit codes,",
                    "meta-data) and report each violation: lsb:NAME or ocf:PROVIDER:TYPE",
                    "[--param k=v]... [--lsb-root DIR] [--ocf-root DIR] [--timeout 20s]. It starts and stops the",
                    "service: run it on a node where that is safe."})
    static final class Check extends BatonCommand {
        @Parameters(paramLabel = "AGENT")
        String agent;

        @Unmatched
        List<String> options = new ArrayList<>();

        @Override
        protected int execute() {
            List<String> args = new ArrayList<>(List.of("check", agent));
            args.addAll(options);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                rc = ConformanceChecker.run(args.toArray(String[]::new), ps);
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            if (rc == 2) {
                // the checker's usage error: its "error:" line is the one line that matters
                err().println(text.lines().filter(l -> l.startsWith("error:")).findFirst().orElse(text.strip()));
            } else {
                out().print(text);
            }
            return rc;
        }
    }
}
