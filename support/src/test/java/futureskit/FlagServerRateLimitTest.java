package futureskit;

import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate limit (lesson 10): R flag requests per second, 429 with Retry-After above it, counted like any answer. */
class FlagServerRateLimitTest {

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void configValidatesAndDescribesTheLimit() {
        assertThat(Config.of(Mode.DELAY).rateLimit()).isZero();
        assertThat(Config.of(Mode.DELAY).withDelay(0.1, 0.2).withRateLimit(100).describe())
                .isEqualTo("delay 0.1-0.2s, at most 100 requests/s (429 above)");
        assertThat(Config.of(Mode.ERROR).withRateLimit(2.5).describe()).endsWith("seed 42, at most 2.5 requests/s (429 above)");
        assertThatThrownBy(() -> Config.of(Mode.LOCAL).withRateLimit(-1)).hasMessageContaining("rateLimit must be 0");
        assertThatThrownBy(() -> Config.of(Mode.LOCAL).withRateLimit(Double.NaN)).hasMessageContaining("rateLimit must be 0");
    }

    @Test
    void aBurstGetsASecondsWorthThen429WithRetryAfterAndResetRefills() throws Exception {
        int rate = 20, burst = 50;
        try (var server = FlagServer.start(Config.of(Mode.LOCAL).withRateLimit(rate));
             var threads = Executors.newVirtualThreadPerTaskExecutor();
             var client = HttpClient.newBuilder().executor(threads).build()) {
            for (int round = 0; round < 2; round++) {   // the second round after resetStats: a full bucket again
                server.resetStats();
                long t0 = System.nanoTime();
                var futures = new ArrayList<Future<HttpResponse<String>>>();
                for (int i = 0; i < burst; i++) {
                    futures.add(threads.submit(() -> get(client, server.flagUrl("cn"))));
                }
                var tooMany = new ArrayList<HttpResponse<String>>();
                for (var f : futures) {
                    var response = f.get();
                    if (response.statusCode() == 429) tooMany.add(response);
                    else assertThat(response.statusCode()).isEqualTo(200);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                var stats = server.stats();
                // A second's worth at once, plus what refilled while the burst arrived (a few ms on a quiet machine).
                assertThat(stats.count(200)).as(stats + " in %.3f s", seconds).isBetween((long) rate, rate + 1 + (long) (rate * seconds));
                assertThat(stats.count(429)).isEqualTo(burst - stats.count(200)).isEqualTo(tooMany.size());
                assertThat(tooMany.getFirst().headers().firstValue("Retry-After")).hasValue("1");
                assertThat(tooMany.getFirst().body()).contains("allows 20 requests per second");
            }
        }
    }

    @Test
    void requestsPacedUnderTheLimitAreNeverRefusedAndOtherPathsAreNotLimited() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL).withRateLimit(1));
             var client = HttpClient.newHttpClient()) {
            assertThat(get(client, server.flagUrl("cn")).statusCode()).isEqualTo(200);   // the one token
            assertThat(get(client, server.flagUrl("br")).statusCode()).isEqualTo(429);
            assertThat(get(client, server.baseUrl().replace("/flags", "/other")).statusCode()).isEqualTo(404);
            Thread.sleep(1100);                                                    // a token again
            assertThat(get(client, server.flagUrl("br")).statusCode()).isEqualTo(200);
            assertThat(server.stats().byStatus()).containsEntry(200, 2L).containsEntry(429, 1L).containsEntry(404, 1L);
        }
    }

    @Test
    void aRefusedRequestIsNoAttemptSoALimitedRunFailsAsAnUnlimitedOne() throws Exception {
        var config = Config.of(Mode.ERROR).withDelay(0).withErrorRate(0.5).withRateLimit(1);
        // A path whose first attempt fails and whose second succeeds: refused first, it must still fail next.
        String path = null;
        for (String cc : Fixtures.countryCodes()) {
            String p = "/flags/" + cc.toLowerCase() + "/" + cc.toLowerCase() + ".gif";
            if (config.outcome(p, 0).fails() && !config.outcome(p, 1).fails()) {
                path = p;
                break;
            }
        }
        assertThat(path).isNotNull();
        String other = "/flags/zz/zz.gif";   // a flag-shaped path: takes the token (and gets its 404)
        try (var server = FlagServer.start(config); var client = HttpClient.newHttpClient()) {
            String base = server.baseUrl().replace("/flags", "");
            get(client, base + other);
            assertThat(get(client, base + path).statusCode()).isEqualTo(429);
            Thread.sleep(1100);
            assertThat(get(client, base + path).statusCode()).isEqualTo(config.outcome(path, 0).errorStatus());
        }
    }

    @Test
    void theStatusIsCountedAndNamed() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.LOCAL).withRateLimit(1));
             var client = HttpClient.newHttpClient()) {
            get(client, server.flagUrl("cn"));
            var refused = get(client, server.flagUrl("cn"));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(server.stats().toString()).isEqualTo("2 requests (200: 1, 429: 1), max 1 in flight");
            assertThat(server.toString()).contains("at most 1 requests/s (429 above)");
        }
    }
}
