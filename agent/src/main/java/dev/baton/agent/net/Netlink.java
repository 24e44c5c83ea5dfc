package dev.baton.agent.net;

import com.sun.jna.Native;
import dev.baton.agent.exec.Libc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_ROUTE socket: sends one request and reads its acknowledgement or its dump.
 * Opened in the caller's network namespace (the thread's, see setns(2)).
 */
final class Netlink implements AutoCloseable {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    private final int fd;
    private int seq;

    private Netlink(int fd) {
        this.fd = fd;
    }

    static Netlink open() throws NetlinkException {
        int fd = Libc.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw new NetlinkException("socket(AF_NETLINK)", Native.getLastError());
        }
        byte[] sa = new byte[12];
        sa[0] = (byte) AF_NETLINK;
        if (Libc.INSTANCE.bind(fd, sa, sa.length) < 0) {
            int e = Native.getLastError();
            Libc.INSTANCE.close(fd);
            throw new NetlinkException("bind(AF_NETLINK)", e);
        }
        // never wait for the kernel for more than a second
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(1).putLong(0);
        Libc.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16);
        return new Netlink(fd);
    }

    static ByteBuffer message(int type, int flags, int payloadCapacity) {
        ByteBuffer b = ByteBuffer.allocate(16 + payloadCapacity).order(ByteOrder.nativeOrder());
        b.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        return b;
    }

    static void attribute(ByteBuffer b, int type, byte[] data) {
        int len = 4 + data.length;
        b.putShort((short) len).putShort((short) type).put(data);
        for (int i = len; i % 4 != 0; i++) {
            b.put((byte) 0);
        }
    }

    /** Sends a request and waits for its acknowledgement; a negative errno in the ack becomes an exception. */
    void request(ByteBuffer msg, String what) throws NetlinkException {
        for (ByteBuffer m : exchange(msg, what, false)) {
            int type = m.getShort(m.position() + 4) & 0xffff;
            if (type == NLMSG_ERROR) {
                int err = m.getInt(m.position() + 16);
                if (err != 0) {
                    throw new NetlinkException(what, -err);
                }
                return;
            }
        }
    }

    /** Sends a dump request and returns every message until NLMSG_DONE, each positioned at its header. */
    List<ByteBuffer> dump(ByteBuffer msg, String what) throws NetlinkException {
        return exchange(msg, what, true);
    }

    private List<ByteBuffer> exchange(ByteBuffer msg, String what, boolean dump) throws NetlinkException {
        int s = ++seq;
        int len = msg.position();
        msg.putInt(0, len).putInt(8, s);
        byte[] dst = new byte[12];
        dst[0] = (byte) AF_NETLINK;
        if (Libc.INSTANCE.sendto(fd, msg.array(), len, 0, dst, dst.length) < 0) {
            throw new NetlinkException(what + " (send)", Native.getLastError());
        }
        List<ByteBuffer> out = new ArrayList<>();
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n = Libc.INSTANCE.recv(fd, buf, buf.length, 0);
            if (n < 0) {
                throw new NetlinkException(what + " (receive)", Native.getLastError());
            }
            ByteBuffer b = ByteBuffer.wrap(buf.clone(), 0, n).order(ByteOrder.nativeOrder());
            int off = 0;
            while (off + 16 <= n) {
                int mlen = b.getInt(off);
                int type = b.getShort(off + 4) & 0xffff;
                int mseq = b.getInt(off + 8);
                if (mlen < 16) {
                    break;
                }
                if (mseq == s) {
                    if (type == NLMSG_DONE) {
                        return out;
                    }
                    ByteBuffer m = b.duplicate().order(ByteOrder.nativeOrder());
                    m.position(off).limit(off + mlen);
                    out.add(m.slice().order(ByteOrder.nativeOrder()));
                    if (type == NLMSG_ERROR && !dump) {
                        return out;
                    }
                    if (type == NLMSG_ERROR) {
                        int err = b.getInt(off + 16);
                        throw new NetlinkException(what, -err);
                    }
                }
                off += (mlen + 3) & ~3;
            }
        }
    }

    @Override
    public void close() {
        Libc.INSTANCE.close(fd);
    }
}
