package dev.baton.cli.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Ticket;
import dev.baton.cli.status.CliRun;
import dev.baton.testsupport.KubeApi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ticket} (crm_ticket) against the real API server: what it prints and what it wrote. */
@ExtendWith(KubeApi.class)
class TicketCommandTest {
    private CliRun.Result ok(KubeApi.Env env, String... args) {
        CliRun.Result r = CliRun.kube(env, args);
        assertThat(r.err()).as("stderr of %s", List.of(args)).isEmpty();
        assertThat(r.exit()).as("exit of %s", List.of(args)).isZero();
        return r;
    }

    private static Ticket ticket(KubeApi.Env env, String name) {
        return env.client().resources(Ticket.class).withName(name).get();
    }

    @Test
    void grantRevokeStandbyActivateAsCrmTicketWithForceForTheRiskyOnes(KubeApi.Env env) {
        CliRun.Result refused = CliRun.kube(env, "ticket", "grant", "site-a");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: nothing here can tell whether 'site-a' is already granted elsewhere")
                .contains("--force").hasLineCount(1);
        assertThat(ticket(env, "site-a")).as("nothing written").isNull();

        assertThat(ok(env, "ticket", "grant", "site-a", "--force").out()).isEqualTo("ticket site-a: granted\n");
        assertThat(ticket(env, "site-a").getSpec().granted).isTrue();
        ok(env, "ticket", "standby", "site-a");
        assertThat(ticket(env, "site-a").getSpec().standby).isTrue();
        assertThat(ok(env, "ticket", "list").out()).isEqualTo("site-a\tgranted [standby]\n");
        ok(env, "ticket", "activate", "site-a");
        assertThat(ticket(env, "site-a").getSpec().standby).isFalse();

        CliRun.Result revoke = CliRun.kube(env, "ticket", "revoke", "site-a");
        assertThat(revoke.exit()).isEqualTo(2);
        assertThat(revoke.err()).contains("lossPolicy", "ticket constraints site-a", "--force");
        assertThat(ticket(env, "site-a").getSpec().granted).as("not revoked without --force").isTrue();
        ok(env, "ticket", "revoke", "site-a", "--force");
        assertThat(ticket(env, "site-a").getSpec().granted).isFalse();
        // a standby of a ticket never written: created revoked, in standby
        ok(env, "ticket", "standby", "site-b");
        assertThat(ok(env, "ticket", "list").out()).isEqualTo("site-a\trevoked\nsite-b\trevoked [standby]\n");

        dev.baton.api.v1alpha1.TicketConstraint c = new dev.baton.api.v1alpha1.TicketConstraint();
        c.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("db-needs-site-a").build());
        c.setSpec(new dev.baton.api.v1alpha1.TicketConstraintSpec());
        c.getSpec().ticket = "site-a";
        c.getSpec().resources = List.of("db", "vip");
        c.getSpec().role = dev.baton.api.v1alpha1.Operation.Role.Promoted;
        env.client().resource(c).create();
        assertThat(ok(env, "ticket", "constraints", "site-a").out())
                .as("crm_ticket -c; the default loss-policy of a Promoted dependency is demote")
                .isEqualTo("db-needs-site-a\tsite-a: db vip role=Promoted loss-policy=demote\n");
        assertThat(ok(env, "ticket", "constraints", "site-b").out()).isEmpty();

        CliRun.Result none = CliRun.kube(env, "ticket", "list", "site-c");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no Ticket 'site-c'", "not granted");
    }
}
