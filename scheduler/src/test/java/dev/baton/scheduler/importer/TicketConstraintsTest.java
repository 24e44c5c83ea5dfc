package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.Ticket;
import dev.baton.scheduler.model.TicketConstraint;
import dev.baton.scheduler.model.TicketConstraint.LossPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TicketConstraintsTest {
    private static final String CIB = """
            <cib validate-with="pacemaker-3.0" crm_feature_set="3.16.1" have-quorum="1">
              <configuration>
                <crm_config/>
                <nodes><node id="1" uname="n1"/></nodes>
                <resources>
                  <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
                  <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
                  <clone id="ms"><meta_attributes id="msm"><nvpair id="p" name="promotable" value="true"/></meta_attributes>
                    <primitive id="db" class="ocf" provider="pacemaker" type="Stateful"/></clone>
                </resources>
                <constraints>
                  <rsc_ticket id="t1" rsc="a" ticket="ticketA" rsc-role="Started" loss-policy="freeze"/>
                  <rsc_ticket id="t2" ticket="ticketB">
                    <resource_set id="s1"><resource_ref id="b"/></resource_set>
                    <resource_set id="s2" role="Promoted"><resource_ref id="ms"/></resource_set>
                  </rsc_ticket>
                </constraints>
              </configuration>
              <status>
                <tickets><ticket_state id="ticketA" granted="true" standby="true"/></tickets>
              </status>
            </cib>
            """;

    @Test
    void readsTicketDependenciesAndTheTicketsState() throws IOException {
        ClusterModel m = new CibImporter().parse(new ByteArrayInputStream(CIB.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.ticketConstraints()).containsExactly(
                new TicketConstraint("t1", "a", "ticketA", null, LossPolicy.FREEZE),
                new TicketConstraint("s1", "b", "ticketB", null, null),
                new TicketConstraint("s2", "ms", "ticketB", Role.PROMOTED, null));
        assertThat(m.tickets()).containsExactly(java.util.Map.entry("ticketA", new Ticket("ticketA", true, true)));
    }
}
