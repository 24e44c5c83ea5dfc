package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Resource templates and tags as Pacemaker Explained ("Reusing Parts of the Configuration") defines them. */
class TemplatesTest {
    private static ClusterModel read(String resources, String constraints) throws IOException {
        String cib = """
                <cib validate-with="pacemaker-3.0" crm_feature_set="3.16.1" have-quorum="1">
                  <configuration>
                    <crm_config/>
                    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
                    <resources>%s</resources>
                    <constraints>%s</constraints>
                    <tags><tag id="web"><obj_ref id="a"/><obj_ref id="b"/></tag></tags>
                  </configuration>
                </cib>
                """.formatted(resources, constraints);
        return new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String TEMPLATE = """
            <template id="vm" class="ocf" provider="heartbeat" type="Xen">
              <meta_attributes id="vm-meta">
                <nvpair id="vm-m1" name="allow-migrate" value="true"/>
                <nvpair id="vm-m2" name="target-role" value="Stopped"/>
              </meta_attributes>
              <utilization id="vm-u"><nvpair id="vm-u1" name="memory" value="512"/></utilization>
              <operations>
                <op id="vm-mon" name="monitor" interval="15s" timeout="60s"/>
                <op id="vm-start" name="start" interval="0" timeout="60s"/>
              </operations>
            </template>
            """;

    @Test
    void aPrimitiveInheritsTheTemplateAndItsOwnDefinitionsWin() throws IOException {
        ClusterModel m = read(TEMPLATE + """
                <primitive id="vm1" template="vm"/>
                <primitive id="vm2" template="vm">
                  <meta_attributes id="vm2-meta"><nvpair id="vm2-m" name="target-role" value="Started"/></meta_attributes>
                  <utilization id="vm2-u"><nvpair id="vm2-u1" name="memory" value="1024"/></utilization>
                  <operations><op id="vm2-mon" name="monitor" interval="30s" timeout="120s"/></operations>
                </primitive>
                """, "");
        assertThat(m.resources()).extracting(r -> r.id()).containsExactly("vm1", "vm2");
        Primitive vm1 = (Primitive) m.resources().get(0);
        Primitive vm2 = (Primitive) m.resources().get(1);
        assertThat(vm1.agent()).isEqualTo("ocf:heartbeat:Xen");
        assertThat(vm1.meta()).containsEntry("target-role", "Stopped").containsEntry("allow-migrate", "true");
        assertThat(vm1.utilization()).containsEntry("memory", "512");
        assertThat(vm1.operations()).extracting(o -> o.name() + "/" + o.intervalMs()).containsExactly("monitor/15000",
                "start/0");
        assertThat(vm2.agent()).isEqualTo("ocf:heartbeat:Xen");
        assertThat(vm2.meta()).containsEntry("target-role", "Started").containsEntry("allow-migrate", "true");
        assertThat(vm2.utilization()).containsEntry("memory", "1024");
        // the primitive's monitor replaces the template's; the template's start is added
        assertThat(vm2.operations()).extracting(o -> o.name() + "/" + o.intervalMs()).containsExactly("monitor/30000",
                "start/0");
    }

    @Test
    void aTemplateInAColocationStandsForEveryPrimitiveDerivedFromIt() throws IOException {
        ClusterModel m = read(TEMPLATE + """
                <primitive id="vm1" template="vm"/>
                <primitive id="vm2" template="vm"/>
                <primitive id="base" class="ocf" provider="pacemaker" type="Dummy"/>
                """, """
                <rsc_colocation id="c" rsc="vm" rsc-role="Started" with-rsc="base" score="INFINITY"/>
                <rsc_order id="o" first="base" then="vm" kind="Mandatory"/>
                """);
        assertThat(m.colocations()).extracting(ColocationConstraint::resource, ColocationConstraint::withResource)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("vm1", "base"),
                        org.assertj.core.groups.Tuple.tuple("vm2", "base"));
        // a template side is a non-sequential set: its primitives are not ordered among themselves
        assertThat(m.orders()).extracting(OrderConstraint::first, OrderConstraint::then)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("base", "vm1"),
                        org.assertj.core.groups.Tuple.tuple("base", "vm2"));
    }

    @Test
    void aTagInAResourceSetIsReplacedInPlaceAndHonoursTheSetsSequence() throws IOException {
        ClusterModel m = read("""
                <primitive id="first" class="ocf" provider="pacemaker" type="Dummy"/>
                <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
                <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
                <primitive id="last" class="ocf" provider="pacemaker" type="Dummy"/>
                """, """
                <rsc_order id="o" kind="Mandatory"><resource_set id="s">
                  <resource_ref id="first"/><resource_ref id="web"/><resource_ref id="last"/>
                </resource_set></rsc_order>
                """);
        assertThat(m.orders()).extracting(o -> o.first() + ">" + o.then())
                .containsExactly("first>a", "a>b", "b>last");
    }

    @Test
    void aTagInALocationAppliesItToEachTaggedResource() throws IOException {
        ClusterModel m = read("""
                <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
                <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
                """, """
                <rsc_location id="l" rsc="web" node="n2" score="50" role="Promoted"/>
                """);
        assertThat(m.locations()).extracting(LocationConstraint::resource, LocationConstraint::node,
                LocationConstraint::score, LocationConstraint::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "n2", 50, Role.PROMOTED),
                org.assertj.core.groups.Tuple.tuple("b", "n2", 50, Role.PROMOTED));
    }

    @Test
    void aPrimitiveWhoseTemplateDoesNotExistIsLeftOutAsPacemakerDoes() throws IOException {
        CibImporter importer = new CibImporter();
        String cib = """
                <cib validate-with="none" crm_feature_set="3.16.1" have-quorum="1">
                  <configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
                    <resources><primitive id="p" template="nope"/></resources><constraints/>
                  </configuration>
                </cib>
                """;
        ClusterModel m = importer.parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.resources()).isEmpty();
        assertThat(importer.warnings()).contains("error: No template named 'nope'");
    }
}
