package dev.baton.agent.exec;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc calls the JDK does not offer: process groups, netlink/packet sockets, namespaces. */
public interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int SIGKILL = 9;

    int kill(int pid, int sig);

    int getpgid(int pid);

    int getpgrp();

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] addr, int len);

    int sendto(int fd, byte[] buf, int len, int flags, byte[] addr, int addrLen);

    int recv(int fd, byte[] buf, int len, int flags);

    int setsockopt(int fd, int level, int name, byte[] value, int len);

    int ioctl(int fd, long request, byte[] arg);

    int close(int fd);

    int open(String path, int flags);

    int setns(int fd, int nstype);

    int if_nametoindex(String name);

    Pointer if_indextoname(int index, byte[] name);

    Pointer strerror(int errnum);

    static String error(int errno) {
        return INSTANCE.strerror(errno).getString(0);
    }
}
