package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lessons 6 and 7 as a learner runs them: the flags2 scripts against their embedded ERROR server, and the
 * CPU-bound scripts. Expected counts are computed here from the server's own rule (FlagServer.Config.outcome)
 * and the fixtures, never copied from a run.
 */
class Lessons6to7ScriptsTest {
    private static final long BOUND = 120; // seconds; generous for a first jbang build on a busy machine

    enum Status { OK, NOT_FOUND, ERROR }

    /** What a seeded ERROR server answers to the first request for each code (every code is asked once). */
    private static Map<String, Integer> expectedErrors(List<String> codes, long seed, double errorRate) {
        var config = FlagServer.Config.of(FlagServer.Mode.ERROR).withDelay(0).withErrorRate(errorRate).withSeed(seed);
        var errors = new TreeMap<String, Integer>();
        for (String cc : codes) {
            var outcome = config.firstOutcome(cc);
            if (outcome.fails()) errors.put(cc, outcome.errorStatus());
        }
        return errors;
    }

    static EnumMap<Status, Integer> expectedCounts(List<String> codes, long seed, double errorRate) {
        var errors = expectedErrors(codes, seed, errorRate);
        var counts = new EnumMap<Status, Integer>(Status.class);
        for (String cc : codes) {
            Status s = errors.containsKey(cc) ? Status.ERROR
                    : Fixtures.countryCodes().contains(cc) ? Status.OK : Status.NOT_FOUND;
            counts.merge(s, 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> every() {
        var codes = new ArrayList<String>();
        for (char a = 'A'; a <= 'Z'; a++) for (char b = 'A'; b <= 'Z'; b++) codes.add("" + a + b);
        return codes;
    }

    static String finalReport(EnumMap<Status, Integer> counts, boolean withZeros) {
        var lines = new ArrayList<String>();
        int ok = counts.getOrDefault(Status.OK, 0);
        lines.add("%3d flag%s downloaded.".formatted(ok, ok == 1 ? "" : "s"));
        int nf = counts.getOrDefault(Status.NOT_FOUND, 0);
        if (nf > 0 || withZeros) lines.add("%3d not found.".formatted(nf));
        int err = counts.getOrDefault(Status.ERROR, 0);
        if (err > 0) lines.add("%3d error%s.".formatted(err, err == 1 ? "" : "s"));
        return "--------------------\n" + String.join("\n", lines) + "\nElapsed time: ";
    }


    @Test
    void helpMatchesTheBooksOptions() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags2_threadpool.java", "-h");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("Usage: flags2_threadpool",
                "Download flags for country codes. Default: top 20 countries by population.",
                "[CC...]", "country code or 1st letter (eg. B for BA...BZ)",
                "-a, --all", "get all available flags (AD to ZW)",
                "-e, --every", "get flags for every possible code (AA...ZZ)",
                "-l, --limit N", "limit to N first codes",
                "-m, --max_req CONCURRENT", "maximum concurrent requests (default=30",
                "-s, --server LABEL", "EMBEDDED, LOCAL, DELAY,", "REMOTE (default=EMBEDDED)",
                "-v, --verbose", "output detailed progress info", "-h, --help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flags2_sequential", "flags2_threadpool", "flags2_virtual"})
    void aSeededErrorRunCountsExactly(String script) throws Exception {
        long seed = 7;
        var codes = every().stream().filter(cc -> cc.charAt(0) <= 'C').toList(); // the book's "a b c": AA to CZ
        var run = Scripts.jbang(Scripts.freshWorkDir("lessons6to7"), BOUND, "jbang/" + script + ".java",
                "--delay", "0", "--seed", Long.toString(seed), "a", "b", "c");

        assertThat(run.exitCode()).as(run.all()).isZero();
        String concurrency = script.equals("flags2_sequential") ? "1 connection will be used."
                : "30 concurrent connections will be used.";
        assertThat(run.stdout()).contains("EMBEDDED site: http://127.0.0.1:", "Searching for 78 flags: from AA to CZ\n"
                + concurrency, "seed 7", finalReport(expectedCounts(codes, seed, 0.25), false));
        assertThat(run.stderr()).as("the progress bar").contains("78/78");
    }

    @Test
    void verboseModeNamesEachFailingCodeWithItsHttpError() throws Exception {
        long seed = 42;
        var codes = every().stream().filter(cc -> cc.charAt(0) == 'B').toList();
        var run = Scripts.jbang(Scripts.freshWorkDir("lessons6to7"), BOUND, "jbang/flags2_threadpool.java", "-v", "--delay", "0", "b");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var reasons = Map.of(418, "I'm a teapot", 500, "Internal Server Error", 503, "Service Unavailable");
        var expected = expectedErrors(codes, seed, 0.25).entrySet().stream()
                .map(e -> e.getKey() + " error: HTTP error " + e.getValue() + " - " + reasons.get(e.getValue()))
                .sorted().toList();
        var printed = run.stdout().lines().filter(l -> l.contains(" error: ")).sorted().toList();
        assertThat(expected).isNotEmpty();
        assertThat(printed).isEqualTo(expected);
        assertThat(run.stdout()).contains("BR OK", "not found: http://127.0.0.1:");
        assertThat(run.stderr()).as("no progress bar in verbose mode").doesNotContain("26/26");
    }

    @Test
    void everyCodeFindsThe194FlagsAnd482NotFound() throws Exception {
        var dir = Scripts.freshWorkDir("lessons6to7");
        var run = Scripts.jbang(dir, BOUND, "jbang/flags2_threadpool.java",
                "-e", "-m", "1000", "--delay", "0.05", "--error-rate", "0");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("Searching for 676 flags: from AA to ZZ",
                "676 concurrent connections will be used.", "194 flags downloaded.\n482 not found.\nElapsed time: ");
        // What was saved is exactly the fixture flags.
        try (var files = Files.list(dir.resolve("downloads"))) {
            var saved = files.collect(Collectors.toMap(p -> p.getFileName().toString().replace(".gif", ""), p -> p));
            assertThat(saved.keySet()).containsExactlyInAnyOrderElementsOf(Fixtures.countryCodes());
            for (var e : saved.entrySet()) {
                assertThat(Fixtures.matches(e.getKey(), Files.readAllBytes(e.getValue()))).as(e.getKey()).isTrue();
            }
        }
    }

    @Test
    void limitAndAllSelectCodesAsTheBookDoes() throws Exception {
        var run = Scripts.jbang(Scripts.freshWorkDir("lessons6to7"), BOUND, "jbang/flags2_virtual.java", "-a", "-l", "5", "--delay", "0",
                "--error-rate", "0");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var first5 = Fixtures.countryCodes().subList(0, 5);
        assertThat(run.stdout()).contains("Searching for 5 flags: " + String.join(", ", first5),
                "5 concurrent connections will be used.", "  5 flags downloaded.");
    }

    @Test
    void tooManyConcurrentRequestsIsAUsageError() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags2_threadpool.java", "-m", "1001");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).contains("*** Usage error: --max_req CONCURRENT must be at most 1000, not 1001",
                "Usage: flags2_threadpool").doesNotContain("site:");
    }

    @Test
    void badCountryCodeIsAUsageError() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags2_sequential.java", "ABC");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).contains("*** Usage error: each CC argument must be A to Z or AA to ZZ.");
    }

    private static String sha(int job, int rounds) throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(job).nextBytes(data); // Random's sequence is specified: the script must hash these bytes
        var md = MessageDigest.getInstance("SHA-256");
        for (int r = 0; r < rounds; r++) md.update(data);
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void shaFuturesHashesTheDocumentedDataAndPrintsTheTable() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/sha_futures.java", "2", "--rounds", "2");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var digests = Pattern.compile("(?m)^\\s*(\\d+) ([0-9a-f]{64})$").matcher(run.stdout()).results()
                .collect(Collectors.toMap(m -> Integer.parseInt(m.group(1)), m -> m.group(2)));
        assertThat(digests.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        for (var e : digests.entrySet()) assertThat(e.getValue()).as("job " + e.getKey()).isEqualTo(sha(e.getKey(), 2));
        assertThat(run.stdout()).contains("2 workers, elapsed time: ", "Workers | SHA time | SHA factor")
                .containsPattern("(?m)^      1 \\| +\\d+\\.\\d\\ds \\|      1\\.00x$")
                .containsPattern("(?m)^      2 \\| +\\d+\\.\\d\\ds \\| +\\d+\\.\\d\\dx$");
    }

    @Test
    void rc4MatchesTheKnownTestVectors() throws Exception {
        var vectors = Scripts.jbang(BOUND, "jbang/arcfour.java");
        assertThat(vectors.exitCode()).as(vectors.all()).isZero();
        assertThat(vectors.stdout()).contains("4 of 4 test vectors match");

        // Wikipedia's vectors, one by one through the command line
        var cases = Map.of("Key", List.of("Plaintext", "BBF316E8D940AF0AD3"),
                "Wiki", List.of("pedia", "1021BF0420"),
                "Secret", List.of("Attack at dawn", "45A01F645FC35B383552544B9BF5"));
        for (var c : cases.entrySet()) {
            var run = Scripts.jbang(BOUND, "jbang/arcfour.java", c.getKey(), c.getValue().get(0));
            assertThat(run.stdout().strip()).as(c.getKey()).isEqualTo(c.getValue().get(1));
        }
    }

    @Test
    void arcfourFuturesRoundTripsEveryJobAndPrintsTheTable() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/arcfour_futures.java", "2", "--rounds", "1");

        assertThat(run.exitCode()).as(run.all()).isZero();
        // The book's 12 sizes: 256 KB + i * 256 KB / 12 for i = -5..6, each reported once it round-tripped.
        var expectedSizes = new ArrayList<String>();
        for (int i = 1; i <= 12; i++) {
            int size = 262144 + (int) (262144.0 / 12 * (i - 6));
            expectedSizes.add(String.format(java.util.Locale.ROOT, "%.1f KB", size / 1024.0));
        }
        var printed = run.stdout().lines().filter(l -> l.endsWith(" KB")).toList();
        assertThat(printed).containsExactlyInAnyOrderElementsOf(expectedSizes);
        assertThat(run.stdout()).contains("RC4 test vectors (Wikipedia, RFC 6229): 4 of 4 match",
                "from 149.3 KB to 384.0 KB", "Workers | RC4 time | RC4 factor");
    }
}
