package dev.baton.scheduler;

import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's state for one run: nodes, the expanded resource tree (clone instances included), the
 * history attached to it, and per-node bookkeeping (resources assigned so far).
 */
final class WorkingSet {
    final ClusterModel model;
    final List<Node> nodes;
    final Map<String, Integer> nodeIndex = new HashMap<>();
    final boolean[] canRun;
    final int[] assignedCount;
    /** Top-level resources in configuration order (orphans last). */
    final List<Rsc> top = new ArrayList<>();
    /** Every resource by id: configured ids and clone instance ids. */
    final Map<String, Rsc> byId = new LinkedHashMap<>();
    /** fail-count per primitive (instance id, or base id for anonymous clones) per node. */
    final Map<String, int[]> failCounts = new HashMap<>();
    /** Bans from the history: the resource may not run on a node (-1: anywhere), and why. */
    final List<HardBan> hardErrors = new ArrayList<>();

    record HardBan(Rsc resource, int node, String reason) {
    }
    /** What each clone clones, to create orphan instances for extra copies found running. */
    private final Map<Rsc, Resource> cloneChildren = new java.util.IdentityHashMap<>();
    final boolean symmetric;
    final boolean stopAll;
    final boolean everythingUnmanaged;
    final boolean balance;
    final Fencing fencing;
    final RemoteNodes remotes;
    final ResourceDiscovery discovery;

    WorkingSet(ClusterModel model) {
        this.model = model;
        this.nodes = model.nodes();
        ClusterProperties props = model.properties();
        for (int i = 0; i < nodes.size(); i++) {
            nodeIndex.put(nodes.get(i).name(), i);
        }
        canRun = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            canRun[i] = nodes.get(i).canRunResources() && !nodes.get(i).maintenance();
        }
        assignedCount = new int[nodes.size()];
        symmetric = props.symmetricCluster();
        stopAll = props.stopAllResources();
        // a watchdog (sbd) fences as a device does
        boolean hasStonith = props.haveWatchdog() || model.resources().stream().anyMatch(WorkingSet::hasStonithPrimitive);
        everythingUnmanaged = props.maintenanceMode() || props.stonithEnabled() && !hasStonith;
        balance = !props.placementStrategy().equals("minimal");
        for (Resource r : model.resources()) {
            top.add(build(r, null, model.resourceDefaults()));
        }
        attachHistory();
        fencing = new Fencing(this, top.stream().anyMatch(Rsc::managed), hasStonith);
        remotes = new RemoteNodes(this);
        discovery = new ResourceDiscovery(this);
        for (Rsc r : byId.values()) {
            multipleActive(r);
        }
        ShutdownLock.apply(this);
    }

    /**
     * multiple-active: what to do with a primitive found active on several nodes. stop_start (the default)
     * stops it everywhere and starts it once; stop_only stops it everywhere; block leaves it alone (and with it
     * the rest of its group when the group says block).
     */
    private void multipleActive(Rsc p) {
        if (p.kind != Rsc.Kind.PRIMITIVE || p.runningOn.size() < 2 || p.partialSource >= 0) {
            return; // a partial migration is active on both its nodes by design
        }
        switch (p.meta.getOrDefault("multiple-active", "stop_start")) {
            case "block" -> {
                p.blocked = true;
                // a group configured with multiple-active=block is blocked as a whole
                if (p.parent != null && p.parent.kind == Rsc.Kind.GROUP
                        && "block".equals(p.parent.meta.get("multiple-active"))) {
                    p.parent.children.forEach(m -> m.blocked = true);
                }
            }
            case "stop_only" -> hardErrors.add(new HardBan(p, -1, "multiple-active=stop_only"));
            default -> {
            }
        }
    }

    private static boolean hasStonithPrimitive(Resource r) {
        if (r instanceof Primitive p) {
            return "stonith".equals(p.resourceClass());
        }
        if (r instanceof Group g) {
            return g.members().stream().anyMatch(WorkingSet::hasStonithPrimitive);
        }
        return hasStonithPrimitive(((Clone) r).child());
    }

    private Rsc build(Resource r, Rsc parent, Map<String, String> inherited) {
        Map<String, String> meta = new LinkedHashMap<>(inherited);
        meta.putAll(r.meta());
        Rsc rsc;
        if (r instanceof Primitive p) {
            rsc = new Rsc(p.id(), Rsc.Kind.PRIMITIVE, parent, p, meta);
            register(rsc);
        } else if (r instanceof Group g) {
            rsc = new Rsc(g.id(), Rsc.Kind.GROUP, parent, null, meta);
            register(rsc);
            for (Primitive m : g.members()) {
                rsc.children.add(build(m, rsc, meta));
            }
        } else {
            Clone c = (Clone) r;
            {
                if (!c.meta().containsKey("resource-stickiness") && !inherited.containsKey("resource-stickiness")) {
                    meta.put("resource-stickiness", "1"); // Pacemaker keeps clone instances where they are
                }
                rsc = new Rsc(c.id(), Rsc.Kind.CLONE, parent, null, meta);
                rsc.isPromotableClone = c.promotable();
                rsc.uniqueClone = ClusterProperties.truthy(meta.get("globally-unique"));
                register(rsc);
                cloneChildren.put(rsc, c.child());
                int max = cloneMax(rsc);
                for (int i = 0; i < max; i++) {
                    rsc.children.add(instance(c.child(), rsc, meta, i));
                }
                // constraints naming the cloned primitive or group mean the clone
                byId.putIfAbsent(c.child().id(), rsc);
                if (c.child() instanceof Group g) {
                    Rsc cloneRsc = rsc;
                    g.members().forEach(m -> byId.putIfAbsent(m.id(), cloneRsc));
                }
            }
        }
        rsc.scores = new NodeScores(nodes.size(), symmetric ? 0 : Score.MINUS_INFINITY);
        return rsc;
    }

    private Rsc instance(Resource child, Rsc clone, Map<String, String> cloneMeta, int n) {
        Map<String, String> meta = new LinkedHashMap<>(cloneMeta);
        meta.putAll(child.meta());
        Rsc inst;
        if (child instanceof Group g) {
            inst = new Rsc(g.id() + ":" + n, Rsc.Kind.GROUP, clone, null, meta);
            for (Primitive m : g.members()) {
                Map<String, String> mm = new LinkedHashMap<>(meta);
                mm.putAll(m.meta());
                Rsc member = new Rsc(m.id() + ":" + n, Rsc.Kind.PRIMITIVE, inst, m, mm);
                member.scores = new NodeScores(nodes.size(), symmetric ? 0 : Score.MINUS_INFINITY);
                inst.children.add(member);
                byId.put(member.id, member);
            }
        } else {
            inst = new Rsc(child.id() + ":" + n, Rsc.Kind.PRIMITIVE, clone, (Primitive) child, meta);
        }
        inst.scores = new NodeScores(nodes.size(), symmetric ? 0 : Score.MINUS_INFINITY);
        byId.put(inst.id, inst);
        return inst;
    }

    private void register(Rsc rsc) {
        byId.put(rsc.id, rsc);
    }

    int cloneMax(Rsc clone) {
        String v = clone.meta.getOrDefault("clone-max", clone.meta.get("clone_max"));
        return v == null ? nodes.size() : Math.max(0, Score.pacemaker(v));
    }

    /** Nodes the clone as a whole may use (Pacemaker's available nodes when it distributes instances). */
    int availableNodes(Rsc clone) {
        int available = 0;
        for (int n = 0; n < nodes.size(); n++) {
            if (canRun[n] && clone.scores.score[n] >= 0) {
                available++;
            }
        }
        return available;
    }

    static int metaInt(Rsc rsc, int fallback, String... names) {
        for (String n : names) {
            String v = rsc.meta.get(n);
            if (v != null) {
                return Score.pacemaker(v);
            }
        }
        return fallback;
    }

    /** Maps each history entry to a primitive (or clone instance) and records what runs where. */
    private void attachHistory() {
        for (ResourceHistory h : model.history()) {
            Integer node = nodeIndex.get(h.node());
            if (node == null) {
                continue;
            }
            Rsc p = resolveHistory(h, node);
            if (p != null && h.agent() != null && p.primitive != null && !p.orphan
                    && !h.agent().equals(p.primitive.agent())) {
                continue; // recorded for another agent: the resource was redefined, its past is gone
            }
            if (h.failCount() != 0 && !expired(h, p)) {
                int[] fc = failCounts.computeIfAbsent(failCountKey(h.resource()), k -> new int[nodes.size()]);
                fc[node] = Score.add(fc[node], h.failCount());
            }
            if (h.hardError() != ResourceHistory.HardError.NONE) {
                // a failed stop bans the instance that failed (an anonymous clone's other instances may still
                // run there); the agent's hard and fatal errors ban the anonymous clone as a whole
                boolean instance = h.hardError() == ResourceHistory.HardError.INSTANCE;
                Rsc banned = instance ? p : hardErrorTarget(h, p);
                if (banned != null) {
                    hardErrors.add(new HardBan(banned, h.hardError() == ResourceHistory.HardError.CLUSTER ? -1 : node,
                            instance ? "failed stop" : "hard error from the agent"));
                }
            }
            // on an unclean node a failure changes nothing: fencing stops what ran there; only the failure
            // whose on-fail=fence made the node unclean counts as one (a recovery) [process_rsc_state]
            String unclean = nodes.get(node).unclean();
            boolean clean = unclean == null;
            boolean failed = h.failed() && (clean || h.onFail() == OnFail.FENCE
                    && unclean.equals(Node.failedThere(h.resource())));
            if (p != null && clean) {
                respondToFailure(h, p, node);
            }
            if (p == null) {
                if (h.role().active()) {
                    p = orphan(h.resource());
                } else {
                    Rsc slot = inactiveSlot(h);
                    if (slot != null && !h.failCountOnly()) { // a fail-count alone says nothing of the state
                        slot.knownOn.add(node);
                    }
                    continue;
                }
            }
            if (!h.failCountOnly()) {
                p.knownOn.add(node);
            }
            if (h.role().active()) {
                if (h.migrationSource() != null && nodeIndex.containsKey(h.migrationSource())) {
                    p.partialSource = nodeIndex.get(h.migrationSource());
                    p.partialTarget = node;
                }
                p.historyNames.put(node, h.resource());
                if (!p.runningOn.contains(node)) {
                    p.runningOn.add(node);
                }
                // active on several nodes: the resource has the highest role it has anywhere
                Role role = normalise(p, h.role());
                p.role = p.runningOn.size() == 1 || role.compareTo(p.role) > 0 ? role : p.role;
                p.failed |= failed;
                p.recoverByDemote |= failed && h.onFail() == OnFail.DEMOTE;
                // a failed promote leaves the instance unpromoted for this transition (its failure role)
                p.promoteFailed |= failed && "promote".equals(h.failedOperation());
            }
        }
    }

    /**
     * What a failure's on-fail asks for beyond recovery: block leaves the resource alone, stop keeps it (an
     * anonymous clone: all of it) stopped everywhere, migrate moves it off the node, standby empties the node.
     * A failure ignored by on-fail=ignore exempts the resource from migration-threshold.
     */
    private void respondToFailure(ResourceHistory h, Rsc p, int node) {
        p.failureIgnored |= h.failureIgnored();
        if (h.onFail() == null) {
            return;
        }
        switch (h.onFail()) {
            case BLOCK -> p.blocked = true;
            case STOP -> hardErrors.add(new HardBan(hardErrorTarget(h, p), -1, "on-fail=stop"));
            case MIGRATE -> hardErrors.add(new HardBan(p, node, "on-fail=migrate"));
            case STANDBY -> canRun[node] = false;
            default -> {
            }
        }
    }

    /** Anonymous clone instances share one fail-count, whatever instance number the node recorded. */
    private String failCountKey(String id) {
        int colon = id.lastIndexOf(':');
        if (colon < 0) {
            return id;
        }
        Rsc clone = byId.get(id.substring(0, colon));
        return clone != null && clone.kind == Rsc.Kind.CLONE && !clone.uniqueClone ? id.substring(0, colon) : id;
    }

    /** An agent that cannot run on a node bans the resource there; for anonymous clones, the whole clone. */
    private Rsc hardErrorTarget(ResourceHistory h, Rsc p) {
        if (p != null) {
            return p.owningClone() != null && !p.owningClone().uniqueClone ? p.owningClone() : p;
        }
        String id = h.resource();
        Rsc r = byId.get(id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : id);
        return r != null && r.kind == Rsc.Kind.CLONE ? r : null;
    }

    private static Role normalise(Rsc p, Role role) {
        if (p.promotable()) {
            return role == Role.STARTED ? Role.UNPROMOTED : role;
        }
        // a primitive that is not promotable can still be found promoted (an agent answering 8)
        return role == Role.UNPROMOTED ? Role.STARTED : role;
    }

    private Rsc orphan(String id) {
        Rsc r = byId.get(id);
        if (r != null) {
            return r;
        }
        Primitive p = new Primitive(id, "ocf", "heartbeat", "orphan", Map.of(), Map.of(), List.of());
        r = new Rsc(id, Rsc.Kind.PRIMITIVE, null, p, new LinkedHashMap<>(model.resourceDefaults()));
        r.orphan = true;
        r.scores = new NodeScores(nodes.size(), Score.MINUS_INFINITY);
        top.add(r);
        byId.put(id, r);
        return r;
    }

    private Rsc resolveHistory(ResourceHistory h, int node) {
        Rsc direct = byId.get(h.resource());
        boolean anonymousInstance = direct != null && direct.owningClone() != null && !direct.owningClone().uniqueClone;
        if (direct != null && direct.kind == Rsc.Kind.PRIMITIVE && !anonymousInstance) {
            return direct;
        }
        String base = h.resource().contains(":") ? h.resource().substring(0, h.resource().lastIndexOf(':'))
                : h.resource();
        Rsc clone = byId.get(base);
        if (clone == null || clone.kind != Rsc.Kind.CLONE) {
            return null;
        }
        if (clone.uniqueClone && direct == null) {
            return null;
        }
        // anonymous clone: the instance already on this node (unless this member already runs there: then a
        // second copy is an orphan), else the first one active nowhere, else an orphan
        for (Rsc inst : clone.children) {
            Rsc member = memberOf(inst, base);
            if (member != null && inst.primitives().stream().anyMatch(m -> m.runningOn.contains(node))) {
                if (!member.runningOn.contains(node) || !h.role().active()) {
                    return member;
                }
            }
        }
        if (!h.role().active()) {
            return null;
        }
        for (Rsc inst : clone.children) {
            Rsc member = memberOf(inst, base);
            if (member != null && !inst.orphan && inst.primitives().stream().allMatch(m -> m.runningOn.isEmpty())) {
                return member;
            }
        }
        Rsc orphanInstance = instance(cloneChildren.get(clone), clone, clone.meta, clone.children.size());
        orphanInstance.orphan = true;
        orphanInstance.primitives().forEach(m -> m.orphan = true);
        clone.children.add(orphanInstance);
        return memberOf(orphanInstance, base);
    }

    /**
     * Where an anonymous clone's history of a resource stopped on a node goes when no instance runs there: the
     * first instance active nowhere (yet) takes it, and is known there [find_anonymous_clone's empty slot].
     */
    private Rsc inactiveSlot(ResourceHistory h) {
        String base = h.resource().contains(":") ? h.resource().substring(0, h.resource().lastIndexOf(':'))
                : h.resource();
        Rsc clone = byId.get(base);
        if (clone == null || clone.kind != Rsc.Kind.CLONE || clone.uniqueClone) {
            return null;
        }
        for (Rsc inst : clone.children) {
            Rsc member = memberOf(inst, base);
            if (member != null && !inst.orphan && !member.blocked
                    && inst.primitives().stream().allMatch(m -> m.runningOn.isEmpty())) {
                return member;
            }
        }
        return null;
    }

    private static Rsc memberOf(Rsc inst, String base) {
        for (Rsc p : inst.primitives()) {
            if (p.baseId().equals(base)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Pacemaker's failure-timeout: a fail-count whose last failure lies more than failure-timeout seconds in the
     * past has expired and counts no more (a resource that is still failed there is another matter).
     */
    private boolean expired(ResourceHistory h, Rsc p) {
        // a fail-count of an inactive anonymous clone instance belongs to no instance yet, but the clone's
        // failure-timeout still expires it [pe_get_failcount]
        if (p == null) {
            String id = h.resource();
            String base = id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : id;
            // the instances carry the cloned primitive's own meta attributes over the clone's
            p = byId.get(base + ":0");
        }
        long timeout = p == null ? 0 : p.failureTimeoutSeconds();
        return timeout > 0 && h.lastFailure() > 0 && model.now() > h.lastFailure() + timeout;
    }

    /** fail-count of a primitive on a node: per instance for unique clones, per primitive otherwise. */
    int failCount(Rsc p, int node) {
        int[] fc = failCounts.get(p.id);
        int v = fc == null ? 0 : fc[node];
        if (!p.id.equals(p.baseId()) && (p.owningClone() == null || !p.owningClone().uniqueClone)) {
            int[] base = failCounts.get(p.baseId());
            v = Score.add(v, base == null ? 0 : base[node]);
        }
        return v;
    }

    boolean anyAvailable(NodeScores s) {
        for (int n = 0; n < s.score.length; n++) {
            if (canRun[n] && s.score[n] >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Nodes where a resource is (or will be) active, in the given role if not null. */
    Set<Integer> nodesOf(Rsc r, Role role) {
        Set<Integer> out = new LinkedHashSet<>();
        switch (r.kind) {
            case PRIMITIVE -> {
                if (r.next >= 0 && (role == null || role == r.nextRole
                        || role == Role.STARTED && r.nextRole != null && r.nextRole.active())) {
                    out.add(r.next);
                }
            }
            case GROUP -> {
                if (r.next >= 0) {
                    out.add(r.next);
                }
            }
            case CLONE -> {
                for (Rsc inst : r.instanceOrder != null ? r.instanceOrder : r.children) {
                    if (inst.next >= 0 && (role == null || role == Role.STARTED || inst.nextRole == role)) {
                        out.add(inst.next);
                    }
                }
            }
        }
        return out;
    }

    Rsc find(String id) {
        return byId.get(id);
    }

    List<ColocationConstraint> colocations() {
        return model.colocations();
    }
}
