package dev.baton.agent.daemon;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class FailsafeTest {
    static final byte[] SECRET = "a shared secret of enough bytes".getBytes(StandardCharsets.UTF_8);
    static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static InetSocketAddress at(Failsafe f) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port());
    }

    @Test
    void globalOutageOnlyWhenEveryPeerAnswersThatItIsCutOffToo() throws Exception {
        AtomicBoolean peer2Api = new AtomicBoolean(false);
        try (Failsafe me = new Failsafe("c1", SECRET, ANY, () -> false);
             Failsafe p2 = new Failsafe("c2", SECRET, ANY, peer2Api::get);
             Failsafe p3 = new Failsafe("c3", SECRET, ANY, () -> false)) {
            Map<String, InetSocketAddress> peers = Map.of("c2", at(p2), "c3", at(p3));
            assertThat(me.ask(peers, 300)).isEqualTo(Failsafe.Verdict.GLOBAL_OUTAGE);
            peer2Api.set(true);
            assertThat(me.ask(peers, 300)).as("a peer reaches the API").isEqualTo(Failsafe.Verdict.ISOLATED);
            peer2Api.set(false);
            p3.close();
            assertThat(me.ask(peers, 300)).as("a peer does not answer").isEqualTo(Failsafe.Verdict.ISOLATED);
            assertThat(me.ask(Map.of(), 300)).as("no peers to vouch for an outage").isEqualTo(Failsafe.Verdict.ISOLATED);
        }
    }

    @Test
    void answersUnderAnotherSecretOrFromAnotherNodeDoNotCount() throws Exception {
        byte[] other = "another secret, just as long....".getBytes(StandardCharsets.UTF_8);
        try (Failsafe me = new Failsafe("c1", SECRET, ANY, () -> false);
             Failsafe forger = new Failsafe("c2", other, ANY, () -> false);
             Failsafe honest = new Failsafe("c3", SECRET, ANY, () -> false)) {
            assertThat(me.ask(Map.of("c2", at(forger)), 300)).isEqualTo(Failsafe.Verdict.ISOLATED);
            // c3 answers under its own name: it does not vouch for "c2"
            assertThat(me.ask(Map.of("c2", at(honest)), 300)).isEqualTo(Failsafe.Verdict.ISOLATED);
            assertThat(me.ask(Map.of("c3", at(honest)), 300)).isEqualTo(Failsafe.Verdict.GLOBAL_OUTAGE);
        }
    }
}
