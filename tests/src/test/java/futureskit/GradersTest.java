package futureskit;

import futureskit.grading.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The graders are honest: every reference solution passes, every untouched starter fails, and each
 * plausible wrong answer in solutions/_wrong fails with the message that names its mistake. All through
 * exercises/grade.java, the command a learner runs (the notebook check calls the same Grader).
 */
class GradersTest {

    private static final String GRADE = "exercises/grade.java";
    private static final List<String> NAMES = Catalog.ALL.stream().map(Catalog.Exercise::name).toList();

    /** What each untouched starter must be told: its mistake is the exercise. */
    private static final Map<String, List<String>> STARTER_VERDICTS = Map.of(
            "01_threadpool", List.of("not yet", "the server never saw more than 1 request at a time"),
            "02_as_completed", List.of("not yet", "flags were shown in submission order, not as they completed"),
            "03_deadlock", List.of("timed out", "FutureTask.get", "Deadlock.downloadOne", "server:"),
            "04_callbacks", List.of("not yet", "downloadMany returned with 0 of 20 flags in its map"),
            "05_error_counts", List.of("not yet", "threw ExecutionException", "HTTP 404"),
            "06_throttle", List.of("not yet", "the server saw 21 requests at once; the limit was 3"),
            "07_parallel_sha", List.of("not yet", "with workers = 2, the digests were still computed one at a time"),
            "08_timeouts", List.of("timed out", "invokeAll", "RealCall.execute", "delay 60s: 10 requests"));

    @Test
    void everyExerciseHasAStatementHintsAStarterAndASolution() throws IOException {
        assertThat(NAMES).hasSizeGreaterThanOrEqualTo(8);
        for (var e : Catalog.ALL) {
            Path exercise = Scripts.ROOT.resolve("exercises").resolve(e.name());
            assertThat(exercise.resolve("README.md")).as(e.name()).isRegularFile();
            assertThat(exercise.resolve(e.file())).as(e.name()).isRegularFile();
            assertThat(Scripts.ROOT.resolve("solutions").resolve(e.name()).resolve(e.file())).as(e.name()).isRegularFile();
            assertThat(Files.readString(exercise.resolve("hints.md"))).as(e.name()).contains("## Hint 1", "## Hint 2", "## Hint 3");
            assertThat(Files.readString(exercise.resolve(e.file()))).as(e.name()).contains("TODO");
        }
        try (Stream<Path> dirs = Files.list(Scripts.ROOT.resolve("exercises"))) {
            var folders = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("common")).sorted().toList();
            assertThat(folders).as("every exercise folder is graded").isEqualTo(NAMES.stream().sorted().toList());
        }
    }

    @Test
    void everySolutionPasses() throws Exception {
        Path tree = copyOf("solutions", "solutions");
        var run = Scripts.jbang(400, GRADE, "--dir", tree.toString(), "check", "--all");
        assertThat(run.exitCode()).as(run.all()).isZero();
        for (String name : NAMES) {
            assertThat(run.stdout()).contains("✓ " + name + ": passed");
        }
        assertThat(run.stdout()).doesNotContain("✗");

        var list = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(list.stdout()).contains(NAMES.size() + "/" + NAMES.size() + " done", "✓ 01_threadpool");
        var next = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "check");
        assertThat(next.exitCode()).isZero();
        assertThat(next.stdout()).contains("All " + NAMES.size() + " exercises pass");
    }

    @Test
    void everyUntouchedStarterFailsWithTheExercisesOwnMistake() throws Exception {
        Path tree = copyOf("exercises", "starters");
        var before = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(before.exitCode()).isZero();
        assertThat(before.stdout()).contains("0/" + NAMES.size() + " done", "· 01_threadpool", "untried",
                "Next: jbang exercises/grade.java check 01_threadpool");

        var run = Scripts.jbang(400, GRADE, "--dir", tree.toString(), "check", "--all");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout()).doesNotContain("✓");
        for (String name : NAMES) {
            String verdict = verdictOf(run.stdout(), name);
            assertThat(verdict).as(name).startsWith("✗ " + name + ": ").contains(STARTER_VERDICTS.get(name))
                    .contains("hint:     jbang exercises/grade.java hint " + name);
        }

        var after = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(after.stdout()).contains("0/" + NAMES.size() + " done", "✗ 01_threadpool", "failing", "timeout")
                .doesNotContain("untried");
    }

    @ParameterizedTest(name = "{0} for {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            submit_then_get | 01_threadpool   | not yet   | the server never saw more than 1 request at a time
            two_workers     | 01_threadpool   | not yet   | the server saw at most 2 requests at a time
            mislabeled      | 02_as_completed | not yet   | does not tie each country code to its own flag
            two_workers     | 03_deadlock     | timed out | 2 threads (pool-1-thread-1, pool-1-thread-2) (WAITING) in FutureTask.get
            step_at_end     | 04_callbacks    | not yet   | the progress counter lagged behind the downloads
            no_wait         | 04_callbacks    | not yet   | callbacks were still running after you returned
            404_as_error    | 05_error_counts | not yet   | 404 was counted as an error
            release_early   | 06_throttle     | not yet   | the server saw 21 requests at once; the limit was 3
            parallel_stream | 07_parallel_sha | not yet   | with workers = 1, 2 digests were computed at the same time
            abandon         | 08_timeouts     | not yet   | 10 of 10 requests were still open on the server 2 s after downloadMany returned
            platform_pool   | 08_timeouts     | timed out | in ExecutorService.close
            """)
    void aPlausibleWrongAnswerFailsWithTheRightMessage(String mistake, String exercise, String word, String message) throws Exception {
        Path tree = Scripts.ROOT.resolve("solutions/_wrong").resolve(mistake);
        var run = Scripts.jbang(200, GRADE, "--dir", tree.toString(), "check", exercise);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("✗ " + exercise + ": " + word).contains(message);
    }

    @Test
    void codeThatDoesNotCompileGetsTheCompilersFirstErrors() throws Exception {
        Path tree = Scripts.ROOT.resolve("tests/target/graders/broken");
        deleteTree(tree);
        Path file = Files.createDirectories(tree.resolve("01_threadpool")).resolve("ThreadPool.java");
        Files.writeString(file, """
                import java.util.List;
                public class ThreadPool {
                    public static int downloadMany(List<String> ccs) throws Exception {
                        return ccs.size() + undefinedHelper();
                    }
                }
                """);
        var run = Scripts.jbang(200, GRADE, "--dir", tree.toString(), "check", "01_threadpool");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("✗ 01_threadpool: does not compile")
                .contains("ThreadPool.java:4: cannot find symbol", "undefinedHelper()");
    }

    @Test
    void hintsComeOneAtATimeAndUsageErrorsExitWith2() throws Exception {
        Path tree = copyOf("exercises", "hints");
        var first = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "06");
        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).startsWith("Hint 1 of 3 for 06_throttle:").contains("Semaphore")
                .contains("next hint: jbang exercises/grade.java hint 06_throttle");
        var second = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "06_throttle");
        assertThat(second.stdout()).startsWith("Hint 2 of 3 for 06_throttle:").contains("finally");
        var third = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "06_throttle", "3");
        assertThat(third.stdout()).startsWith("Hint 3 of 3").contains("permits.acquire()", "that was the last hint");

        for (var args : List.of(List.of("hint"), List.of("check", "99_nothing"), List.of("frobnicate"))) {
            var run = Scripts.jbang(120, GRADE, Stream.concat(Stream.of("--dir", tree.toString()), args.stream()).toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", args).isEqualTo(2);
            assertThat(run.stderr()).as("%s", args).contains("grade: ");
        }
    }

    /** Verdict block of one exercise in a check --all output: from its mark line to the next mark line. */
    private static String verdictOf(String output, String name) {
        int start = output.indexOf("✗ " + name + ": ");
        if (start < 0) {
            start = output.indexOf("✓ " + name + ": ");
        }
        assertThat(start).as("a verdict for " + name + " in:\n" + output).isNotNegative();
        int end = output.length();
        for (String other : NAMES) {
            for (String mark : List.of("✗ ", "✓ ")) {
                int at = output.indexOf(mark + other + ": ", start + 1);
                if (at > start && at < end) {
                    end = at;
                }
            }
        }
        return output.substring(start, end);
    }

    /** A fresh copy of the committed tree's exercise folders, so grading leaves no progress file behind there. */
    private static Path copyOf(String source, String name) throws IOException {
        Path tree = Scripts.ROOT.resolve("tests/target/graders").resolve(name);
        deleteTree(tree);
        for (String exercise : NAMES) {
            Path from = Scripts.ROOT.resolve(source).resolve(exercise);
            Path to = Files.createDirectories(tree.resolve(exercise));
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return tree;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
