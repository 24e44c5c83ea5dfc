package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How an lrm_rsc_op history replays into a resource's role and failure, as Pacemaker's unpack does. */
class HistoryTest {
    /** One Dummy "r1" on n1 with the given op configuration, node attributes and history; now = 2_000_000_000. */
    private static ResourceHistory replay(String meta, String opConfig, String attrs, String... ops)
            throws IOException {
        return history(meta, opConfig, attrs, ops).orElseThrow();
    }

    /** r1's history on n1, if any: none when no operation there says what its state is. */
    private static java.util.Optional<ResourceHistory> history(String meta, String opConfig, String attrs,
                                                               String... ops) throws IOException {
        String cib = """
                <cib crm_feature_set="3.16.1" have-quorum="1" execution-date="2000000000">
                  <configuration>
                    <crm_config><cluster_property_set id="o">
                      <nvpair id="a" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
                    <nodes><node id="1" uname="n1"/></nodes>
                    <resources>
                      <primitive id="r1" class="ocf" provider="pacemaker" type="Dummy">
                        <meta_attributes id="m">%s</meta_attributes><operations>%s</operations></primitive>
                    </resources>
                  </configuration>
                  <status><node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member">
                    <transient_attributes id="t"><instance_attributes id="ta">%s</instance_attributes></transient_attributes>
                    <lrm id="l"><lrm_resources><lrm_resource id="r1" class="ocf" provider="pacemaker" type="Dummy">
                      %s
                    </lrm_resource></lrm_resources></lrm>
                  </node_state></status>
                </cib>""".formatted(meta, opConfig, attrs, String.join("\n", ops));
        return new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)))
                .history().stream().filter(h -> h.resource().equals("r1")).findFirst();
    }

    /** An operation: task, interval (ms), call-id, rc, expected rc; last-rc-change 1_000_000_000. */
    private static String op(String task, int interval, int callId, int rc, int expected) {
        return opAt(task, interval, callId, rc, expected, 1_000_000_000L);
    }

    private static String opAt(String task, int interval, int callId, int rc, int expected, long lastChange) {
        return ("<lrm_rsc_op id=\"r1_%s_%d_%d\" operation=\"%s\" interval=\"%d\" call-id=\"%d\" rc-code=\"%d\""
                + " op-status=\"%d\" transition-key=\"1:1:%d:x\" last-rc-change=\"%d\"/>").formatted(task, interval,
                callId, task, interval, callId, rc, rc == expected ? 0 : 4, expected, lastChange);
    }

    private static final String START = op("start", 0, 2, 0, 0);
    private static final String MONITOR_FAILED = op("monitor", 10000, 3, 1, 0);

    @Test
    void aFailedMonitorIsClearedOnlyByThatMonitorPassing() throws IOException {
        assertThat(replay("", "", "", START, MONITOR_FAILED).failed()).isTrue();
        assertThat(replay("", "", "", START, MONITOR_FAILED, op("monitor", 10000, 4, 0, 0)).failed()).isFalse();
        // a probe that finds it running is another operation: the failure still counts
        assertThat(replay("", "", "", START, MONITOR_FAILED, op("monitor", 0, 4, 0, 7)).failed()).isTrue();
        // a probe that finds it stopped clears it
        ResourceHistory stopped = replay("", "", "", START, MONITOR_FAILED, op("monitor", 0, 4, 7, 7));
        assertThat(stopped.failed()).isFalse();
        assertThat(stopped.role()).isEqualTo(Role.STOPPED);
    }

    @Test
    void aSuccessfulStopAfterAFailedStartLeavesItStoppedAndClean() throws IOException {
        ResourceHistory h = replay("", "", "", op("start", 0, 2, 1, 0), op("stop", 0, 3, 0, 0));
        assertThat(h.role()).isEqualTo(Role.STOPPED);
        assertThat(h.onFail()).isNull();
    }

    @Test
    void theMostSevereResponseCountsAndStopIsNeverCleared() throws IOException {
        String config = "<op id=\"o1\" name=\"monitor\" interval=\"10s\" on-fail=\"stop\"/>";
        ResourceHistory h = replay("", config, "", START, MONITOR_FAILED, op("start", 0, 4, 0, 0));
        assertThat(h.onFail()).isEqualTo(OnFail.STOP);
        assertThat(h.role()).isEqualTo(Role.STARTED);
    }

    @Test
    void onFailIgnorePretendsTheOperationSucceeded() throws IOException {
        String config = "<op id=\"o1\" name=\"monitor\" interval=\"10s\" on-fail=\"ignore\"/>";
        ResourceHistory h = replay("", config, "", START, MONITOR_FAILED);
        assertThat(h.failed()).isFalse();
        assertThat(h.failureIgnored()).isTrue();
        assertThat(h.role()).isEqualTo(Role.STARTED);
    }

    @Test
    void opDefaultsGiveTheResponseAndAFailedStopBlocksWithoutFencing() throws IOException {
        assertThat(replay("", "", "", START, op("stop", 0, 3, 1, 0)).onFail()).isEqualTo(OnFail.BLOCK);
        // standby is not allowed for a stop: the default applies
        String config = "<op id=\"o1\" name=\"stop\" interval=\"0\" on-fail=\"standby\"/>";
        assertThat(replay("", config, "", START, op("stop", 0, 3, 1, 0)).onFail()).isEqualTo(OnFail.BLOCK);
    }

    @Test
    void aFailedStopBansTheInstanceAHardErrorTheWholeResource() throws IOException {
        // __stop_fail__ is placed on the instance that failed; hard-error on an anonymous clone as a whole
        assertThat(replay("", "", "", START, op("stop", 0, 3, 1, 0)).hardError())
                .isEqualTo(ResourceHistory.HardError.INSTANCE);
        assertThat(replay("", "", "", op("start", 0, 2, 5, 0)).hardError()).isEqualTo(ResourceHistory.HardError.NODE);
    }

    @Test
    void aFailureOlderThanFailureTimeoutWithAnExpiredFailCountNoLongerCounts() throws IOException {
        String meta = "<nvpair id=\"ft\" name=\"failure-timeout\" value=\"60s\"/>";
        String fc = "<nvpair id=\"f\" name=\"fail-count-r1#monitor_10000\" value=\"1\"/>"
                + "<nvpair id=\"l\" name=\"last-failure-r1#monitor_10000\" value=\"1000000000\"/>";
        assertThat(replay(meta, "", fc, START, MONITOR_FAILED).failed()).isFalse();
        // the same failure a moment ago still counts
        assertThat(replay(meta, "", fc, START, opAt("monitor", 10000, 3, 1, 0, 1_999_999_990L)).failed()).isTrue();
        // and so does an op configured on-fail=block, whatever failure-timeout says
        String block = "<op id=\"o1\" name=\"monitor\" interval=\"10s\" on-fail=\"block\"/>";
        assertThat(replay(meta, block, fc, START, MONITOR_FAILED).onFail()).isEqualTo(OnFail.BLOCK);
    }

    @Test
    void aProbeThatFindsTheAgentMissingMeansStoppedAndBanned() throws IOException {
        ResourceHistory h = replay("", "", "", op("monitor", 0, 1, 5, 7));
        assertThat(h.role()).isEqualTo(Role.STOPPED);
        assertThat(h.hardError()).isEqualTo(ResourceHistory.HardError.NODE);
    }

    @Test
    void aPendingOperationReplaysLast() throws IOException {
        String pending = "<lrm_rsc_op id=\"r1_start_p\" operation=\"start\" interval=\"0\" call-id=\"-1\" rc-code=\"0\""
                + " op-status=\"-1\" transition-key=\"1:1:0:x\"/>";
        ResourceHistory h = replay("", "", "", pending, op("monitor", 0, 1, 7, 7));
        assertThat(h.pending()).isTrue();
        assertThat(h.role()).isEqualTo(Role.STARTED);
    }

    @Test
    void failCountsAreReadInTheNamingOfTheCibsFeatureSet() throws IOException {
        String perResource = "<nvpair id=\"f\" name=\"fail-count-r1\" value=\"3\"/>";
        String perOp = "<nvpair id=\"f\" name=\"fail-count-r1#start_0\" value=\"2\"/>";
        assertThat(replay("", "", perResource, START).failCount()).isZero();
        assertThat(replay("", "", perOp, START).failCount()).isEqualTo(2);
    }

    @Test
    void aStopRefusedWithAHardErrorBlocksEvenWhenItHasExpiredOrOnFailSaysOtherwise() throws IOException {
        // rc 2 (invalid parameter) from a stop, no fencing: nothing can recover it, whatever on-fail and
        // failure-timeout say (s1-141, differential/failed-stop-hard-error-expired-blocks)
        String expiredStop = opAt("stop", 0, 3, 2, 0, 1_999_999_000L);
        // (the expired stop is ignored: with no other record here it is stopped, and stays so)
        ResourceHistory expired = replay("<nvpair id=\"ft\" name=\"failure-timeout\" value=\"60s\"/>", "", "",
                expiredStop);
        assertThat(expired.role()).isEqualTo(Role.STOPPED);
        assertThat(expired.onFail()).isEqualTo(OnFail.BLOCK);
        String restart = "<op id=\"o1\" name=\"stop\" interval=\"0\" on-fail=\"restart\"/>";
        ResourceHistory configured = replay("", restart, "", START, op("stop", 0, 3, 2, 0));
        assertThat(configured.onFail()).isEqualTo(OnFail.BLOCK);
        assertThat(configured.failed()).isTrue();
        // a soft error (rc 1) from the same stop with on-fail=restart is recovered as configured
        assertThat(replay("", restart, "", START, op("stop", 0, 3, 1, 0)).onFail()).isEqualTo(OnFail.RESTART);
    }

    @Test
    void aResourceWhoseEveryOperationExpiredIsNotKnownOnTheNodeUnlessAResultGaveItARole() throws IOException {
        // seed 7 cluster 145: a pending promote older than failure-timeout is ignored, nothing else is recorded:
        // the state there is unknown (probed again, its promotion score does not count there)
        String meta = "<nvpair id=\"ft\" name=\"failure-timeout\" value=\"60s\"/>";
        String pendingPromote = "<lrm_rsc_op id=\"r1_promote_p\" operation=\"promote\" interval=\"0\" call-id=\"-1\""
                + " rc-code=\"193\" op-status=\"-1\" transition-key=\"1:1:0:x\" last-rc-change=\"1000000000\"/>";
        assertThat(history(meta, "", "", pendingPromote)).isEmpty();
        // an expired probe that found it failed promoted still says it is promoted [remap_operation first]
        assertThat(history(meta, "", "", op("monitor", 0, 1, 9, 7)).orElseThrow().role()).isEqualTo(Role.PROMOTED);
    }
}
