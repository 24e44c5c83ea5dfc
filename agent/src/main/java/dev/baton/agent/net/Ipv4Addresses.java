package dev.baton.agent.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** IPv4 addresses over rtnetlink: RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR (dump). */
public final class Ipv4Addresses {
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int AF_INET = 2;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_CACHEINFO = 6;
    static final int IFA_FLAGS = 8;
    static final int IFA_F_NOPREFIXROUTE = 0x200;
    /** "forever" for an address lifetime. */
    public static final long INFINITY = 0xFFFFFFFFL;

    /** One configured address as the kernel reports it; lifetimes in seconds (INFINITY = forever). */
    public record Entry(int ifindex, Inet4Address address, int prefix, String label, long validLifetime, long preferredLifetime) {
        public boolean contains(Inet4Address ip) {
            return Ipv4Addresses.sameNetwork(address, ip, prefix);
        }
    }

    private Ipv4Addresses() {
    }

    /**
     * Adds (create) or refreshes (no create: fails with ENOENT if the kernel already removed it) an address.
     * validSeconds is the kernel lifetime; when it runs out the kernel deletes the address by itself.
     */
    public static void add(int ifindex, Inet4Address ip, int prefix, Inet4Address broadcast, String label,
                           long validSeconds, long preferredSeconds, boolean noPrefixRoute, boolean create) throws NetlinkException {
        int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_REPLACE | (create ? Netlink.NLM_F_CREATE : 0);
        ByteBuffer m = Netlink.message(RTM_NEWADDR, flags, 128);
        ifaddrmsg(m, prefix, ifindex);
        Netlink.attribute(m, IFA_LOCAL, ip.getAddress());
        Netlink.attribute(m, IFA_ADDRESS, ip.getAddress());
        if (broadcast != null) {
            Netlink.attribute(m, IFA_BROADCAST, broadcast.getAddress());
        }
        if (label != null) {
            byte[] l = (label + "\0").getBytes(StandardCharsets.US_ASCII);
            Netlink.attribute(m, IFA_LABEL, l);
        }
        ByteBuffer ci = ByteBuffer.allocate(16).order(m.order());
        ci.putInt((int) Math.min(preferredSeconds, validSeconds)).putInt((int) validSeconds).putInt(0).putInt(0);
        Netlink.attribute(m, IFA_CACHEINFO, ci.array());
        if (noPrefixRoute) {
            Netlink.attribute(m, IFA_FLAGS, ByteBuffer.allocate(4).order(m.order()).putInt(IFA_F_NOPREFIXROUTE).array());
        }
        try (Netlink nl = Netlink.open()) {
            nl.request(m, (create ? "add " : "refresh ") + ip.getHostAddress() + "/" + prefix);
        }
    }

    public static void delete(int ifindex, Inet4Address ip, int prefix) throws NetlinkException {
        ByteBuffer m = Netlink.message(RTM_DELADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 32);
        ifaddrmsg(m, prefix, ifindex);
        Netlink.attribute(m, IFA_LOCAL, ip.getAddress());
        try (Netlink nl = Netlink.open()) {
            nl.request(m, "delete " + ip.getHostAddress() + "/" + prefix);
        }
    }

    public static List<Entry> list() throws NetlinkException {
        ByteBuffer m = Netlink.message(RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 8);
        ifaddrmsg(m, 0, 0);
        List<Entry> out = new ArrayList<>();
        try (Netlink nl = Netlink.open()) {
            for (ByteBuffer b : nl.dump(m, "list addresses")) {
                if ((b.getShort(4) & 0xffff) != RTM_NEWADDR || (b.get(16) & 0xff) != AF_INET) {
                    continue;
                }
                int prefix = b.get(17) & 0xff;
                int index = b.getInt(20);
                Inet4Address local = null;
                Inet4Address address = null;
                String label = "";
                long valid = INFINITY;
                long preferred = INFINITY;
                int off = 24;
                while (off + 4 <= b.limit()) {
                    int alen = b.getShort(off) & 0xffff;
                    int type = b.getShort(off + 2) & 0xffff;
                    if (alen < 4) {
                        break;
                    }
                    byte[] data = new byte[alen - 4];
                    b.get(off + 4, data);
                    switch (type) {
                        case IFA_LOCAL -> local = inet4(data);
                        case IFA_ADDRESS -> address = inet4(data);
                        case IFA_LABEL -> label = new String(data, StandardCharsets.US_ASCII).replace("\0", "");
                        case IFA_CACHEINFO -> {
                            preferred = b.getInt(off + 4) & INFINITY;
                            valid = b.getInt(off + 8) & INFINITY;
                        }
                        default -> { }
                    }
                    off += (alen + 3) & ~3;
                }
                Inet4Address a = local != null ? local : address;
                if (a != null) {
                    out.add(new Entry(index, a, prefix, label, valid, preferred));
                }
            }
        }
        return out;
    }

    private static void ifaddrmsg(ByteBuffer m, int prefix, int ifindex) {
        m.put((byte) AF_INET).put((byte) prefix).put((byte) 0).put((byte) 0).putInt(ifindex);
    }

    static Inet4Address inet4(byte[] b) {
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static int toInt(Inet4Address a) {
        return ByteBuffer.wrap(a.getAddress()).getInt();
    }

    static boolean sameNetwork(Inet4Address a, Inet4Address b, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (toInt(a) & mask) == (toInt(b) & mask);
    }

    static Inet4Address broadcastOf(Inet4Address a, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return inet4(ByteBuffer.allocate(4).putInt(toInt(a) | ~mask).array());
    }
}
