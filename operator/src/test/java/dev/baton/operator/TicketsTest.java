package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets end to end on the real API server, under the real operator and agents running LSB test services: the
 * grant is what {@code kubectl patch ticket} (or {@code kubectl baton ticket}) writes, and revoking it stops what
 * depends on it as each TicketConstraint's lossPolicy says (stop: stopped; freeze: left running), as Pacemaker
 * does on {@code crm_ticket --revoke}.
 */
@ExtendWith(KubeApi.class)
class TicketsTest {
  private static final List<String> SERVICES = List.of("web", "net", "db");
  private static final String CONFIG = """
      apiVersion: baton.dev/v1alpha1
      kind: HACluster
      metadata: {name: lab}
      spec:
        properties: {stonithEnabled: false, noQuorumPolicy: ignore}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: HANode
      metadata: {name: compute-1}
      spec: {}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: web}
      spec: {class: lsb, type: web, operations: [{name: monitor, interval: 5s}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: net}
      spec: {class: lsb, type: net, operations: [{name: monitor, interval: 5s}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: db}
      spec: {class: lsb, type: db, operations: [{name: monitor, interval: 5s}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Ticket
      metadata: {name: site-a}
      spec: {granted: true}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: TicketConstraint
      metadata: {name: web-needs-site-a}
      spec: {ticket: site-a, resource: web, lossPolicy: stop}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: TicketConstraint
      metadata: {name: net-needs-site-a}
      spec: {ticket: site-a, resource: net, lossPolicy: freeze}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: TicketConstraint
      metadata: {name: db-needs-site-b}
      spec: {ticket: site-b, resources: [db]}
      """;
  private static final String GHOST = """
      apiVersion: baton.dev/v1alpha1
      kind: TicketConstraint
      metadata: {name: ghost-needs-site-a}
      spec: {ticket: site-a, resources: [web, ghost]}
      """;

  @TempDir
  Path dir;
  private LocalCluster cluster;

  @AfterEach
  void tearDown() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void revokingATicketStopsItsResourcesAsLossPolicySaysAndGrantingStartsThem(KubeApi.Env env) throws Exception {
    cluster = new LocalCluster(env, dir);
    cluster.startAgent("compute-1", SERVICES);
    cluster.startOperator();
    cluster.apply(CONFIG);
    // db's ticket site-b does not exist: not granted, so db never starts
    cluster.await("web and net started, db not", Duration.ofSeconds(60), () -> cluster.running("compute-1", "web")
        && cluster.running("compute-1", "net") && !cluster.running("compute-1", "db") && cluster.converged());
    // a dangling member: the constraint is left out and says which field, the rest runs on
    cluster.apply(GHOST);
    cluster.await("ghost-needs-site-a Ready=False", Duration.ofSeconds(30), () -> readyIs("ghost-needs-site-a", "False"));
    Condition ghost = ready(env.client().resources(TicketConstraint.class).withName("ghost-needs-site-a").get()
        .getStatus());
    assertThat(ghost.reason).isEqualTo("UnknownReference");
    assertThat(ghost.message).as("names the field at fault").startsWith("spec.resources[1]: resource ghost");
    assertThat(cluster.running("compute-1", "web")).isTrue();
    env.client().resources(TicketConstraint.class).withName("ghost-needs-site-a").delete();
    Condition missing = ready(env.client().resources(TicketConstraint.class).withName("db-needs-site-b").get()
        .getStatus());
    assertThat(missing.status).isEqualTo("True");
    assertThat(missing.message).contains("Ticket site-b does not exist: not granted");
    Ticket siteA = env.client().resources(Ticket.class).withName("site-a").get();
    assertThat(ready(siteA.getStatus()).reason).isEqualTo("Granted");
    String firstGrant = siteA.getStatus().lastGranted;
    assertThat(firstGrant).isNotNull();

    grant(env, "site-a", false);
    cluster.await("web stopped (loss-policy stop), net left running (freeze)", Duration.ofSeconds(30),
        () -> !cluster.running("compute-1", "web") && cluster.running("compute-1", "net")
            && "Revoked".equals(ticketReason(env, "site-a")) && cluster.converged());
    assertThat(cluster.actionLog("compute-1")).noneMatch(l -> l.endsWith(" stop net"));
    assertThat(env.client().resources(Ticket.class).withName("site-a").get().getStatus().lastGranted)
        .as("kept after the revoke, as crm_ticket's last-granted").isEqualTo(firstGrant);

    Thread.sleep(1100); // lastGranted is in whole seconds
    grant(env, "site-a", true);
    env.client().resource(ticket("site-b")).create();
    cluster.await("web started again, db started once site-b exists granted", Duration.ofSeconds(30),
        () -> cluster.running("compute-1", "web") && cluster.running("compute-1", "db") && cluster.converged());
    assertThat(env.client().resources(Ticket.class).withName("site-a").get().getStatus().lastGranted)
        .as("a new grant").isGreaterThan(firstGrant);
    assertThat(cluster.actionLog("compute-1").stream().filter(l -> l.endsWith(" start web")).count()).isEqualTo(2);
  }

  private static Ticket ticket(String name) {
    Ticket t = new Ticket();
    t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    t.setSpec(new dev.baton.api.v1alpha1.TicketSpec());
    t.getSpec().granted = true;
    return t;
  }

  /** As {@code kubectl patch ticket NAME --type merge -p '{"spec":{"granted":...}}'} writes it. */
  private static void grant(KubeApi.Env env, String name, boolean granted) {
    env.client().resources(Ticket.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"granted\":" + granted + "}}");
  }

  private boolean readyIs(String constraint, String status) {
    TicketConstraint c = cluster.env().client().resources(TicketConstraint.class).withName(constraint).get();
    return c != null && c.getStatus() != null && c.getStatus().condition(Condition.READY)
        .map(k -> k.status.equals(status)).orElse(false);
  }

  private static String ticketReason(KubeApi.Env env, String name) {
    Ticket t = env.client().resources(Ticket.class).withName(name).get();
    return t.getStatus() == null ? null : t.getStatus().condition(Condition.READY).map(c -> c.reason).orElse(null);
  }

  private static Condition ready(dev.baton.api.v1alpha1.BatonStatus st) {
    return st.condition(Condition.READY).orElseThrow();
  }
}
