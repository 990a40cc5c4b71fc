package futureskit;

import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests sent byte for byte, as a careless or hostile client would: what status each gets, and that the
 * server's statistics equal the statuses clients actually received.
 */
class FlagServerProtocolTest {

    @TempDir
    Path temp;

    /** The status a client received for these bytes (0: none, the connection ended without one). */
    static int exchange(int port, byte[] request, boolean endOutput) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(request);
                if (endOutput) {
                    socket.shutdownOutput();
                }
            } catch (SocketException e) {
                // The server answered and closed before reading everything: its answer may still be there.
            }
            return statusOf(readQuietly(socket));
        }
    }

    static String readQuietly(Socket socket) throws SocketTimeoutException {
        var received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            var in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // reset after the answer: what arrived before counts
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    static int statusOf(String text) {
        return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String get(String target, String version) {
        return "GET " + target + " " + version + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    /** The malformed and edge requests, and the status each must get (0: none). */
    private static Map<String, Integer> edgeCases() {
        var cases = new LinkedHashMap<String, Integer>();
        cases.put(get("/flags/cn/cn.gif", "HTTP/1.1"), 200);
        cases.put(get("/flags/cn/cn.gif", "HTTP/1.0"), 200);
        cases.put("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 405);
        cases.put(get("*", "HTTP/1.1"), 400);
        cases.put(get("secret.txt", "HTTP/1.1"), 400);
        cases.put(get("//etc/passwd", "HTTP/1.1"), 400);
        cases.put(get("/flags/cn/cn.gif", "HTTP/9.9"), 505);
        cases.put(get("/flags/cn/cn.gif", "HTTP/2.0"), 505);
        cases.put(get("/flags/cn/cn.gif", "FOO"), 400);
        cases.put("GET /flags/cn/cn.gif\r\n\r\n", 400);
        cases.put("GARBAGE\r\n\r\n", 400);
        cases.put("GET  /flags/cn/cn.gif HTTP/1.1\r\n\r\n", 400);
        cases.put(get("/flags/cn/cn.GIF", "HTTP/1.1"), 404);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n", 400);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n", 400);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", 200);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 413);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\n" + "X-Many: header\r\n".repeat(201) + "\r\n", 431);
        cases.put("GET /flags/cn/cn.gif HTTP/1.1\r\nX-Big: " + "x".repeat(1 << 20) + "\r\n\r\n", 431);
        cases.put("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n\r\n", 414);
        cases.put("\r\n" + get("/flags/br/br.gif", "HTTP/1.1"), 200);
        return cases;
    }

    @Test
    void statusesReceivedEqualStatusesCounted() throws Exception {
        var received = new TreeMap<Integer, Long>();
        try (var server = FlagServer.start(Config.of(Mode.LOCAL))) {
            for (var entry : edgeCases().entrySet()) {
                int status = exchange(server.port(), bytes(entry.getKey()), false);
                String shown = entry.getKey().length() > 60 ? entry.getKey().substring(0, 60) + "..." : entry.getKey();
                assertThat(status).as("status for %s", shown.replace("\r\n", "\\r\\n")).isEqualTo(entry.getValue());
                if (status != 0) {
                    received.merge(status, 1L, Long::sum);
                }
            }
            // a truncated header block followed by end of stream is no request: nothing to answer, nothing counted
            assertThat(exchange(server.port(), bytes("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: 127.0.0.1\r\n"), true)).isZero();
            assertThat(exchange(server.port(), bytes("GET /flags/cn/cn.gif HTTP/1.1\r\nHo"), true)).isZero();
            assertThat(exchange(server.port(), bytes("GET /fla"), true)).isZero();

            var stats = awaitIdle(server);
            assertThat(stats.byStatus()).isEqualTo(received);
            assertThat(stats.requests()).isEqualTo(received.values().stream().mapToLong(Long::longValue).sum());
            assertThat(stats.undelivered()).isZero();
            System.out.printf("statuses received %s; counted %s%n", received, stats);
        }
    }

    @Test
    void theCaseOfTheFileNameIsNamedInThe404() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL))) {
            var gif = exchangeText(server.port(), get("/flags/cn/cn.GIF", "HTTP/1.1"));
            assertThat(statusOf(gif)).isEqualTo(404);
            assertThat(gif).contains("file name", "lower case", "cn.GIF", "/flags/cn/cn.gif").doesNotContain("country code");
            var code = exchangeText(server.port(), get("/flags/CN/CN.gif", "HTTP/1.1"));
            assertThat(statusOf(code)).isEqualTo(404);
            assertThat(code).contains("country codes are lower case", "/flags/cn/cn.gif");
        }
    }

    @Test
    void versionsAndHeaderLimitsAreExplainedInTheBody() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL))) {
            assertThat(exchangeText(server.port(), get("/flags/cn/cn.gif", "HTTP/9.9"))).contains("HTTP/1.1");
            assertThat(exchangeText(server.port(), get("//etc/passwd", "HTTP/1.1"))).contains("malformed");
            assertThat(exchangeText(server.port(),
                    "GET /flags/cn/cn.gif HTTP/1.1\r\n" + "X-Many: header\r\n".repeat(201) + "\r\n")).contains("header");
        }
    }

    private static String exchangeText(int port, String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(bytes(request));
            return readQuietly(socket);
        }
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(0.05));
             var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(bytes("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /flags/zz/zz.gif HTTP/1.1\r\nHost: x\r\n\r\n" + get("/flags/br/br.gif", "HTTP/1.1")));
            String text = readQuietly(socket);
            var statuses = new ArrayList<Integer>();
            for (int i = text.indexOf("HTTP/1.1 "); i >= 0; i = text.indexOf("HTTP/1.1 ", i + 1)) {
                statuses.add(Integer.parseInt(text.substring(i + 9, i + 12)));
            }
            assertThat(statuses).containsExactly(200, 404, 200);
            assertThat(awaitIdle(server).byStatus()).isEqualTo(Map.of(200, 2L, 404, 1L));
        }
    }

    // ---- responses that never reached the client ----

    @Test
    void aClientGoneBeforeItsAnswerIsNotCountedAsAnswered() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(2))) {
            try (var socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(bytes(get("/flags/cn/cn.gif", "HTTP/1.1")));
                awaitInFlight(server, 1);
            }   // closed normally while the server waits its latency
            try (var socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(bytes(get("/flags/br/br.gif", "HTTP/1.1")));
                awaitInFlight(server, 1);
                socket.setSoLinger(true, 0);   // reset
            }
            var stats = awaitIdle(server);
            assertThat(stats.requests()).isEqualTo(2);
            assertThat(stats.byStatus()).isEmpty();
            assertThat(stats.undelivered()).isEqualTo(2);
            assertThat(stats.toString()).contains("2 not delivered");
        }
    }

    @Test
    void underConcurrentMixedClientsTheCountsEqualWhatWasReceived() throws Exception {
        int clients = 400;
        // a reset is left to the test above: it may discard the request before the server has read it
        var kinds = List.of("ok", "truncated", "closes", "malformed", "version");
        try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(1));
             var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < clients; i++) {
                String kind = kinds.get(i % kinds.size());
                results.add(threads.submit(() -> mixedClient(server, kind)));
            }
            var received = new TreeMap<Integer, Long>();
            long gone = 0;
            for (var result : results) {
                int status = result.get();
                if (status > 0) {
                    received.merge(status, 1L, Long::sum);
                } else if (status < 0) {
                    gone++;
                }
            }
            var stats = awaitIdle(server);
            assertThat(stats.byStatus()).isEqualTo(received);
            assertThat(stats.undelivered()).isEqualTo(gone);
            assertThat(received).containsOnlyKeys(200, 400, 505);
            assertThat(stats.requests()).isEqualTo(received.values().stream().mapToLong(Long::longValue).sum() + gone);
            System.out.printf("%d mixed clients: received %s, %d left before their answer; counted %s%n",
                    clients, received, gone, stats);
        }
    }

    // The status received; 0 when no request was completed, -1 when the client left before its answer.
    private static int mixedClient(FlagServer server, String kind) throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(15_000);
            var out = socket.getOutputStream();
            switch (kind) {
                case "truncated" -> {
                    out.write(bytes("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: x\r\n"));
                    socket.shutdownOutput();
                    return statusOf(readQuietly(socket));
                }
                case "closes" -> {
                    out.write(bytes(get("/flags/br/br.gif", "HTTP/1.1")));
                    Thread.sleep(50);   // the server is waiting its 1 s latency
                    return -1;
                }
                case "malformed" -> out.write(bytes(get("/flags/cn/../cn.gif", "HTTP/1.1")));
                case "version" -> out.write(bytes(get("/flags/cn/cn.gif", "HTTP/9.9")));
                default -> out.write(bytes(get("/flags/cn/cn.gif", "HTTP/1.1")));
            }
            return statusOf(readQuietly(socket));
        }
    }

    static FlagServer.Stats awaitIdle(FlagServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        FlagServer.Stats stats = server.stats();
        while (System.nanoTime() < deadline) {
            stats = server.stats();
            long settled = stats.byStatus().values().stream().mapToLong(Long::longValue).sum() + stats.undelivered();
            if (stats.inFlight() == 0 && settled == stats.requests()) {
                Thread.sleep(100);   // and stays so: a retraction after a failed write would show now
                if (server.stats().equals(stats)) {
                    return stats;
                }
            }
            Thread.sleep(10);
        }
        return stats;
    }

    static void awaitInFlight(FlagServer server, int expected) throws InterruptedException {
        assertThat(server.awaitInFlight(expected, Duration.ofSeconds(10))).as("%d requests in flight", expected).isTrue();
    }

    // ---- start-up errors ----

    @Test
    void anAddressThisMachineDoesNotHaveIsNotAPortInUse() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never assigned to a machine
        assertThatThrownBy(() -> FlagServer.start(Config.of(Mode.LOCAL).withHost("192.0.2.1").withPort(8001)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("192.0.2.1")
                .hasMessageContaining("this machine has no address")
                .hasMessageNotContaining("in use")
                .hasMessageNotContaining("another flag server")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        try (var server = FlagServer.start(Config.of(Mode.LOCAL))) {
            assertThatThrownBy(() -> FlagServer.start(Config.of(Mode.LOCAL).withPort(server.port())))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("port " + server.port() + " is already in use")
                    .hasMessageNotContaining("no address")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> FlagServer.start(Config.of(Mode.LOCAL).withHost("no-such-host.invalid")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("unknown host no-such-host.invalid")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void fixtureFoldersStayServedAfterTheseChanges() throws Exception {
        Path flags = temp.resolve("flags");
        Files.createDirectories(flags.resolve("aa"));
        Files.writeString(flags.resolve("aa/aa.gif"), "GIF89a fake");
        try (var server = FlagServer.start(Config.of(Mode.LOCAL).withFlagsDir(flags))) {
            String text = exchangeText(server.port(), get("/flags/aa/aa.gif", "HTTP/1.1"));
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 11\r\n", "Content-Type: image/gif\r\n")
                    .endsWith("\r\n\r\nGIF89a fake");
            assertThat(List.of(text.split("\r\n"))).anyMatch(line -> line.startsWith("Date: "));
        }
    }
}
