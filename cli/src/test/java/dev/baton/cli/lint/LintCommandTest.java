package dev.baton.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import dev.baton.testsupport.KubeApi;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeApi.class)
class LintCommandTest {
    private static String repo(String path) {
        return Path.of(System.getProperty("baton.repo"), path).toString();
    }

    @Test
    void findsTheFieldReportsFlawsInTheSeedSample() {
        var r = CliRun.run("lint", "--from", repo("samples/openstack-controllers"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("warning: Primitive/nova-network: its failure will not move the VIP vip: no group or"
                        + " colocation ties it to vip, so it shares vip's node only by chance")
                .contains("fix: put nova-network in a ResourceGroup")
                .contains("warning: Primitive/vip: vip prefers compute-1 over compute-2 by 100 but its effective"
                        + " resource-stickiness is 0")
                .contains("error: HACluster/openstack: two nodes, no-quorum-policy ignore and stonith disabled")
                .endsWith("1 error, 2 warnings\n");
        // www is tied to the VIP by its colocation: only nova-network is reported
        assertThat(r.out()).doesNotContain("Primitive/www");
    }

    @Test
    void twoNodesWithoutFencingAreNoErrorOnceAFenceDeviceIsConfigured(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        try (var files = java.nio.file.Files.list(Path.of(repo("samples/openstack-controllers")))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        var without = CliRun.run("lint", "--from", dir.toString());
        assertThat(without.out()).contains("error: HACluster/openstack: two nodes, no-quorum-policy ignore and stonith disabled");
        java.nio.file.Files.writeString(dir.resolve("fence.yaml"), """
                apiVersion: baton.dev/v1alpha1
                kind: Primitive
                metadata: {name: fence-ipmi}
                spec:
                  class: stonith
                  type: fence_ipmilan
                  params: {ip: 198.51.100.200, username: admin, pcmk_host_list: "compute-1 compute-2"}
                """);
        var with = CliRun.run("lint", "--from", dir.toString());
        assertThat(with.out()).doesNotContain("stonith disabled").doesNotContain("error:");
        assertThat(with.exit()).as(with.out()).isNotEqualTo(2);
    }

    @Test
    void twoNodesWithoutFencingAreNoErrorOnceAWatchdogIsConfigured(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        try (var files = java.nio.file.Files.list(Path.of(repo("samples/openstack-controllers")))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path cluster = dir.resolve("cluster.yaml");
        String yaml = java.nio.file.Files.readString(cluster);
        assertThat(yaml).contains("    stonithEnabled: false");
        java.nio.file.Files.writeString(cluster, yaml.replace("    stonithEnabled: false",
                "    stonithEnabled: false\n    stonithWatchdogTimeout: 0s"));
        assertThat(CliRun.run("lint", "--from", dir.toString()).out()).as("0 is off")
                .contains("error: HACluster/openstack: two nodes, no-quorum-policy ignore and stonith disabled")
                .contains("or set stonithWatchdogTimeout");
        java.nio.file.Files.writeString(cluster, yaml.replace("    stonithEnabled: false",
                "    stonithEnabled: false\n    stonithWatchdogTimeout: 10s"));
        var with = CliRun.run("lint", "--from", dir.toString());
        assertThat(with.out()).doesNotContain("stonith disabled").doesNotContain("error:");
    }

    @Test
    void ticketConstraintsOnAMissingResourceOrTicketOrFencingWithoutStonith(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("tickets.yaml"), """
                apiVersion: baton.dev/v1alpha1
                kind: HACluster
                metadata: {name: lab}
                spec: {properties: {stonithEnabled: false}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Primitive
                metadata: {name: web}
                spec: {class: lsb, type: web, operations: [{name: monitor, interval: 10s}]}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Ticket
                metadata: {name: site-a}
                spec: {granted: true}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: TicketConstraint
                metadata: {name: web-needs-site-a}
                spec: {ticket: site-a, resource: web}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: TicketConstraint
                metadata: {name: set-needs-site-b}
                spec: {ticket: site-b, resources: [web, ghost], lossPolicy: fence}
                """);
        var r = CliRun.run("lint", "--from", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("error: TicketConstraint/set-needs-site-b: resource ghost is not a Primitive,"
                        + " ResourceGroup or Clone: the constraint is left out")
                .contains("warning: TicketConstraint/set-needs-site-b: no Ticket site-b: a ticket no one granted is not"
                        + " granted, so web, ghost never start")
                .contains("fix: grant it when this site should run them: kubectl baton ticket grant site-b --force")
                .contains("warning: TicketConstraint/set-needs-site-b: lossPolicy fence with stonith disabled")
                .doesNotContain("TicketConstraint/web-needs-site-a");
    }

    @Test
    void theFixedSampleAndTheDatabaseSampleAreClean() {
        for (String dir : new String[] {"samples/openstack-controllers-fixed", "samples/database-failover"}) {
            var r = CliRun.run("lint", "--from", repo(dir));
            assertThat(r.out()).as(dir).isEqualTo("no problems found\n");
            assertThat(r.exit()).as(dir).isZero();
        }
    }

    @Test
    void findsEveryOtherFlawWithItsFix() {
        var r = CliRun.run("lint", "--from", repo("cli/src/test/resources/lint/flawed"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out())
                .contains("error: Clone/db: db prefers node-a over node-b by 100 but its effective resource-stickiness is 1")
                .contains("the old primary is promoted again over newer writes")
                .contains("error: Primitive/vip: ocf:heartbeat:IPaddr2 has no parameter 'ipaddr'")
                .contains("error: Primitive/vip: required parameter 'ip' of ocf:heartbeat:IPaddr2 is missing")
                .contains("warning: Primitive/cron: no monitor operation")
                .contains("error: Primitive/cron: LSB init scripts take no parameters, but it sets mode")
                .contains("warning: OrderConstraint/db-before-vip: vip must start after db")
                .contains("warning: LocationConstraint/cli-ban-vip-on-node-b: left behind by a move or ban: it keeps vip off node-b")
                .contains("  fix: kubectl baton resource clear vip")
                .contains("warning: Primitive/vip: operation monitor interval is 10 without a unit")
                .contains("warning: HACluster/flawed: defaultActionTimeout is 60 without a unit")
                .endsWith("4 errors, 5 warnings\n");
        // a cloned service runs on every node: it is not expected to follow the VIP
        assertThat(r.out()).doesNotContain("Primitive/cron: its failure will not move the VIP");
    }

    @Test
    void warningsOnlyExitOne() {
        var r = CliRun.run("lint", "--from", repo("cli/src/test/resources/lint/flawed/../../status/cluster.yaml"));
        assertThat(r.out()).contains("warning: LocationConstraint/cli-prefer-vip").endsWith("0 errors, 1 warning\n");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void lintsTheLiveClusterToo(KubeApi.Env env) {
        assertThat(env.kubectl("apply", "-f", repo("samples/openstack-controllers")).exitCode()).isZero();
        var live = CliRun.kube(env, "lint");
        var files = CliRun.run("lint", "--from", repo("samples/openstack-controllers"));
        assertThat(live.exit()).isEqualTo(2);
        assertThat(live.out()).isEqualTo(files.out());
    }

    @Test
    void aMissingDirectoryIsOneLine() {
        var r = CliRun.run("lint", "--from", "/nonexistent/dir");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: /nonexistent/dir does not exist (--from takes a directory or a YAML file)\n");
    }
}
