package dev.baton.agent.net;

import dev.baton.agent.exec.Libc;

/** A failed netlink or socket call, with the kernel's errno. */
public class NetlinkException extends Exception {
    private final int errno;

    public NetlinkException(String what, int errno) {
        super(what + ": " + Libc.error(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
