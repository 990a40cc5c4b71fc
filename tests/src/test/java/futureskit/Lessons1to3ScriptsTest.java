package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Lessons 1 to 3 as a learner runs them: each script against its embedded flag server, in a fresh working
 * folder so its downloads/ holds only what this run saved. The folders live under tests/target, inside the
 * kit, so the scripts still find fixtures/ by walking up from their working directory.
 */
class Lessons1to3ScriptsTest {
    private static final long BOUND = 120; // seconds; generous for a first jbang build on a busy machine
    private static final List<String> POP20 = Fixtures.POP20_CC;
    private static final Pattern REPORT = Pattern.compile("(?m)^(\\d+) flags downloaded in \\d+\\.\\d\\ds$");

    @ParameterizedTest
    @ValueSource(strings = {"jbang/flags.java", "jbang/flags_threadpool.java", "jbang/flags_virtual.java"})
    void downloadsTheTwentyFlagsFromTheEmbeddedServerAndReports(String script) throws Exception {
        var workDir = Scripts.freshWorkDir("lessons1to3");
        var run = Scripts.jbang(workDir, BOUND, script, "--delay", "0.05");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var lines = run.stdout().lines().toList();
        assertThat(lines.getFirst()).as(run.all()).matches("EMBEDDED site \\(delay 0\\.05s\\): http://127\\.0\\.0\\.1:\\d+/flags");
        var codes = Arrays.asList(lines.get(1).strip().split(" "));
        assertThat(codes).as("country codes as they arrive").containsExactlyInAnyOrderElementsOf(POP20);
        if (script.equals("jbang/flags.java")) {
            assertThat(codes).as("the sequential script downloads in sorted order").isSorted();
        }
        assertThat(reportedCount(run.stdout())).isEqualTo(20);
        assertThat(savedFlags(workDir)).isEqualTo(expectedDigests(POP20));
    }

    @Test
    void theFuturesScriptPrintsEachFutureStateWhenScheduledAndWhenDone() throws Exception {
        var workDir = Scripts.freshWorkDir("lessons1to3");
        var run = Scripts.jbang(workDir, BOUND, "jbang/flags_threadpool_ac.java", "--delay", "0.05");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var five = POP20.subList(0, 5).stream().sorted().toList(); // BR CN ID IN US, submitted in this order
        var scheduled = Pattern.compile("Scheduled for (\\w\\w): <Future for (\\w\\w) state=(\\w+)> \\(\\d+ waiting in the queue\\)")
                .matcher(run.stdout()).results().toList();
        assertThat(scheduled).extracting(m -> m.group(1)).containsExactlyElementsOf(five);
        assertThat(scheduled).allSatisfy(m -> {
            assertThat(m.group(2)).isEqualTo(m.group(1)); // the Map<Future, String> names the right country
            // Queued or running, a Java future reports RUNNING (no PENDING); only a very slow print sees SUCCESS.
            assertThat(m.group(3)).isIn("RUNNING", "SUCCESS");
        });
        var done = Pattern.compile("<Future for (\\w\\w) state=(\\w+)> result: '(\\w\\w)'")
                .matcher(run.stdout()).results().toList();
        assertThat(done).extracting(m -> m.group(1)).containsExactlyInAnyOrderElementsOf(five);
        assertThat(done).allSatisfy(m -> {
            assertThat(m.group(2)).isEqualTo("SUCCESS");
            assertThat(m.group(3)).isEqualTo(m.group(1));
        });
        assertThat(reportedCount(run.stdout())).isEqualTo(5);
        assertThat(savedFlags(workDir)).isEqualTo(expectedDigests(five));
    }

    @Test
    void executorMapDemoDeliversResultsInSubmissionOrderEachAfterItsTask() throws Exception {
        var run = Scripts.jbang(Scripts.freshWorkDir("lessons1to3"), BOUND, "jbang/demo_executor_map.java");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var lines = run.stdout().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] .*"));
        assertThat(lines.getFirst()).endsWith("Script starting.");
        var results = lines.stream().filter(line -> line.contains(" result ")).toList();
        assertThat(results).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i)).endsWith("result " + i + ": " + i * 10);
            int done = indexOf(lines, "loiter(" + i + "): done.");
            assertThat(done).as("loiter(%d) finished", i).isNotNegative()
                    .isLessThan(lines.indexOf(results.get(i))); // get() returned only after its task ended
        }
        // loiter(3) and loiter(4) start only when a worker is free: after loiter(0) and loiter(1) end.
        assertThat(indexOf(lines, "loiter(3): doing")).isGreaterThan(indexOf(lines, "loiter(0): done."));
        assertThat(indexOf(lines, "loiter(4): doing")).isGreaterThan(indexOf(lines, "loiter(1): done."));
    }

    @Test
    void aBadCommandLineIsAUsageErrorNotAStackTrace() throws Exception {
        var unknown = Scripts.jbang(Scripts.freshWorkDir("lessons1to3"), BOUND, "jbang/flags.java", "--server", "NOWHERE");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown server: NOWHERE", "usage:").doesNotContain("Exception");

        var delayElsewhere = Scripts.jbang(Scripts.freshWorkDir("lessons1to3"), BOUND, "jbang/flags.java", "--server", "LOCAL", "--delay", "1");
        assertThat(delayElsewhere.exitCode()).isEqualTo(2);
        assertThat(delayElsewhere.stderr()).contains("--delay applies to the EMBEDDED server only");

        var notANumber = Scripts.jbang(Scripts.freshWorkDir("lessons1to3"), BOUND, "jbang/flags_virtual.java", "--delay", "soon");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.stderr()).contains("--delay takes SECONDS or MIN-MAX", "not soon").doesNotContain("Exception");
    }

    private static int reportedCount(String stdout) {
        var report = REPORT.matcher(stdout);
        assertThat(report.find()).as("a '<n> flags downloaded in <t>s' line in:\n" + stdout).isTrue();
        return Integer.parseInt(report.group(1));
    }

    /** File name to SHA-256 of everything the run left in downloads/ (a leftover temp file would show). */
    private static Map<String, String> savedFlags(Path workDir) throws IOException {
        var saved = new TreeMap<String, String>();
        try (Stream<Path> files = Files.list(workDir.resolve("downloads"))) {
            files.forEach(file -> saved.put(file.getFileName().toString(), Fixtures.sha256(file)));
        }
        return saved;
    }

    private static Map<String, String> expectedDigests(List<String> codes) {
        var expected = new TreeMap<String, String>();
        for (var cc : codes) {
            var lower = cc.toLowerCase();
            expected.put(lower + ".gif", Fixtures.digests().get(lower));
        }
        return expected;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i;
        }
        return -1;
    }

}
