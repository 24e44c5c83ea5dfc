package dev.baton.cli.ticket;

import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.TicketSpec;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.CliException;
import dev.baton.cli.kube.KubeOptions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl baton ticket} (crm_ticket): a ticket's state at this cluster, as the Ticket object holds it.
 * {@code kubectl patch ticket NAME --type merge -p '{"spec":{"granted":true}}'} does the same as grant; this verb
 * adds crm_ticket's care: granting or revoking by hand needs --force, since nothing here can tell whether another
 * site holds the ticket, and a revoke applies every dependent constraint's loss-policy.
 */
@Command(name = "ticket", mixinStandardHelpOptions = true,
        description = {"Grant, revoke, put in standby or activate a ticket, or list them (crm_ticket).",
            "VERB: grant, revoke, standby, activate, list, constraints."})
public final class TicketCommand extends BatonCommand {
    enum Verb { grant, revoke, standby, activate, list, constraints }

    @Parameters(index = "0", paramLabel = "VERB")
    Verb verb;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TICKET")
    String ticket;

    @Option(names = {"-f", "--force"}, description = "Grant or revoke by hand (crm_ticket --force).")
    boolean force;

    @Mixin
    KubeOptions kube;

    @Override
    protected int execute() {
        KubernetesClient c = kube.client();
        if (verb == Verb.list || verb == Verb.constraints) {
            list(c);
            return 0;
        }
        if (ticket == null) {
            throw CliException.usage("ticket " + verb + " needs the TICKET (e.g. ticket " + verb + " site-a)");
        }
        if (!force && verb == Verb.grant) {
            throw CliException.usage("nothing here can tell whether '" + ticket + "' is already granted elsewhere;"
                    + " to grant it to this cluster now, add --force");
        }
        if (!force && verb == Verb.revoke) {
            throw CliException.usage("revoking '" + ticket + "' applies the lossPolicy of every TicketConstraint on it"
                    + " (see: kubectl baton ticket constraints " + ticket + "); to revoke it now, add --force");
        }
        Ticket t = c.resources(Ticket.class).withName(ticket).get();
        String field = verb == Verb.grant || verb == Verb.revoke ? "granted" : "standby";
        boolean value = verb == Verb.grant || verb == Verb.standby;
        if (t == null) {
            // as crm_ticket: a ticket no one wrote before starts revoked and active
            t = new Ticket();
            t.setMetadata(new ObjectMetaBuilder().withName(ticket).build());
            t.setSpec(new TicketSpec());
            t.getSpec().granted = verb == Verb.grant;
            if (verb == Verb.standby) {
                t.getSpec().standby = true;
            }
            c.resource(t).create();
        } else {
            c.resources(Ticket.class).withName(ticket).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"" + field + "\":" + value + "}}");
        }
        out().println("ticket " + ticket + ": " + switch (verb) {
            case grant -> "granted";
            case revoke -> "revoked";
            case standby -> "standby";
            default -> "active";
        });
        return 0;
    }

    /** crm_ticket -l (every ticket, or one) or -c (the constraints on it). */
    private void list(KubernetesClient c) {
        if (verb == Verb.constraints) {
            List<TicketConstraint> on = c.resources(TicketConstraint.class).list().getItems().stream()
                    .filter(k -> ticket == null || ticket.equals(k.getSpec().ticket))
                    .sorted(Comparator.comparing(k -> k.getMetadata().getName())).toList();
            for (TicketConstraint k : on) {
                var s = k.getSpec();
                out().println(k.getMetadata().getName() + "\t" + s.ticket + ": " + (s.resource != null ? s.resource
                        : String.join(" ", s.resources)) + (s.role == null ? "" : " role=" + s.role)
                        + " loss-policy=" + (s.lossPolicy != null ? s.lossPolicy.name()
                        : s.role == dev.baton.api.v1alpha1.Operation.Role.Promoted ? "demote" : "stop"));
            }
            return;
        }
        List<Ticket> all = c.resources(Ticket.class).list().getItems().stream()
                .filter(t -> ticket == null || ticket.equals(t.getMetadata().getName()))
                .sorted(Comparator.comparing(t -> t.getMetadata().getName())).toList();
        if (ticket != null && all.isEmpty()) {
            throw CliException.usage("no Ticket '" + ticket + "' in namespace " + kube.namespace()
                    + " (not granted, as Pacemaker reads a ticket it has no state for)");
        }
        for (Ticket t : all) {
            boolean granted = t.getSpec() != null && Boolean.TRUE.equals(t.getSpec().granted);
            boolean standby = t.getSpec() != null && Boolean.TRUE.equals(t.getSpec().standby);
            String last = t.getStatus() == null ? null : t.getStatus().lastGranted;
            out().println(String.format(Locale.ROOT, "%s\t%-17s%s", t.getMetadata().getName(),
                    (granted ? "granted" : "revoked") + (standby ? " [standby]" : ""),
                    last == null ? "" : "last-granted='" + last + "'").stripTrailing());
        }
    }
}
