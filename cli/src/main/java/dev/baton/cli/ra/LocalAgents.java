package dev.baton.cli.ra;

import dev.baton.agent.check.MetaData;
import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.AgentClass;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Executor;
import dev.baton.agent.exec.Roots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agents installed on this machine. meta-data runs through the agent module's executor: an argument
 * vector, never a shell, and only for an agent that resolves inside /usr/lib/ocf/resource.d.
 */
public final class LocalAgents {
    private final Roots roots;
    private final Executor executor;

    public LocalAgents(Roots roots) {
        this.roots = roots;
        this.executor = new Executor(roots);
    }

    public static LocalAgents system() {
        return new LocalAgents(Roots.DEFAULT);
    }

    /** ocf:PROVIDER:TYPE for every executable under the OCF root, sorted. */
    public List<String> list() throws IOException {
        Path root = roots.ocfAgents();
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> providers = Files.list(root)) {
            for (Path p : providers.sorted().toList()) {
                if (!Files.isDirectory(p)) {
                    continue;
                }
                try (Stream<Path> agents = Files.list(p)) {
                    agents.filter(a -> Files.isRegularFile(a) && Files.isExecutable(a)).sorted()
                            .forEach(a -> out.add("ocf:" + p.getFileName() + ":" + a.getFileName()));
                }
            }
        }
        return out;
    }

    /** The agent's meta-data, or empty when it is not installed here; a broken agent is an error. */
    public Optional<MetaData> metadata(AgentRef agent) {
        if (agent.agentClass() != AgentClass.OCF) {
            return Optional.empty();
        }
        ActionResult r = executor.run(new ActionRequest("meta-data", agent, Action.META_DATA, null, null, 0, 10_000));
        if (r.status() == ActionResult.Status.REJECTED && r.rc() == dev.baton.agent.exec.Ocf.ERR_INSTALLED) {
            return Optional.empty();
        }
        if (r.status() != ActionResult.Status.DONE || r.rc() != 0) {
            throw new IllegalStateException(agent + " meta-data failed: " + r.rcText()
                    + (r.exitReason() == null || r.exitReason().isBlank() ? "" : " (" + r.exitReason() + ")"));
        }
        MetaData md = MetaData.parse(r.stdout());
        if (md.problems().stream().anyMatch(p -> p.startsWith("not well-formed"))) {
            throw new IllegalStateException(agent + " meta-data is not valid OCF XML: " + md.problems().get(0));
        }
        return Optional.of(md);
    }
}
