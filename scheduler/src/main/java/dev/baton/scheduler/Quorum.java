package dev.baton.scheduler;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Role;
import java.util.Locale;

/**
 * no-quorum-policy: without quorum a start or promote of a resource that requires quorum (every resource
 * unless requires=nothing) cannot run. stop: such resources stop and do not start. freeze: what runs keeps
 * running (and may be recovered), nothing starts and nothing is promoted that is not promoted already. demote:
 * what is active in a promotable role keeps running but is demoted; every other resource stops, and nothing
 * that is stopped starts. ignore: quorum does not matter.
 * Placement is not changed by it: a start that cannot run is shown blocked.
 */
final class Quorum {
    private enum Policy { IGNORE, FREEZE, DEMOTE, STOP }

    private final Policy policy;

    Quorum(ClusterModel model) {
        this.policy = model.haveQuorum() ? Policy.IGNORE : policy(model.properties().noQuorumPolicy());
    }

    /** Unknown values, and suicide (no fencing modelled), mean stop, Pacemaker's default. */
    private static Policy policy(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "ignore" -> Policy.IGNORE;
            case "freeze" -> Policy.FREEZE;
            case "demote" -> Policy.DEMOTE;
            default -> Policy.STOP;
        };
    }

    private static boolean requiresQuorum(Rsc p) {
        return !"nothing".equalsIgnoreCase(p.meta.getOrDefault("requires", "quorum").trim());
    }

    /** Whether the primitive may not be started (on any node) for lack of quorum. */
    boolean startBlocked(Rsc p) {
        if (policy == Policy.IGNORE || !requiresQuorum(p)) {
            return false;
        }
        return switch (policy) {
            case FREEZE -> p.runningOn.isEmpty();
            // only what is active in a promotable role now may start (elsewhere), whatever its kind: a primitive
            // found promoted is recovered [effective_quorum_policy goes by the current role]
            case DEMOTE -> !(p.role == Role.PROMOTED || p.role == Role.UNPROMOTED);
            default -> true;
        };
    }

    /**
     * Whether the instance may not be promoted for lack of quorum. Only freeze and demote take the Promoted role
     * away when roles are chosen: freeze from an instance not promoted already
     * [pcmk__set_instance_roles], demote from one active now (it stays, demoted) [effective_quorum_policy]. An
     * instance that is stopped (under demote) or any instance (under stop) is chosen for promotion as with
     * quorum: its start cannot run, so the promote is listed blocked and takes its promoted-max slot.
     */
    boolean promotionBlocked(Rsc inst) {
        if (policy == Policy.IGNORE || inst.primitives().stream().noneMatch(Quorum::requiresQuorum)) {
            return false;
        }
        return switch (policy) {
            case FREEZE -> inst.primitives().stream().anyMatch(p -> p.role != Role.PROMOTED);
            case DEMOTE -> inst.primitives().stream()
                    .anyMatch(p -> p.role == Role.PROMOTED || p.role == Role.UNPROMOTED);
            default -> false;
        };
    }
}
