package dev.baton.agent.daemon;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The failsafe peer check of DESIGN section 6, agent to agent over UDP on the controllers' own network.
 * Each message carries an HMAC-SHA256 under the cluster's shared secret; an answer must echo the
 * question's random nonce, so neither can be forged or replayed. A node that cannot renew its lease
 * asks every peer "can you reach the API?"; only if every peer answers and every one says no is it a
 * global outage.
 * <p>
 * Timing (R = renew interval, D = lease duration): a node asks once its last successful renewal was
 * sent D - R ago; a peer says "I reach the API" while its own last successful renewal was sent less
 * than 2R ago. When the API goes away for everyone at T, the asker's last success is at most R before
 * T, so it asks at T + D - 2R or later (T + 1 s with the defaults), when every peer's last success is
 * at least 2R old: all answer "cut off". Any doubt errs towards "reachable", hence isolation and a
 * stop: freezing while actually isolated could leave two holders.
 */
public final class Failsafe implements AutoCloseable {
    private static final String MAGIC = "BATON1";
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Verdict {
        /** Every peer answered and none reaches the API: freeze, keep what runs. */
        GLOBAL_OUTAGE,
        /** A peer reaches the API, or a peer did not answer: this node is the isolated one. */
        ISOLATED
    }

    private final String node;
    private final byte[] secret;
    private final DatagramSocket socket;
    private final BooleanSupplier apiReachable;
    private final Thread responder;

    /** Listens on bind; answers with apiReachable's current value. */
    public Failsafe(String node, byte[] secret, InetSocketAddress bind, BooleanSupplier apiReachable) throws IOException {
        if (secret.length < 16) {
            throw new IllegalArgumentException("failsafe secret must be at least 16 bytes");
        }
        this.node = node;
        this.secret = secret.clone();
        this.apiReachable = apiReachable;
        this.socket = new DatagramSocket(bind);
        this.responder = new Thread(this::serve, "failsafe-responder");
        responder.setDaemon(true);
        responder.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Asks all peers at once; a peer that gives no valid answer within timeoutMs counts as unreachable. */
    public Verdict ask(Map<String, InetSocketAddress> peers, long timeoutMs) {
        if (peers.isEmpty()) {
            return Verdict.ISOLATED;
        }
        List<CompletableFuture<Boolean>> answers = peers.entrySet().stream()
                .map(p -> CompletableFuture.supplyAsync(() -> peerCutOff(p.getKey(), p.getValue(), timeoutMs)))
                .toList();
        boolean all = answers.stream().allMatch(CompletableFuture::join);
        return all ? Verdict.GLOBAL_OUTAGE : Verdict.ISOLATED;
    }

    /** True only if the peer answered authentically that it cannot reach the API either. */
    private boolean peerCutOff(String peer, InetSocketAddress addr, long timeoutMs) {
        String nonce = HexFormat.of().formatHex(randomBytes());
        String q = MAGIC + " Q " + node + " " + nonce;
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] out = sign(q).getBytes(StandardCharsets.UTF_8);
            byte[] buf = new byte[512];
            // two sends: a single lost datagram must not make a global outage look like isolation
            for (int attempt = 0; attempt < 2; attempt++) {
                s.send(new DatagramPacket(out, out.length, addr));
                long attemptEnd = System.nanoTime() + timeoutMs * 500_000;
                long left;
                while ((left = (attemptEnd - System.nanoTime()) / 1_000_000) > 0) {
                    s.setSoTimeout((int) left);
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    try {
                        s.receive(in);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    String[] f = verified(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8));
                    if (f != null && f.length == 5 && f[1].equals("A") && f[2].equals(peer) && f[3].equals(nonce)) {
                        return f[4].equals("0");
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                String[] f = verified(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8));
                if (f == null || f.length != 4 || !f[1].equals("Q")) {
                    continue;
                }
                String a = MAGIC + " A " + node + " " + f[3] + " " + (apiReachable.getAsBoolean() ? "1" : "0");
                byte[] out = sign(a).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private String sign(String msg) {
        return msg + " " + hmac(msg);
    }

    /** The message's fields without the MAC, or null when the MAC is wrong or the format is not ours. */
    private String[] verified(String msg) {
        int sp = msg.lastIndexOf(' ');
        if (sp < 0 || !msg.startsWith(MAGIC + " ")) {
            return null;
        }
        String body = msg.substring(0, sp);
        byte[] expected = hmac(body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = msg.substring(sp + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? body.split(" ") : null;
    }

    private String hmac(String msg) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(msg.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
