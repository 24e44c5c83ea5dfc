package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Colocation sets expand to pairwise colocations in the direction their ordering says. */
class ResourceSetsTest {
    private static List<String> colocations(String setAttributes, String score) throws IOException {
        String cib = """
                <cib validate-with="pacemaker-3.0" crm_feature_set="3.16.1" have-quorum="1">
                  <configuration>
                    <crm_config/>
                    <nodes><node id="1" uname="n1"/></nodes>
                    <resources>
                      <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
                      <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
                      <primitive id="c" class="ocf" provider="pacemaker" type="Dummy"/>
                    </resources>
                    <constraints>
                      <rsc_colocation id="col" score="%s">
                        <resource_set id="s" %s><resource_ref id="a"/><resource_ref id="b"/><resource_ref id="c"/></resource_set>
                      </rsc_colocation>
                    </constraints>
                  </configuration>
                </cib>
                """.formatted(score, setAttributes);
        ClusterModel m = new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
        return m.colocations().stream().map(c -> c.resource() + " with " + c.withResource()).toList();
    }

    @Test
    void aSequentialSetColocatesEachMemberWithTheOneBeforeIt() throws IOException {
        assertThat(colocations("", "INFINITY")).containsExactly("b with a", "c with b");
        assertThat(colocations("ordering=\"group\"", "INFINITY")).containsExactly("b with a", "c with b");
    }

    @Test
    void orderingListedColocatesEachMemberWithTheOneAfterIt() throws IOException {
        assertThat(colocations("ordering=\"listed\"", "INFINITY")).containsExactly("a with b", "b with c");
    }

    @Test
    void anAntiColocationSetKeepsEachMemberFromAllBeforeItWhateverTheOrdering() throws IOException {
        assertThat(colocations("ordering=\"listed\"", "-INFINITY"))
                .containsExactly("b with a", "c with a", "c with b");
    }
}
