package dev.baton.agent.net;

import com.sun.jna.Native;
import dev.baton.agent.exec.Libc;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gratuitous ARP over an AF_PACKET socket: the kernel adds the Ethernet header (SOCK_DGRAM) addressed
 * to broadcast; we write the ARP packet announcing ip at the interface's MAC. Each round sends a
 * request and a reply, as IPaddr2's send_arp does, so that hosts which only honour one kind update too.
 * The first round is sent by the caller's thread before {@link #announce} returns; the rest follow on
 * a background timer, so an action never waits arp_count x arp_interval.
 */
public final class GratuitousArp {
    private static final int AF_PACKET = 17;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int ETH_P_ARP = 0x0806;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "garp");
        t.setDaemon(true);
        return t;
    });

    private GratuitousArp() {
    }

    /** Sends the first request+reply now and count-1 more rounds every intervalMs; the socket closes after the last. */
    public static void announce(String nic, int ifindex, Inet4Address ip, int count, long intervalMs) throws NetlinkException {
        // created on the caller's thread: that decides the network namespace the socket lives in
        int fd = Libc.INSTANCE.socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, Short.toUnsignedInt(Short.reverseBytes((short) ETH_P_ARP)));
        if (fd < 0) {
            throw new NetlinkException("socket(AF_PACKET)", Native.getLastError());
        }
        byte[] mac;
        try {
            mac = hardwareAddress(fd, nic);
            sendRound(fd, ifindex, mac, ip);
        } catch (NetlinkException e) {
            Libc.INSTANCE.close(fd);
            throw e;
        }
        if (count <= 1) {
            Libc.INSTANCE.close(fd);
            return;
        }
        for (int i = 1; i < count; i++) {
            boolean last = i == count - 1;
            TIMER.schedule(() -> {
                try {
                    sendRound(fd, ifindex, mac, ip);
                } catch (NetlinkException ignored) {
                    // the address may be gone already (moved on); later rounds are a courtesy
                } finally {
                    if (last) {
                        Libc.INSTANCE.close(fd);
                    }
                }
            }, i * intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    private static void sendRound(int fd, int ifindex, byte[] mac, Inet4Address ip) throws NetlinkException {
        send(fd, ifindex, arp(1, mac, ip));
        send(fd, ifindex, arp(2, mac, ip));
    }

    private static void send(int fd, int ifindex, byte[] packet) throws NetlinkException {
        ByteBuffer sll = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        sll.putShort((short) AF_PACKET);
        sll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ARP).order(ByteOrder.nativeOrder());
        sll.putInt(ifindex).putShort((short) 1).put((byte) 0).put((byte) 6);
        for (int i = 0; i < 6; i++) {
            sll.put((byte) 0xff);
        }
        if (Libc.INSTANCE.sendto(fd, packet, packet.length, 0, sll.array(), 20) < 0) {
            throw new NetlinkException("send gratuitous ARP", Native.getLastError());
        }
    }

    /** An ARP packet with sender = target = ip (the gratuitous form); op 1 request, 2 reply. */
    static byte[] arp(int op, byte[] mac, Inet4Address ip) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) op);
        b.put(mac).put(ip.getAddress());
        b.put(op == 1 ? new byte[6] : new byte[] {-1, -1, -1, -1, -1, -1}).put(ip.getAddress());
        return b.array();
    }

    static byte[] hardwareAddress(int fd, String nic) throws NetlinkException {
        byte[] ifr = new byte[40];
        byte[] name = nic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, ifr, 0, Math.min(name.length, 15));
        if (Libc.INSTANCE.ioctl(fd, SIOCGIFHWADDR, ifr) < 0) {
            throw new NetlinkException("SIOCGIFHWADDR " + nic, Native.getLastError());
        }
        byte[] mac = new byte[6];
        System.arraycopy(ifr, 18, mac, 0, 6);
        return mac;
    }
}
