package futureskit;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** flag_server.java's --rate (lesson 10): in the help, checked, and a live server that answers 429 above it. */
class FlagServerRateScriptTest {

    private static final String SCRIPT = "jbang/flag_server.java";

    @Test
    void rateIsInTheHelpAndANonPositiveRateIsAUsageError() throws Exception {
        var help = Scripts.jbang(180, SCRIPT, "-h");
        assertThat(help.stdout()).contains("--rate=PER_SECOND", "429 Too Many Requests");
        var run = Scripts.jbang(180, SCRIPT, "--rate", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("flag_server: --rate is a number of requests per second above 0, not 0.0")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void aServerWithARateLimitAnswers429WithRetryAfterAndCountsThem() throws Exception {
        int port = FlagServerScriptTest.freePort();
        Path out = Files.createTempFile("flag-server-out", ".txt");
        Path log = Files.createTempFile("flag-server-log", ".txt");
        var process = Scripts.start(out, log, SCRIPT, "--port", Integer.toString(port), "--rate", "0.5");
        try (var client = HttpClient.newHttpClient()) {
            assertThat(FlagServerScriptTest.firstLine(out, process)).isEqualTo("LOCAL flag server on http://127.0.0.1:" + port
                    + "/flags (no added delay, at most 0.5 requests/s (429 above)) — Ctrl-C to stop");
            var statuses = new ArrayList<Integer>();
            String retryAfter = null;
            for (int i = 0; i < 3; i++) {   // within 2 s: the bucket holds 1 and refills in 2 s
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flags/cn/cn.gif"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
                statuses.add(response.statusCode());
                retryAfter = response.headers().firstValue("Retry-After").orElse(retryAfter);
            }
            assertThat(statuses).isEqualTo(List.of(200, 429, 429));
            assertThat(retryAfter).isEqualTo("2");
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(out)).contains("stopped: 3 requests (200: 1, 429: 2)");
        } finally {
            Scripts.stop(process);
            Files.deleteIfExists(out);
            Files.deleteIfExists(log);
        }
    }
}
