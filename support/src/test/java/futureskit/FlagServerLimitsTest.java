package futureskit;

import futureskit.FlagServer.Config;
import futureskit.FlagServer.Limits;
import futureskit.FlagServer.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static futureskit.FlagServerProtocolTest.awaitIdle;
import static futureskit.FlagServerProtocolTest.readQuietly;
import static futureskit.FlagServerProtocolTest.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients that never finish, never leave or never read must not hold the server: timeouts and caps. */
class FlagServerLimitsTest {

    @TempDir
    Path temp;

    private static final byte[] PARTIAL = "GET /flags/cn/cn.gif HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private static Limits limits(Duration request, Duration idle, Duration response, int connections) {
        return new Limits(request, idle, response, connections);
    }

    private static HttpResponse<byte[]> get(String url, Duration timeout) throws IOException, InterruptedException {
        try (var client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void aNormalRequestIsServedWhileThousandsOfPartialOnesAreHeldThenTheyTimeOut() throws Exception {
        int partial = 3000;
        var requestTimeout = Duration.ofSeconds(3);
        try (var server = FlagServer.start(Config.of(Mode.LOCAL), limits(requestTimeout, Duration.ofSeconds(30),
                Duration.ofSeconds(30), 10_000))) {
            var sockets = new ArrayList<Socket>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < partial; i++) {
                    var socket = new Socket("127.0.0.1", server.port());
                    sockets.add(socket);
                    socket.getOutputStream().write(PARTIAL);
                }
                long start = System.nanoTime();
                var response = get(server.flagUrl("cn"), Duration.ofSeconds(10));
                Duration served = Duration.ofNanos(System.nanoTime() - start);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Fixtures.matches("cn", response.body())).isTrue();
                assertThat(served).isLessThan(Duration.ofSeconds(2));
                System.out.printf("%d partial requests held; a normal one served in %d ms%n", partial, served.toMillis());

                // every partial request is answered 408 and closed soon after its deadline
                try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
                    var statuses = new ArrayList<Future<Integer>>();
                    for (var socket : sockets) {
                        socket.setSoTimeout(20_000);
                        statuses.add(readers.submit(() -> statusOf(readQuietly(socket))));
                    }
                    for (var status : statuses) {
                        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(408);
                    }
                }
                Duration allClosed = Duration.ofNanos(System.nanoTime() - opened);
                assertThat(allClosed).isLessThan(requestTimeout.plusSeconds(15));
                System.out.printf("all %d closed with 408 %d ms after the first was opened%n", partial, allClosed.toMillis());
            } finally {
                for (var socket : sockets) {
                    socket.close();
                }
            }
            var stats = awaitIdle(server);
            assertThat(stats.count(200)).isEqualTo(1);
            assertThat(stats.count(408)).isEqualTo(partial);
            assertThat(stats.requests()).isEqualTo(partial + 1);
        }
    }

    @Test
    void theDefaultsTimeOutPartialRequestsAndIdleConnections() {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL))) {
            assertThat(server.limits()).isEqualTo(Limits.DEFAULT);
        }
        assertThat(Limits.DEFAULT.requestTimeout()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(Limits.DEFAULT.idleTimeout()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(120));
        assertThat(Limits.DEFAULT.responseTimeout()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(600));
        assertThat(Limits.DEFAULT.maxConnections()).isBetween(2000, 15_000);
        assertThatThrownBy(() -> limits(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGetWhoseContentLengthExceedsItsBodyIsAnswered408AndNeverCountedAs200() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL), limits(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 100));
             var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            socket.getOutputStream().write("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(statusOf(readQuietly(socket))).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            var stats = awaitIdle(server);
            assertThat(stats.count(200)).isZero();
            assertThat(stats.byStatus()).containsOnlyKeys(408);
        }
    }

    @Test
    void idleConnectionsAreClosedWithoutAnAnswer() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL), limits(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30), 100));
             var silent = new Socket("127.0.0.1", server.port());
             var keptAlive = new Socket("127.0.0.1", server.port())) {
            silent.setSoTimeout(10_000);
            keptAlive.setSoTimeout(10_000);
            keptAlive.getOutputStream().write("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            String answer = readQuietly(keptAlive);
            assertThat(statusOf(answer)).isEqualTo(200);
            assertThat(answer.indexOf("HTTP/1.1", 1)).as("one answer only").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(awaitIdle(server).byStatus()).containsOnlyKeys(200);
        }
    }

    @Test
    void openConnectionsAreCappedAndTheNextIsServedWhenOneCloses() throws Exception {
        int cap = 20;
        try (var server = FlagServer.start(Config.of(Mode.LOCAL), limits(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(30), cap))) {
            var idle = new ArrayList<Socket>();
            try {
                for (int i = 0; i < cap; i++) {
                    idle.add(new Socket("127.0.0.1", server.port()));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (server.openConnections() < cap && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(server.openConnections()).isEqualTo(cap);
                try (var waiting = new Socket("127.0.0.1", server.port())) {   // queued in the backlog, not served
                    waiting.setSoTimeout(1000);
                    waiting.getOutputStream().write("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    assertThatThrownBy(() -> waiting.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
                    assertThat(server.openConnections()).isEqualTo(cap);
                    idle.removeFirst().close();
                    waiting.setSoTimeout(10_000);
                    assertThat(statusOf(readQuietly(waiting))).isEqualTo(200);
                }
            } finally {
                for (var socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aClientThatNeverReadsItsAnswerIsCutOffAtTheResponseTimeout() throws Exception {
        Path flags = temp.resolve("flags");
        Files.createDirectories(flags.resolve("aa"));
        try (var file = new RandomAccessFile(flags.resolve("aa/aa.gif").toFile(), "rw")) {
            file.setLength(256L << 20);   // sparse: no disk used
        }
        try (var server = FlagServer.start(Config.of(Mode.LOCAL).withFlagsDir(flags), limits(Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 100));
             var socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write("GET /flags/aa/aa.gif HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(20).toNanos();
            while (server.stats().undelivered() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            var stats = server.stats();
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.byStatus()).isEmpty();
            assertThat(stats.undelivered()).isEqualTo(1);
            assertThat(stats.requests()).isEqualTo(1);
        }
    }

    // ---- files are streamed, not loaded whole ----

    /** Serves the flags folder given as argument, prints its port, and runs until its standard input ends. */
    public static final class BigFileServer {
        public static void main(String[] args) throws IOException {
            try (var server = FlagServer.start(Config.of(Mode.LOCAL).withFlagsDir(Path.of(args[0])))) {
                System.out.println(server.port());
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void aFileMuchLargerThanTheHeapIsStreamed() throws Exception {
        long size = 512L << 20;
        Path flags = temp.resolve("flags");
        Files.createDirectories(flags.resolve("aa"));
        try (var file = new RandomAccessFile(flags.resolve("aa/aa.gif").toFile(), "rw")) {
            file.setLength(size);   // sparse: no disk used
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var child = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                BigFileServer.class.getName(), flags.toString())
                .redirectError(temp.resolve("stderr.txt").toFile()).start();
        try {
            var port = Executors.newVirtualThreadPerTaskExecutor().submit(
                    () -> new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)).readLine());
            String url = "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS).strip() + "/flags/aa/aa.gif";
            try (var client = HttpClient.newHttpClient()) {
                var response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(size);
                long received = 0;
                try (InputStream body = response.body()) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = body.read(buffer)) >= 0; ) {
                        received += n;
                    }
                }
                assertThat(received).isEqualTo(size);
                // and again: a file this big is not cached either
                assertThat(client.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).headers()
                        .firstValueAsLong("Content-Length")).hasValue(size);
            }
            assertThat(child.isAlive()).isTrue();
            assertThat(Files.readString(temp.resolve("stderr.txt"))).doesNotContain("OutOfMemoryError");
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }
}
