package futureskit.grading.judges;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionWatchTest {

    /** An upstream that never answers, like a stalled flag server: only the client can end a connection. */
    @Test
    void countsConnectionsUntilTheClientClosesThem() throws Exception {
        try (var upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var watch = new ConnectionWatch(upstream.getLocalPort())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket s = upstream.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s; InputStream in = s.getInputStream()) {
                                in.transferTo(OutputStream.nullOutputStream());
                            } catch (Exception ignored) {
                                // The relay closed it.
                            }
                        });
                    }
                } catch (Exception closed) {
                    // Test over.
                }
            });
            var a = new Socket(InetAddress.getLoopbackAddress(), watch.port());
            var b = new Socket(InetAddress.getLoopbackAddress(), watch.port());
            a.getOutputStream().write("GET /flags/cn/cn.gif HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitOpen(watch, 2);
            a.close();
            awaitOpen(watch, 1);
            b.close();
            awaitOpen(watch, 0);
            assertThat(watch.accepted()).isEqualTo(2);
        }
    }

    private static void awaitOpen(ConnectionWatch watch, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (watch.open() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(watch.open()).isEqualTo(expected);
    }
}
