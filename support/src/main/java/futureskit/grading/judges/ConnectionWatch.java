package futureskit.grading.judges;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a flag server that counts the client's open connections.
 *
 * <p>The flag server cannot tell that a client gave up on a request while it is still sleeping out its
 * latency; the relay can, because a client that cancels a call or times out closes its socket. So
 * "connections still open" after the learner's code returned is the number of requests it abandoned
 * instead of cancelling, as the server side sees it.
 */
final class ConnectionWatch implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    ConnectionWatch(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("connection-watch").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections the client opened and has not closed yet. */
    int open() {
        return open.get();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.incrementAndGet();
            Thread.ofVirtual().start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        var done = new AtomicBoolean();
        Runnable finish = () -> {
            if (done.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        };
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        } catch (IOException e) {
            closeQuietly(client);
            finish.run();
            return;
        }
        // Server to client: when it ends the server closed; the client will notice and close its side too.
        Thread.ofVirtual().start(() -> pump(upstream, client, () -> closeQuietly(client)));
        // Client to server: end of stream means the client closed its socket (gave up, or was done).
        pump(client, upstream, () -> {
            closeQuietly(upstream);
            closeQuietly(client);
        });
        finish.run();
    }

    private static void pump(Socket from, Socket to, Runnable atEnd) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // A reset is as good as a close here.
        } finally {
            atEnd.run();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // Nothing to do.
            }
        }
    }
}
