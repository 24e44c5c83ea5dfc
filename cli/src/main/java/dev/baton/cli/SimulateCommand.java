package dev.baton.cli;

import dev.baton.scheduler.Action;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.Score;
import dev.baton.scheduler.TransitionGraph;
import dev.baton.scheduler.model.ClusterModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kubectl baton simulate}: what the scheduler would do with a configuration, without doing it. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Show where resources would run and the transition that gets them there.")
final class SimulateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    ModelSourceMixin source;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (expected.json's form).")
    Format output;

    @Option(names = {"-s", "--show-scores"}, description = "Print allocation scores with every contribution.")
    boolean showScores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterModel model = source.source.load(spec.commandLine().getErr());
        Decision d = Scheduler.schedule(model);
        PrintWriter out = spec.commandLine().getOut();
        if (output == Format.json) {
            out.print(Json.write(json(d, showScores)));
        } else {
            if (showScores) {
                out.print(scores(d));
            }
            out.print(summary(d.graph()));
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> json(Decision d, boolean scores) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> placement = new LinkedHashMap<>(d.placement().roles());
        root.put("placement", placement);
        List<Object> actions = new ArrayList<>();
        for (Action a : d.graph().summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", a.action());
            if (a.node() != null) {
                m.put("node", a.node());
            } else {
                m.put("from", a.from());
                m.put("to", a.to());
            }
            m.put("resource", a.resource());
            m.put("primitive", a.primitive());
            if (a.role() != null) {
                m.put("role", a.role());
            }
            if (a.nextRole() != null) {
                m.put("next_role", a.nextRole());
            }
            if (a.reason() != null) {
                m.put("reason", a.reason());
            }
            if (a.blocked()) {
                m.put("blocked", true);
            }
            actions.add(m);
        }
        root.put("actions", actions);
        root.put("executed", d.graph().operations());
        List<Object> ordering = new ArrayList<>();
        for (TransitionGraph.Edge e : d.graph().edges()) {
            ordering.add(List.of(e.before(), e.after()));
        }
        root.put("ordering", ordering);
        if (scores) {
            Map<String, Object> s = new LinkedHashMap<>();
            d.placement().scores().forEach((rsc, perNode) -> {
                Map<String, Object> nodes = new LinkedHashMap<>();
                perNode.forEach((node, e) -> nodes.put(node, Map.of("score", Score.format(e.total()),
                        "contributions", e.contributions())));
                s.put(rsc, nodes);
            });
            root.put("scores", s);
        }
        return root;
    }

    static String scores(Decision d) {
        StringBuilder b = new StringBuilder("Allocation scores:\n");
        d.placement().scores().forEach((rsc, perNode) -> perNode.forEach((node, e) -> {
            b.append(rsc).append(" allocation score on ").append(node).append(": ")
                    .append(Score.format(e.total())).append('\n');
            e.contributions().forEach(c -> b.append("    ").append(c).append('\n'));
        }));
        return b.append('\n').toString();
    }

    /** The transition summary in crm_simulate's layout. */
    static String summary(TransitionGraph g) {
        StringBuilder b = new StringBuilder("Transition Summary:\n");
        int width = g.summary().stream().mapToInt(a -> a.resource().length()).max().orElse(0);
        for (Action a : g.summary()) {
            String verb = Character.toUpperCase(a.action().charAt(0)) + a.action().substring(1);
            String where;
            if (a.node() != null) {
                where = a.role() != null && a.nextRole() != null ? a.role() + " -> " + a.nextRole() + " " + a.node()
                        : a.node();
            } else {
                String from = a.role() != null ? a.role() + " " + a.from() : a.from();
                String to = a.nextRole() != null ? a.nextRole() + " " + a.to() : a.to();
                where = from + " -> " + to;
            }
            b.append(String.format("  * %-10s %-" + width + "s ( %s )", verb, a.resource(), where));
            if (a.reason() != null) {
                b.append("  due to ").append(a.reason());
            }
            if (a.blocked()) {
                b.append(" blocked");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
