package futureskit;

import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** jbang/flag_server.java as a learner runs it: help, wrong flags, a taken port, and a live server. */
class FlagServerScriptTest {

    private static final String SCRIPT = "jbang/flag_server.java";

    @Test
    void helpListsEveryOption() throws Exception {
        var run = Scripts.jbang(180, SCRIPT, "-h");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("Usage: flag_server", "--mode=LOCAL|DELAY|ERROR", "--port=N",
                "--delay=SECONDS", "0.5-5", "--error-rate=FRACTION", "--seed=N", "--host", "--log", "8001", "8002", "8003");
    }

    @Test
    void wrongFlagsGetAOneLineMessageAndExitStatus2() throws Exception {
        for (var args : List.of(List.of("--delay", "fast"), List.of("--delay", "5-1"), List.of("--error-rate", "1.5"),
                List.of("--mode", "SLOW"), List.of("--port", "99999"), List.of("--bogus"))) {
            var run = Scripts.jbang(180, SCRIPT, args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", args).isEqualTo(2);
            assertThat(run.stderr()).as("%s", args).startsWith("flag_server: ").contains(args.getFirst())
                    .contains("--help").doesNotContain("Exception", "\tat ");
            assertThat(run.stdout()).as("%s", args).isEmpty();
        }
    }

    @Test
    void aTakenPortIsExplainedWithoutAStackTrace() throws Exception {
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var run = Scripts.jbang(180, SCRIPT, "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("port " + taken.getLocalPort(), "already in use", "--port")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aRunningServerPrintsItsUrlServesFlagsLogsAndStopsWithASummary() throws Exception {
        int port = freePort();
        Path out = Files.createTempFile("flag-server-out", ".txt");
        Path log = Files.createTempFile("flag-server-log", ".txt");
        var process = Scripts.start(out, log, SCRIPT, "--mode", "ERROR", "--port", Integer.toString(port), "--delay", "0.01-0.05",
                "--error-rate", "0.5", "--seed", "7", "--log");
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String banner = firstLine(out, process);
            assertThat(banner).isEqualTo("ERROR flag server on http://127.0.0.1:" + port
                    + "/flags (delay 0.01-0.05s, 50% errors (418, 500, 503), seed 7) — Ctrl-C to stop");

            // The script's server and this test's Config agree on which attempt fails: the seed decides.
            var config = Config.of(Mode.ERROR).withDelay(0.01, 0.05).withErrorRate(0.5).withSeed(7);
            var expected = new ArrayList<Integer>();
            var actual = new ArrayList<Integer>();
            for (int attempt = 0; attempt < 8; attempt++) {
                int error = config.outcome("/flags/cn/cn.gif", attempt).errorStatus();
                expected.add(error == 0 ? 200 : error);
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flags/cn/cn.gif"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                actual.add(response.statusCode());
                if (response.statusCode() == 200) {
                    assertThat(Fixtures.matches("cn", response.body())).isTrue();
                }
            }
            assertThat(actual).isEqualTo(expected).contains(200);

            process.destroy();   // SIGTERM, like Ctrl-C: the shutdown hook closes the server
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(out)).contains("stopped: 8 requests (200: " + expected.stream().filter(s -> s == 200).count());
            assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("127.0.0.1 GET /flags/cn/cn.gif "))
                    .hasSize(8);
        } finally {
            Scripts.stop(process);
            Files.deleteIfExists(out);
            Files.deleteIfExists(log);
        }
    }

    // JBang may first have to compile the script: wait for the banner, not for a fixed time.
    static String firstLine(Path out, Process process) throws IOException, InterruptedException {
        return line(out, process, 1, 180);
    }

    /** Line {@code number} (from 1) of what the server printed, once it is complete (ends with a newline). */
    static String line(Path out, Process process, int number, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(out);
            var complete = text.lines().limit(text.chars().filter(c -> c == '\n').count()).toList();
            if (complete.size() >= number) {
                return complete.get(number - 1);
            }
            assertThat(process.isAlive()).as("the server stopped before printing line %d: %s", number, text).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no line " + number + " printed within " + timeoutSeconds + " s");
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
