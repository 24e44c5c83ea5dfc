package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code import}: the field report's crm configuration gives the sample, and --apply stores it all or nothing. */
@ExtendWith(KubeApi.class)
class ImportCommandTest {
    private static final String[] SEED_IMPORT = {"import", "--crm", "samples/openstack-controllers/seed.crm",
        "--node", "compute-1", "--node", "compute-2", "--cluster-name", "openstack"};

    private final KubeApi.Env env;

    ImportCommandTest(KubeApi.Env env) {
        this.env = env;
    }

    private Path repo(String path) {
        return env.repo().resolve(path);
    }

    private String[] seedImport(String... more) {
        String[] args = SEED_IMPORT.clone();
        args[2] = repo(args[2]).toString();
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    /** kind/name → spec of every baton.dev object in a file or directory of YAML. */
    private static Map<String, Object> specs(Path yaml) throws Exception {
        Map<String, Object> specs = new LinkedHashMap<>();
        for (Map<String, Object> d : ModelSource.yamlDocuments(yaml)) {
            Object name = ((Map<?, ?>) d.get("metadata")).get("name");
            Object previous = specs.put(d.get("kind") + "/" + name, d.get("spec"));
            assertThat(previous).as("%s/%s twice", d.get("kind"), name).isNull();
        }
        return specs;
    }

    @Test
    void theSeedsCrmConfigurationGivesTheSample(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("seed.yaml");
        var r = CliRun.run(seedImport("-f", out.toString()));
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("""
                renamed (not a DNS-1123 name): vip_and_www -> vip-and-www
                renamed (not a DNS-1123 name): vip_and_www_order -> vip-and-www-order
                """);
        Map<String, Object> imported = specs(out);
        Map<String, Object> sample = specs(repo("samples/openstack-controllers"));
        assertThat(imported.keySet()).containsExactlyInAnyOrderElementsOf(sample.keySet());
        sample.forEach((object, spec) -> assertThat(imported.get(object)).as(object).isEqualTo(spec));
    }

    /**
     * stonith-watchdog-timeout becomes stonithWatchdogTimeout, which the API server takes, and the imported files
     * simulate a failed node fenced by its watchdog (no device), as crm_simulate would with sbd.
     */
    @Test
    void stonithWatchdogTimeoutIsImportedAndFencesAFailedNodeInSimulate(@TempDir Path dir) throws Exception {
        Path crm = dir.resolve("watchdog.crm");
        Files.writeString(crm, Files.readString(repo("samples/openstack-controllers/seed.crm"))
                .replace("property stonith-enabled=false", "property stonith-enabled=true\n"
                        + "property stonith-watchdog-timeout=10s"));
        Path out = dir.resolve("watchdog.yaml");
        var r = CliRun.run("import", "crm", crm.toString(), "--node", "compute-1", "--node", "compute-2",
                "--cluster-name", "openstack", "-f", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) specs(out).get("HACluster/openstack"))
                .get("properties");
        assertThat(props).containsEntry("stonithWatchdogTimeout", "10s").containsEntry("stonithEnabled", true);
        var dryRun = env.kubectl("apply", "--dry-run=server", "-f", out.toString());
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        var sim = CliRun.run("simulate", "--from", out.toString(), "--node-fail", "compute-1");
        assertThat(sim.exit()).as(sim.out() + sim.err()).isZero();
        assertThat(sim.out()).containsPattern("\\* Fence \\(reboot\\) compute-1");
    }

    @Test
    void crmConfigureLoadsWordsWorkToo(@TempDir Path dir) throws Exception {
        Path byOption = dir.resolve("option.yaml");
        Path byWords = dir.resolve("words.yaml");
        assertThat(CliRun.run(seedImport("-f", byOption.toString())).exit()).isZero();
        var r = CliRun.run("import", "crm", repo("samples/openstack-controllers/seed.crm").toString(), "--node",
                "compute-1", "--node", "compute-2", "--cluster-name", "openstack", "-f", byWords.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(byWords)).isEqualTo(Files.readString(byOption));

        var noFile = CliRun.run("import", "crm");
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).isEqualTo("error: import crm needs the FILE to read (e.g. import crm cluster.crm)\n");
        var twice = CliRun.run("import", "cib", "a.xml", "--crm", "b.crm");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).startsWith("error: give the configuration once: 'cib a.xml'").hasLineCount(1);
        var none = CliRun.run("import", "--node", "n1");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: which configuration?").hasLineCount(1);
        var wrongForm = CliRun.run("import", "xml", "a.xml");
        assertThat(wrongForm.exit()).isEqualTo(2);
        assertThat(wrongForm.err()).contains("crm").hasLineCount(1);
    }

    @Test
    void applyStoresTheSampleWithOneFieldManager() throws Exception {
        var dry = CliRun.kube(env, seedImport("--apply", "--dry-run=server"));
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("primitive.baton.dev/vip serverside-applied (server dry run)\n");
        assertThat(env.client().genericKubernetesResources("baton.dev/v1alpha1", "Primitive").withName("vip").get())
                .as("a server dry run stores nothing").isNull();

        var r = CliRun.kube(env, seedImport("--apply"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("vip_and_www -> vip-and-www");
        Map<String, Object> sample = specs(repo("samples/openstack-controllers"));
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(sample.size()).contains("hacluster.baton.dev/openstack serverside-applied",
                "primitive.baton.dev/vip serverside-applied", "orderconstraint.baton.dev/vip-and-www-order serverside-applied");
        for (var e : sample.entrySet()) {
            String[] kindName = e.getKey().split("/");
            GenericKubernetesResource stored = env.client().genericKubernetesResources("baton.dev/v1alpha1", kindName[0])
                    .withName(kindName[1]).get();
            assertThat(stored).as(e.getKey() + " exists").isNotNull();
            assertThat(stored.getAdditionalProperties().get("spec")).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(stored.getMetadata().getManagedFields())
                    .anyMatch(f -> f.getManager().equals(ImportCommand.FIELD_MANAGER) && f.getOperation().equals("Apply"));
        }
    }

    @Test
    void rscTicketsAndTicketStatesBecomeTicketsAndTicketConstraintsTheApiServerTakes(@TempDir Path dir)
            throws Exception {
        String cib = repo("cli/src/test/resources/golden/tickets/tickets.xml").toString();
        Path out = dir.resolve("tickets.yaml");
        var r = CliRun.run("import", "cib", cib, "--cluster-name", "lab", "-f", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Object> specs = specs(out);
        assertThat(specs).containsEntry("Ticket/site-a", Map.of("granted", true))
                .containsEntry("Ticket/site-b", Map.of("granted", true))
                .containsEntry("TicketConstraint/www-needs-site-a",
                        Map.of("ticket", "site-a", "resource", "www", "lossPolicy", "stop"))
                // a resource set's members are named by the set, as the CIB names them
                .containsEntry("TicketConstraint/nova-network-needs-site-b-set",
                        Map.of("ticket", "site-b", "resource", "nova-network", "lossPolicy", "freeze"));
        // vip's instance attributes are params only (written as meta too, the API server refused them)
        assertThat(((Map<?, ?>) specs.get("Primitive/vip")).containsKey("meta")).isFalse();

        var applied = CliRun.kube(env, "import", "cib", cib, "--cluster-name", "lab", "--apply");
        try {
            assertThat(applied.exit()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("ticket.baton.dev/site-a serverside-applied",
                    "ticketconstraint.baton.dev/www-needs-site-a serverside-applied");
            assertThat(env.client().resources(dev.baton.api.v1alpha1.Ticket.class).withName("site-a").get().getSpec()
                    .granted).isTrue();
        } finally {
            // the namespace is the class's: the other tests expect it empty
            applied.out().lines().map(l -> l.split(" ")[0].split("/")).filter(k -> k.length == 2).forEach(k ->
                    env.client().genericKubernetesResources("baton.dev/v1alpha1", kind(k[0])).withName(k[1]).delete());
        }

        Path crm = dir.resolve("tickets.crm");
        Files.writeString(crm, """
                primitive db ocf:heartbeat:Dummy
                primitive app lsb:app
                primitive vip ocf:heartbeat:IPaddr2 params ip=198.51.100.7
                ms db-clone db
                rsc_ticket app_and_vip_need_site_a site-a: app vip loss-policy=fence
                rsc_ticket db_needs_site_a site-a: db-clone:Master loss-policy=demote
                """);
        Path fromCrm = dir.resolve("crm.yaml");
        var c = CliRun.run("import", "crm", crm.toString(), "--node", "n1", "-f", fromCrm.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err()).doesNotContain("not supported");
        assertThat(specs(fromCrm)).as("crm configure holds no ticket state: not granted")
                .containsEntry("Ticket/site-a", Map.of("granted", false))
                .containsEntry("TicketConstraint/app-and-vip-need-site-a",
                        Map.of("ticket", "site-a", "resources", List.of("app", "vip"), "lossPolicy", "fence"))
                .containsEntry("TicketConstraint/db-needs-site-a",
                        Map.of("ticket", "site-a", "resource", "db-clone", "role", "Promoted", "lossPolicy", "demote"));
    }

    @Test
    void aFencingTopologyBecomesTheHAClustersFencingTopologyTheApiServerTakes(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("topology.xml");
        Files.writeString(cib, """
                <cib validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
                  <configuration>
                    <crm_config><cluster_property_set id="o">
                      <nvpair id="o-1" name="stonith-enabled" value="true"/>
                      <nvpair id="o-2" name="priority-fencing-delay" value="15s"/>
                    </cluster_property_set></crm_config>
                    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
                    <resources>
                      <primitive id="ipmi_1" class="stonith" type="fence_ipmilan"/>
                      <primitive id="psu_a" class="stonith" type="fence_apc"/>
                      <primitive id="psu_b" class="stonith" type="fence_apc"/>
                    </resources>
                    <constraints/>
                    <fencing-topology>
                      <fencing-level id="l1" target="node1" index="1" devices="ipmi_1"/>
                      <fencing-level id="l2" target="node1" index="2" devices="psu_a,psu_b"/>
                      <fencing-level id="l3" target-pattern="^node[2-9]$" index="1" devices="psu_a"/>
                      <fencing-level id="l4" target-attribute="rack" target-value="r2" index="1" devices="psu_b"/>
                    </fencing-topology>
                  </configuration>
                  <status/>
                </cib>
                """);
        Path out = dir.resolve("topology.yaml");
        var r = CliRun.run("import", "cib", cib.toString(), "--cluster-name", "lab", "-f", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("not supported");
        Map<?, ?> cluster = (Map<?, ?>) specs(out).get("HACluster/lab");
        assertThat(cluster.get("fencingTopology")).isEqualTo(List.of(
                Map.of("index", 1, "target", "node1", "devices", List.of("ipmi-1")),
                Map.of("index", 2, "target", "node1", "devices", List.of("psu-a", "psu-b")),
                Map.of("index", 1, "targetPattern", "^node[2-9]$", "devices", List.of("psu-a")),
                Map.of("index", 1, "targetAttribute", "rack", "targetValue", "r2", "devices", List.of("psu-b"))));
        assertThat(((Map<?, ?>) cluster.get("properties")).get("priorityFencingDelay")).isEqualTo("15s");
        var dry = CliRun.kube(env, "import", "cib", cib.toString(), "--cluster-name", "lab", "--apply",
                "--dry-run=server");
        assertThat(dry.exit()).as(dry.err()).isZero();

        Path crm = dir.resolve("topology.crm");
        Files.writeString(crm, """
                node node1
                node node2
                primitive ipmi_1 stonith:fence_ipmilan
                primitive psu_a stonith:fence_apc
                primitive psu_b stonith:fence_apc
                fencing_topology \\
                    node1: ipmi_1 psu_a,psu_b \\
                    attr:rack=r2 psu_b
                """);
        Path fromCrm = dir.resolve("crm.yaml");
        var c = CliRun.run("import", "crm", crm.toString(), "--cluster-name", "lab", "-f", fromCrm.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err()).doesNotContain("not supported");
        assertThat(((Map<?, ?>) specs(fromCrm).get("HACluster/lab")).get("fencingTopology")).isEqualTo(List.of(
                Map.of("index", 1, "target", "node1", "devices", List.of("ipmi-1")),
                Map.of("index", 2, "target", "node1", "devices", List.of("psu-a", "psu-b")),
                Map.of("index", 1, "targetAttribute", "rack", "targetValue", "r2", "devices", List.of("psu-b"))));
        // without a target: the levels are every node's
        Files.writeString(crm, "node node1\nnode node2\nfencing_topology ipmi_1 poison_pill\n");
        var all = CliRun.run("import", "crm", crm.toString(), "--cluster-name", "lab", "-f", fromCrm.toString());
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(((Map<?, ?>) specs(fromCrm).get("HACluster/lab")).get("fencingTopology")).isEqualTo(List.of(
                Map.of("index", 1, "target", "node1", "devices", List.of("ipmi-1")),
                Map.of("index", 2, "target", "node1", "devices", List.of("poison-pill")),
                Map.of("index", 1, "target", "node2", "devices", List.of("ipmi-1")),
                Map.of("index", 2, "target", "node2", "devices", List.of("poison-pill"))));
    }

    /** "ticketconstraint.baton.dev" → "TicketConstraint": the kind of Baton's API with that lower-case name. */
    private static String kind(String resource) {
        String lower = resource.substring(0, resource.indexOf('.'));
        return dev.baton.api.v1alpha1.Baton.KINDS.stream().map(io.fabric8.kubernetes.api.model.HasMetadata::getKind)
                .filter(k -> k.toLowerCase(java.util.Locale.ROOT).equals(lower)).findFirst().orElseThrow();
    }

    @Test
    void oneRejectedObjectAppliesNothing(@TempDir Path dir) throws Exception {
        Path crm = dir.resolve("bad.crm");
        // the last object is the bad one: the objects before it pass, and must not be stored either
        Files.writeString(crm, """
                primitive db ocf:heartbeat:Dummy op monitor interval=10s
                primitive app lsb:app
                colocation app_with_db inf: app db
                order db_before_db inf: db db
                """);
        var r = CliRun.kube(env, "import", "--crm", crm.toString(), "--node", "n1", "--apply");
        assertThat(r.exit()).isEqualTo(1);
        List<String> errors = r.err().lines().filter(l -> !l.startsWith("renamed")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: orderconstraint.baton.dev/db-before-db rejected: ")
                .contains("spec.then", "a resource cannot be ordered after itself", "nothing applied");
        assertThat(r.out()).isEmpty();
        for (String kind : List.of("HACluster", "HANode", "Primitive", "ColocationConstraint", "OrderConstraint")) {
            assertThat(env.client().genericKubernetesResources("baton.dev/v1alpha1", kind).list().getItems())
                    .extracting(o -> o.getMetadata().getName())
                    .as(kind).doesNotContain("cluster", "n1", "db", "app", "app-with-db", "db-before-db");
        }
    }

    @Test
    void fieldsOfAnotherManagerAreTakenOverOnlyWhenForced(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("cvip.yaml");
        Files.writeString(mine, """
                apiVersion: baton.dev/v1alpha1
                kind: Primitive
                metadata: {name: cvip}
                spec: {class: ocf, provider: heartbeat, type: IPaddr2, params: {ip: 198.51.100.8}}
                """);
        assertThat(env.kubectl("apply", "--server-side", "-f", mine.toString()).exitCode()).isZero();
        Path crm = dir.resolve("cvip.crm");
        Files.writeString(crm, "primitive cvip ocf:heartbeat:IPaddr2 params ip=198.51.100.7\n");

        var refused = CliRun.kube(env, "import", "--crm", crm.toString(), "--cluster-name", "conflicts", "--apply");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: primitive.baton.dev/cvip rejected: ").contains("conflict",
                ".spec.params.ip", "--force-conflicts", "nothing applied");
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(ip()).isEqualTo("198.51.100.8");
        assertThat(env.client().genericKubernetesResources("baton.dev/v1alpha1", "HACluster").withName("conflicts").get())
                .as("nothing applied").isNull();

        var forced = CliRun.kube(env, "import", "--crm", crm.toString(), "--cluster-name", "conflicts", "--apply",
                "--force-conflicts");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(ip()).isEqualTo("198.51.100.7");
    }

    private Object ip() {
        Map<?, ?> spec = (Map<?, ?>) env.client().genericKubernetesResources("baton.dev/v1alpha1", "Primitive")
                .withName("cvip").get().getAdditionalProperties().get("spec");
        return ((Map<?, ?>) spec.get("params")).get("ip");
    }

    @Test
    void dryRunWithoutApplyIsOneLine() {
        var r = CliRun.run(seedImport("--dry-run=server"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --dry-run and --force-conflicts need --apply\n");
    }

    @Test
    void clientDryRunListsWithoutAServer() {
        var r = CliRun.run(seedImport("--apply", "--dry-run=client", "--kubeconfig", "/nonexistent"));
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(10).contains("locationconstraint.baton.dev/compute-1 serverside-applied (dry run)");
    }
}
