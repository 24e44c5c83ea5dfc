package dev.baton.agent.daemon;

import dev.baton.agent.net.NetNamespace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

/**
 * A TCP relay on loopback between an agent and the API server that can be cut like a network partition:
 * established connections are dropped and new ones are accepted but never answered, so requests time out
 * rather than fail fast, as they would on a dead link. Upstream connections are always made from the
 * JVM's own network namespace.
 */
final class CutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    CutProxy(String host, int port) throws IOException {
        this(host, port, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Listens on the loopback of a network namespace (an agent there sees the API at 127.0.0.1). */
    static CutProxy inNamespace(String ns, String host, int port) throws Exception {
        ExecutorService t = NetNamespace.thread(ns);
        try {
            return new CutProxy(host, port, t.submit(() -> new ServerSocket(0, 50, InetAddress.getLoopbackAddress())).get());
        } finally {
            t.shutdown();
        }
    }

    private CutProxy(String host, int port, ServerSocket server) {
        this.host = host;
        this.port = port;
        this.server = server;
        Thread t = new Thread(this::accept, "cut-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void cut() {
        open = false;
        closeAll();
    }

    void restore() {
        closeAll();
        open = true;
    }

    private void closeAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we want
            }
        }
        sockets.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (!open) {
                    continue;
                }
                Socket upstream = new Socket(host, port);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the other side went away or we cut it
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "cut-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeAll();
    }
}
