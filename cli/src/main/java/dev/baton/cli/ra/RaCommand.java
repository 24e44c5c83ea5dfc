package dev.baton.cli.ra;

import dev.baton.agent.check.MetaData;
import dev.baton.agent.exec.AgentRef;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl baton ra}: crm ra, for the agents installed on this machine. */
@Command(name = "ra", mixinStandardHelpOptions = true, description = "Resource agents installed here (crm ra).",
        subcommands = {RaCommand.ListAgents.class, RaCommand.Meta.class})
public final class RaCommand extends BatonCommand {
    @Override
    protected int execute() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the OCF agents (crm ra list ocf).")
    static final class ListAgents extends BatonCommand {
        @Override
        protected int execute() throws Exception {
            LocalAgents.system().list().forEach(out()::println);
            return 0;
        }
    }

    @Command(name = "meta", aliases = "info", mixinStandardHelpOptions = true,
            description = {"Show an agent's parameters (type, default, unit, required) and its actions' advised",
                    "timeouts (crm ra meta ocf:heartbeat:Filesystem). Check units before writing intervals."})
    static final class Meta extends BatonCommand {
        @Parameters(paramLabel = "CLASS:PROVIDER:TYPE")
        String agent;

        @Override
        protected int execute() {
            AgentRef ref;
            try {
                ref = AgentRef.parse(agent);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage() + " (e.g. ocf:heartbeat:IPaddr2)");
            }
            MetaData m;
            try {
                m = LocalAgents.system().metadata(ref).orElseThrow(() -> CliException.failed(ref
                        + (ref.provider() == null ? " has no OCF meta-data (only ocf agents describe their parameters)"
                        : " is not installed here ('kubectl baton ra list' shows what is)")));
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw CliException.failed(e.getMessage());
            }
            out().print(render(ref, m));
            return 0;
        }
    }

    static String render(AgentRef ref, MetaData m) {
        StringBuilder b = new StringBuilder();
        b.append(m.shortdesc()).append(" (").append(ref).append(")\n\n");
        b.append("Parameters (*: required, []: default):\n\n");
        for (MetaData.Parameter p : m.parameters()) {
            b.append(p.name()).append(p.required() ? "*" : "").append(" (").append(p.type());
            if (p.defaultValue() != null && !p.defaultValue().isEmpty()) {
                b.append(", [").append(p.defaultValue()).append(']');
            }
            if (p.unit() != null) {
                b.append(", unit ").append(p.unit());
            }
            b.append("): ").append(p.shortdesc()).append('\n');
        }
        b.append("\nOperations' defaults (advisory minimum):\n\n");
        for (MetaData.ActionInfo a : m.actions()) {
            b.append(String.format("    %-13s", a.name() + (a.role() == null ? "" : " (" + a.role() + ")")));
            if (a.timeout() != null) {
                b.append(" timeout=").append(a.timeout());
            }
            if (a.interval() != null) {
                b.append(" interval=").append(a.interval());
            }
            b.append('\n');
        }
        return b.toString();
    }
}
