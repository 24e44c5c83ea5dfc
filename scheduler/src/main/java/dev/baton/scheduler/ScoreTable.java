package dev.baton.scheduler;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every resource's final scores, explained, as a read-only map (resource id → node → explanation) that builds
 * each resource's entry only when asked: large clusters have millions of resource-node pairs and most
 * callers look at a few.
 */
final class ScoreTable extends AbstractMap<String, Map<String, ScoreExplanation>> {
    private final Map<String, NodeScores> byResource;
    private final List<String> nodeNames;
    /** Per node: why it cannot run resources, or null if it can. */
    private final String[] unavailable;

    ScoreTable(Map<String, NodeScores> byResource, List<String> nodeNames, String[] unavailable) {
        this.byResource = byResource;
        this.nodeNames = List.copyOf(nodeNames);
        this.unavailable = unavailable.clone();
    }

    @Override
    public Map<String, ScoreExplanation> get(Object key) {
        NodeScores s = byResource.get(key);
        return s == null ? null : explain(s);
    }

    @Override
    public boolean containsKey(Object key) {
        return byResource.containsKey(key);
    }

    @Override
    public int size() {
        return byResource.size();
    }

    private Map<String, ScoreExplanation> explain(NodeScores s) {
        Map<String, ScoreExplanation> perNode = new LinkedHashMap<>();
        for (int n = 0; n < nodeNames.size(); n++) {
            if (unavailable[n] == null) {
                perNode.put(nodeNames.get(n), new ScoreExplanation(s.score[n], s.reasons(n)));
            } else {
                List<String> why = new ArrayList<>(s.reasons(n));
                why.add(unavailable[n]);
                perNode.put(nodeNames.get(n), new ScoreExplanation(Score.MINUS_INFINITY, why));
            }
        }
        return java.util.Collections.unmodifiableMap(perNode);
    }

    @Override
    public Set<Entry<String, Map<String, ScoreExplanation>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Map<String, ScoreExplanation>>> iterator() {
                Iterator<Entry<String, NodeScores>> it = byResource.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Map<String, ScoreExplanation>> next() {
                        Entry<String, NodeScores> e = it.next();
                        return new SimpleImmutableEntry<>(e.getKey(), explain(e.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return byResource.size();
            }
        };
    }
}
