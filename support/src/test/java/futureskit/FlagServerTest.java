package futureskit;

import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagServerTest {

    private static ExecutorService clientThreads;
    private static HttpClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void client() {
        clientThreads = Executors.newVirtualThreadPerTaskExecutor();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void closeClient() {
        client.close();
        clientThreads.close();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return send("GET", url);
    }

    private static HttpResponse<byte[]> send(String method, String url) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The status code and body of a request sent byte for byte, for targets an HTTP client would normalize. */
    private record Raw(int status, String text) {}

    private static Raw raw(int port, String target) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(text).as("response to %s", target).startsWith("HTTP/1.1 ");
            return new Raw(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    /** A flags folder with two small fake GIFs, and a secret file beside it that must never be served. */
    private Path tempFlags() throws IOException {
        Path flags = temp.resolve("flags");
        for (String cc : List.of("aa", "bb")) {
            Files.createDirectories(flags.resolve(cc));
            Files.writeString(flags.resolve(cc).resolve(cc + ".gif"), "GIF89a fake flag " + cc);
        }
        Files.writeString(temp.resolve("secret.txt"), "TOP SECRET");
        return flags;
    }

    private static Config local() {
        return Config.of(Mode.LOCAL);
    }

    // ---- LOCAL mode: the book's nginx ----

    @Test
    void servesEveryFixtureFlagByteForByteWithItsContentType() throws Exception {
        try (var server = FlagServer.start(local())) {
            for (String cc : Fixtures.countryCodes()) {
                var response = get(server.flagUrl(cc));
                assertThat(response.statusCode()).as(cc).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("image/gif");
                assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
                assertThat(Fixtures.matches(cc, response.body())).as("%s matches its SHA-256", cc).isTrue();
            }
            assertThat(server.stats().count(200)).isEqualTo(Fixtures.countryCodes().size());
        }
    }

    @Test
    void baseUrlHasTheBookLayoutOnLoopback() throws Exception {
        try (var server = FlagServer.start(local())) {
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/flags");
            assertThat(server.flagUrl("CN")).isEqualTo(server.baseUrl() + "/cn/cn.gif");
            assertThat(server.port()).isPositive();
            var cn = get(server.baseUrl() + "/cn/cn.gif");
            assertThat(cn.body()).isEqualTo(Files.readAllBytes(Fixtures.flagsDir().resolve("cn/cn.gif")));
            assertThat(server.toString()).startsWith("LOCAL flag server on " + server.baseUrl());
        }
    }

    @Test
    void headAnswersTheLengthWithoutABody() throws Exception {
        try (var server = FlagServer.start(local())) {
            var response = send("HEAD", server.flagUrl("br"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(Fixtures.flag("br").length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsAreNotAllowed(String method) throws Exception {
        try (var server = FlagServer.start(local())) {
            var response = send(method, server.flagUrl("cn"));
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void unknownCodesAndOtherPathsAre404() throws Exception {
        try (var server = FlagServer.start(local())) {
            String root = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/flags/zz/zz.gif", "/flags/cn/br.gif", "/flags/cn/cn.png", "/flags/cnn/cnn.gif",
                    "/flags/cn/", "/flags", "/", "/country_codes.txt", "/flags/cn/cn.GIF")) {
                assertThat(get(root + path).statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    @Test
    void upperCaseCodesAre404WithAHintAsOnTheBooksSite() throws Exception {
        try (var server = FlagServer.start(local())) {
            var response = get(server.baseUrl() + "/CN/CN.gif");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("lower case", "/flags/cn/cn.gif");
        }
    }

    // ---- nothing outside the flags folder, malformed requests ----

    @ParameterizedTest
    @ValueSource(strings = {
            "/flags/../secret.txt", "/flags/aa/../../secret.txt", "/../secret.txt", "/flags/./aa/aa.gif",
            "/flags/%2e%2e/secret.txt", "/flags/%2E%2E/%2E%2E/secret.txt", "/flags/aa%2F..%2F..%2Fsecret.txt",
            "/flags/aa%5c..%5c..%5csecret.txt", "/flags/%61a/aa.gif", "/flags/aa/aa.gif%00", "/flags/aa/aa.gif%00.txt",
            "/flags//aa/aa.gif", "/flags/aa/aa.gif?x=1", "/flags/aa/aa.gif?../../secret.txt", "/flags/aa/aa.gif#top",
            "/flags/aa\\..\\..\\secret.txt", "/flags/aa/aa.gif;x=1", "/flags/a%zz/aa.gif", "/flags/aa/aa.gif%",
            "*", "secret.txt", "/flags/~/secret.txt", "/flags/aa/aa.gif\u00e9", "/%66lags/aa/aa.gif"})
    void malformedAndTraversalRequestsGet4xxAndNeverTheSecret(String target) throws Exception {
        try (var server = FlagServer.start(local().withFlagsDir(tempFlags()))) {
            var response = raw(server.port(), target);
            assertThat(response.status()).as(target).isBetween(400, 499);
            assertThat(response.text()).doesNotContain("TOP SECRET", "GIF89a");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/flags/../pom.xml", "/flags/../../pom.xml", "/flags/%2e%2e/country_codes.txt",
            "/flags/cn/..%2f..%2fcountry_codes.txt", "/flags/../SHA256SUMS", "/../../../../etc/passwd"})
    void traversalAgainstTheRealFixturesGets4xx(String target) throws Exception {
        try (var server = FlagServer.start(local())) {
            var response = raw(server.port(), target);
            assertThat(response.status()).as(target).isBetween(400, 499);
            assertThat(response.text()).doesNotContain("<project", "root:", "flags/cn/cn.gif  ");
        }
    }

    @Test
    void veryLongPathsGet414() throws Exception {
        try (var server = FlagServer.start(local())) {
            assertThat(raw(server.port(), "/flags/" + "a/".repeat(200) + "aa.gif").status()).isEqualTo(414);
            assertThat(raw(server.port(), "/flags/" + "x".repeat(20_000)).status()).isBetween(400, 499);
        }
    }

    @Test
    void symbolicLinksLeadingOutOfTheFolderAreNotFollowed() throws Exception {
        Path flags = tempFlags();
        Path outside = Files.createDirectories(temp.resolve("outside/yy"));
        Files.writeString(outside.resolve("yy.gif"), "TOP SECRET in a directory");
        Files.createDirectories(flags.resolve("xx"));
        Files.createSymbolicLink(flags.resolve("xx/xx.gif"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(flags.resolve("yy"), outside);
        try (var server = FlagServer.start(local().withFlagsDir(flags))) {
            for (String cc : List.of("xx", "yy")) {
                var response = get(server.flagUrl(cc));
                assertThat(response.statusCode()).as(cc).isEqualTo(404);
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("TOP SECRET");
            }
            assertThat(get(server.flagUrl("aa")).statusCode()).isEqualTo(200);
        }
    }

    // ---- DELAY mode ----

    @Test
    void delayModeWaitsAtLeastTheLatency() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(0.3))) {
            long start = System.nanoTime();
            var response = get(server.flagUrl("cn"));
            long elapsed = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Fixtures.matches("cn", response.body())).isTrue();
            assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void defaultsOfEachMode() {
        assertThat(Config.of(Mode.LOCAL)).extracting(Config::minDelay, Config::maxDelay, Config::errorRate).containsExactly(0.0, 0.0, 0.0);
        assertThat(Config.of(Mode.DELAY)).extracting(Config::minDelay, Config::maxDelay, Config::errorRate).containsExactly(0.5, 0.5, 0.0);
        assertThat(Config.of(Mode.ERROR)).extracting(Config::minDelay, Config::maxDelay, Config::errorRate).containsExactly(0.5, 0.5, 0.25);
        assertThat(Config.of(Mode.ERROR)).extracting(Config::host, Config::port, Config::seed, Config::logRequests)
                .containsExactly("127.0.0.1", 0, 42L, false);
        assertThat(Config.of(Mode.LOCAL).flagsDir()).isEqualTo(Fixtures.flagsDir().toAbsolutePath().normalize());
        assertThat(List.of(Mode.LOCAL.bookPort(), Mode.DELAY.bookPort(), Mode.ERROR.bookPort())).containsExactly(8001, 8002, 8003);
        assertThat(Config.of(Mode.DELAY).withDelay(0.5, 5).describe()).isEqualTo("delay 0.5-5s");
        assertThat(Config.of(Mode.ERROR).describe()).isEqualTo("delay 0.5s, 25% errors (418, 500, 503), seed 42");
        assertThat(Config.of(Mode.LOCAL).describe()).isEqualTo("no added delay");
    }

    @Test
    void invalidConfigsAreRejected() {
        var config = Config.of(Mode.DELAY);
        assertThatThrownBy(() -> config.withDelay(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withDelay(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withDelay(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withErrorRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlagServer.start(config.withFlagsDir(temp.resolve("missing"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }

    @Test
    void aDelayRangeDrawsLatenciesInsideItFromTheSeedAndPath() {
        var config = Config.of(Mode.DELAY).withDelay(0.5, 5);
        var seen = new ArrayList<Duration>();
        for (String cc : Fixtures.countryCodes()) {
            String path = "/flags/" + cc.toLowerCase() + "/" + cc.toLowerCase() + ".gif";
            Duration latency = config.outcome(path, 0).latency();
            assertThat(latency).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
            assertThat(config.outcome(path, 0).latency()).isEqualTo(latency);
            assertThat(config.outcome(path, 0).fails()).isFalse();
            seen.add(latency);
        }
        assertThat(seen.stream().distinct().count()).isGreaterThan(150);
        double mean = seen.stream().mapToDouble(d -> d.toNanos() / 1e9).average().orElseThrow();
        assertThat(mean).isBetween(2.25, 3.25);
    }

    @Test
    void theServerSleepsTheLatencyOfItsRange() throws Exception {
        var config = Config.of(Mode.DELAY).withDelay(0.1, 0.4).withSeed(7);
        Duration planned = config.outcome("/flags/jp/jp.gif", 0).latency();
        try (var server = FlagServer.start(config)) {
            long start = System.nanoTime();
            assertThat(get(server.flagUrl("jp")).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(planned);
        }
    }

    // ---- ERROR mode ----

    private static Config fastErrors(long seed) {
        return Config.of(Mode.ERROR).withDelay(0).withErrorRate(0.5).withSeed(seed);
    }

    /** Each of the first codes requested three times in a row; the statuses in request order. */
    private static List<Integer> statusesOf(FlagServer server) throws Exception {
        var statuses = new ArrayList<Integer>();
        for (String cc : Fixtures.countryCodes().subList(0, 30)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                statuses.add(get(server.flagUrl(cc)).statusCode());
            }
        }
        return statuses;
    }

    @Test
    void sameSeedSameFailuresDifferentSeedDifferentFailures() throws Exception {
        List<Integer> first;
        List<Integer> again;
        List<Integer> other;
        try (var server = FlagServer.start(fastErrors(42))) {
            first = statusesOf(server);
        }
        try (var server = FlagServer.start(fastErrors(42))) {
            again = statusesOf(server);
        }
        try (var server = FlagServer.start(fastErrors(43))) {
            other = statusesOf(server);
        }
        assertThat(first).contains(200).containsAnyOf(418, 500, 503).allMatch(s -> List.of(200, 418, 500, 503).contains(s));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void resetStatsStartsTheSameSequenceAgain() throws Exception {
        try (var server = FlagServer.start(fastErrors(42))) {
            var first = statusesOf(server);
            server.resetStats();
            assertThat(statusesOf(server)).isEqualTo(first);
        }
    }

    @Test
    void aRetryOfTheSamePathCanSucceed() throws Exception {
        var config = fastErrors(42);
        String cc = Fixtures.countryCodes().stream().map(String::toLowerCase)
                .filter(c -> config.outcome("/flags/" + c + "/" + c + ".gif", 0).fails()
                        && !config.outcome("/flags/" + c + "/" + c + ".gif", 1).fails())
                .findFirst().orElseThrow();
        try (var server = FlagServer.start(config)) {
            int firstStatus = get(server.flagUrl(cc)).statusCode();
            assertThat(firstStatus).isIn(418, 500, 503);
            assertThat(firstStatus).isEqualTo(config.outcome("/flags/" + cc + "/" + cc + ".gif", 0).errorStatus());
            assertThat(get(server.flagUrl(cc)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failuresAreMostly418SomeServerErrorsNearTheErrorRate() {
        var config = Config.of(Mode.ERROR).withSeed(2024);
        var counts = new HashMap<Integer, Integer>();
        int draws = 0;
        for (String cc : Fixtures.countryCodes()) {
            String path = "/flags/" + cc.toLowerCase() + "/" + cc.toLowerCase() + ".gif";
            for (int attempt = 0; attempt < 50; attempt++, draws++) {
                counts.merge(config.outcome(path, attempt).errorStatus(), 1, Integer::sum);
            }
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(0, 418, 500, 503);
        double failures = draws - counts.get(0);
        assertThat(failures / draws).isBetween(0.23, 0.27);
        assertThat(counts.get(418) / failures).isBetween(0.5, 0.7);
        assertThat(counts.get(418)).isGreaterThan(counts.get(500)).isGreaterThan(0);
        assertThat(counts.get(418)).isGreaterThan(counts.get(503)).isGreaterThan(0);
    }

    @Test
    void seededCountsAreExactUnderConcurrency() throws Exception {
        var config = Config.of(Mode.ERROR).withDelay(0.05, 0.2).withSeed(99);
        List<String> codes = Fixtures.countryCodes().subList(0, 50);
        int rounds = 4;
        var expected = new HashMap<Integer, Long>();
        for (String cc : codes) {
            String lower = cc.toLowerCase();
            for (int attempt = 0; attempt < rounds; attempt++) {
                int error = config.outcome("/flags/" + lower + "/" + lower + ".gif", attempt).errorStatus();
                expected.merge(error == 0 ? 200 : error, 1L, Long::sum);
            }
        }
        try (var server = FlagServer.start(config)) {
            var futures = new ArrayList<CompletableFuture<HttpResponse<Void>>>();
            for (int round = 0; round < rounds; round++) {
                for (String cc : codes) {
                    futures.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.flagUrl(cc))).build(),
                            HttpResponse.BodyHandlers.discarding()));
                }
            }
            var actual = new HashMap<Integer, Long>();
            for (var future : futures) {
                actual.merge(future.join().statusCode(), 1L, Long::sum);
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(server.stats().byStatus()).isEqualTo(expected);
            assertThat(server.stats().failures()).isEqualTo(rounds * codes.size() - expected.get(200));
        }
    }

    // ---- a thousand slow requests ----

    // The latency is 2 s, not the lessons' 0.5 s: the test checks that the requests overlap, and on a loaded
    // 2-core machine the client alone may need more than 0.5 s to open a thousand connections. The time a
    // thousand 0.5 s requests take is measured by bench/server_load.java.
    @Test
    void aThousandConcurrentSlowRequestsAllSucceedAndOverlap() throws Exception {
        int n = 1000;
        List<String> codes = Fixtures.countryCodes();
        try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(2));
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<java.util.concurrent.Future<HttpResponse<byte[]>>>();
            for (int i = 0; i < n; i++) {
                String url = server.flagUrl(codes.get(i % codes.size()));
                results.add(threads.submit(() -> get(url)));
            }
            int ok = 0;
            for (int i = 0; i < n; i++) {
                var response = results.get(i).get();
                if (response.statusCode() == 200 && Fixtures.matches(codes.get(i % codes.size()), response.body())) {
                    ok++;
                }
            }
            assertThat(ok).isEqualTo(n);
            var stats = server.stats();
            assertThat(stats.requests()).isEqualTo(n);
            assertThat(stats.count(200)).isEqualTo(n);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.maxInFlight()).isGreaterThanOrEqualTo(900);
        }
    }

    // ---- statistics ----

    @Test
    void statisticsCountRequestsByStatusAndInFlight() throws Exception {
        try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(0.3))) {
            assertThat(server.stats()).isEqualTo(new FlagServer.Stats(0, Map.of(), 0, 0));
            var slow = client.sendAsync(HttpRequest.newBuilder(URI.create(server.flagUrl("cn"))).build(),
                    HttpResponse.BodyHandlers.discarding());
            awaitInFlight(server, 1);
            assertThat(server.stats().inFlight()).isEqualTo(1);
            assertThat(slow.join().statusCode()).isEqualTo(200);
            get(server.flagUrl("zz"));
            raw(server.port(), "/flags/../x");
            send("DELETE", server.flagUrl("cn"));

            var stats = server.stats();
            assertThat(stats.requests()).isEqualTo(4);
            assertThat(stats.byStatus()).containsExactly(Map.entry(200, 1L), Map.entry(400, 1L), Map.entry(404, 1L), Map.entry(405, 1L));
            assertThat(stats.count(418)).isZero();
            assertThat(stats.failures()).isEqualTo(3);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.maxInFlight()).isEqualTo(1);
            assertThat(stats.toString()).startsWith("4 requests (200: 1, 400: 1, 404: 1, 405: 1), max 1 in flight");

            server.resetStats();
            assertThat(server.stats()).isEqualTo(new FlagServer.Stats(0, Map.of(), 0, 0));
        }
    }

    private static void awaitInFlight(FlagServer server, int expected) throws InterruptedException {
        server.awaitInFlight(expected, Duration.ofSeconds(10));
    }

    @Test
    void requestLogHasOneLinePerRequestOnStandardError() throws Exception {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (var server = FlagServer.start(local().withLogRequests(true))) {
            get(server.flagUrl("cn"));
            get(server.flagUrl("zz"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (captured.toString(StandardCharsets.UTF_8).lines().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            System.setErr(original);
        }
        var lines = captured.toString(StandardCharsets.UTF_8).lines().sorted().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 GET /flags/cn/cn\\.gif 200 \\d+\\.\\d\\ds");
        assertThat(lines.get(1)).matches("127\\.0\\.0\\.1 GET /flags/zz/zz\\.gif 404 \\d+\\.\\d\\ds");
    }

    @Test
    void noLogUnlessAsked() throws Exception {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (var server = FlagServer.start(local())) {
            get(server.flagUrl("cn"));
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    // ---- start, shared, close ----

    @Test
    void sharedReturnsTheRunningServerAndReplacesItWhenTheConfigChanges() throws Exception {
        var first = FlagServer.shared(Mode.DELAY);
        try {
            assertThat(FlagServer.shared(Mode.DELAY)).isSameAs(first);
            assertThat(FlagServer.shared(Config.of(Mode.DELAY))).isSameAs(first);
            assertThat(get(first.flagUrl("cn")).statusCode()).isEqualTo(200);

            var faster = FlagServer.shared(Config.of(Mode.DELAY).withDelay(0.1));
            assertThat(faster).isNotSameAs(first);
            assertThat(first.isClosed()).isTrue();
            assertThat(faster.config().maxDelay()).isEqualTo(0.1);
            assertThat(FlagServer.shared(Config.of(Mode.DELAY).withDelay(0.1))).isSameAs(faster);
            assertThat(get(faster.flagUrl("cn")).statusCode()).isEqualTo(200);

            faster.close();
            var fresh = FlagServer.shared(Config.of(Mode.DELAY).withDelay(0.1));
            assertThat(fresh).isNotSameAs(faster);
            assertThat(fresh.isClosed()).isFalse();
            fresh.close();
        } finally {
            FlagServer.shared(Mode.DELAY).close();
        }
    }

    @Test
    void sharedOnAFixedPortNeverFailsWithAddressInUse() throws Exception {
        int port = freePort();
        var local = FlagServer.shared(local().withPort(port));
        try {
            get(local.flagUrl("cn"));
            var logged = FlagServer.shared(local().withPort(port).withLogRequests(false).withDelay(0.01));
            assertThat(logged.port()).isEqualTo(port);
            assertThat(local.isClosed()).isTrue();
            // another mode asking for the same port takes it over from the earlier cell's server
            var delay = FlagServer.shared(Config.of(Mode.DELAY).withDelay(0.01).withPort(port));
            assertThat(logged.isClosed()).isTrue();
            assertThat(get(delay.flagUrl("cn")).statusCode()).isEqualTo(200);
            delay.close();
        } finally {
            FlagServer.shared(Mode.LOCAL).close();
            FlagServer.shared(Mode.DELAY).close();
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws Exception {
        var server = FlagServer.start(local());
        int port = server.port();
        String url = server.flagUrl("cn");
        assertThat(get(url).statusCode()).isEqualTo(200);
        server.close();
        server.close();
        assertThat(server.isClosed()).isTrue();
        assertThatThrownBy(() -> get(url)).isInstanceOf(ConnectException.class);
        try (var again = FlagServer.start(local().withPort(port))) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(get(url).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closeDropsRequestsStillWaiting() throws Exception {
        var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(30));
        var waiting = client.sendAsync(HttpRequest.newBuilder(URI.create(server.flagUrl("cn"))).build(),
                HttpResponse.BodyHandlers.discarding());
        awaitInFlight(server, 1);
        long start = System.nanoTime();
        server.close();
        assertThat(waiting).failsWithin(Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aTakenPortGivesAClearError() throws Exception {
        try (var server = FlagServer.start(local())) {
            assertThatThrownBy(() -> FlagServer.start(local().withPort(server.port())))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(BindException.class)
                    .hasMessageContaining(":" + server.port())
                    .hasMessageContaining("another flag server");
        }
    }

    @Test
    void theServersThreadsNeverKeepTheJvmAlive() {
        try (var server = FlagServer.start(local())) {
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(thread -> thread.getName().startsWith("flag-server"))
                    .anyMatch(thread -> thread.getName().equals("flag-server-accept-" + server.port()))
                    .isNotEmpty()
                    .allMatch(Thread::isDaemon);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
