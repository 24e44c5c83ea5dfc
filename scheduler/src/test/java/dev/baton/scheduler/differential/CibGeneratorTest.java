package dev.baton.scheduler.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.importer.CibImporter;
import dev.baton.scheduler.model.ClusterModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator's contract; crm_simulate's side is checked by every hack/differential.sh run. */
class CibGeneratorTest {
    private static final int CLUSTERS = 200;

    @Test
    void sameSeedAndIndexGiveTheSameCluster() {
        for (int i = 0; i < 20; i++) {
            assertThat(CibXml.render(CibGenerator.generate(7, i))).isEqualTo(CibXml.render(CibGenerator.generate(7, i)));
        }
        assertThat(CibXml.render(CibGenerator.generate(7, 1))).isNotEqualTo(CibXml.render(CibGenerator.generate(7, 2)));
        assertThat(CibXml.render(CibGenerator.generate(7, 1))).isNotEqualTo(CibXml.render(CibGenerator.generate(8, 1)));
    }

    @Test
    void clustersHaveTwoToSixNodesAndOneToThirtyPrimitivesAndBatonReadsThemAll() throws IOException {
        Set<Integer> nodeCounts = new java.util.TreeSet<>();
        for (int i = 0; i < CLUSTERS; i++) {
            Cib c = CibGenerator.generate(1, i);
            assertThat(c.nodes()).hasSizeBetween(2, 6);
            assertThat(c.primitives()).hasSizeBetween(1, 30);
            assertThat(c.nodes()).anyMatch(Cib.Node::online);
            assertThat(c.properties()).contains(new Cib.Nv("stonith-enabled", "false"));
            nodeCounts.add(c.nodes().size());
            ClusterModel m = new CibImporter().parse(new ByteArrayInputStream(
                    CibXml.render(c).getBytes(StandardCharsets.UTF_8)));
            assertThat(m.nodes()).hasSameSizeAs(c.nodes());
        }
        assertThat(nodeCounts).containsExactly(2, 3, 4, 5, 6);
    }

    /** Each feature tag is in a good share of clusters, and absent from many (else per-tag rates say nothing). */
    @Test
    void everyTagIsFrequentButNotUniversal() {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < CLUSTERS; i++) {
            Tags.of(CibGenerator.generate(1, i)).forEach(t -> seen.merge(t, 1, Integer::sum));
        }
        List<String> expected = List.of("primitive", "group", "clone", "clone_of_group", "promotable",
                "location", "location_role", "location_rule", "rule_uname", "rule_attribute", "rule_date", "rule_or",
                "colocation", "colocation_role", "anti_colocation", "order", "order_optional", "order_serialize",
                "order_actions", "order_asymmetric", "stickiness", "migration_threshold", "failure_timeout",
                "target_role", "is_managed", "standby", "offline_node", "node_shutdown", "quorum_lost",
                "op_history", "failed_ops", "failed_start", "failed_stop", "failed_monitor", "failed_promote",
                "failed_demote", "failed_probe", "pending_ops", "fail_counts", "promotion_scores", "on_fail_block",
                "on_fail_ignore", "on_fail_stop", "on_fail_restart", "on_fail_standby", "on_fail_demote");
        List<String> rare = new ArrayList<>();
        for (String t : expected) {
            if (seen.getOrDefault(t, 0) < CLUSTERS / 100) {
                rare.add(t + "=" + seen.getOrDefault(t, 0));
            }
        }
        assertThat(rare).as("tags in fewer than 1 %% of %d clusters", CLUSTERS).isEmpty();
        seen.forEach((t, n) -> {
            if (!t.equals("primitive") && !t.equals("op_history")) {
                assertThat(n).as("clusters tagged %s", t).isLessThan(CLUSTERS * 9 / 10);
            }
        });
    }

    @Test
    void prunedDropsWhatRefersToRemovedResourcesAndNodes() {
        Cib c = null;
        for (int i = 0; c == null; i++) {
            Cib x = CibGenerator.generate(1, i);
            if (x.resources().size() > 2 && !x.constraints().isEmpty() && !x.history().isEmpty()) {
                c = x;
            }
        }
        Cib smaller = c.withResources(c.resources().subList(1, c.resources().size()))
                .withNodes(c.nodes().subList(0, 1)).pruned();
        Set<String> ids = smaller.resourceIds();
        String node = smaller.nodes().get(0).name();
        assertThat(smaller.constraints()).allMatch(k -> ids.containsAll(k.resources())
                && Set.of(node).containsAll(k.nodes()));
        assertThat(smaller.history()).allMatch(h -> ids.contains(h.rsc()) && h.node().equals(node));
        assertThat(smaller.nodes().get(0).transients()).allMatch(a -> Cib.failureAttributeResource(a.name()) == null
                || ids.contains(Cib.failureAttributeResource(a.name())));
    }
}
