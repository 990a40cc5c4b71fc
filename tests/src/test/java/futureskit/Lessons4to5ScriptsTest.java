package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lessons 4 and 5 as a learner runs them. Every run is bounded by Scripts' timeout, so a demonstration that
 * hangs, or a script whose leftover non-daemon thread keeps the JVM alive after main returns, fails the test.
 */
class Lessons4to5ScriptsTest {
    private static final long BOUND = 90;   // seconds; generous for a first jbang build on a busy machine
    private static final List<String> POP20 = List.of("CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR".split(" "));
    private static final Pattern PARKED_ON = Pattern.compile("- parking to wait for <(java\\.util\\.concurrent\\.FutureTask@\\p{XDigit}+)>");

    @ParameterizedTest(name = "{0} worker(s)")
    @CsvSource({"1, ''", "4, --starvation"})
    void theDeadlockIsDiagnosedWithAThreadDumpAndEndedByShutdownNow(int workers, String starvation) throws Exception {
        var args = starvation.isEmpty() ? new String[] {"--threads"} : new String[] {starvation, "--threads"};
        var run = Scripts.jbang(BOUND, "jbang/deadlock.java", args);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        var out = run.stdout();
        assertThat(out).contains("pool: " + workers + " platform worker thread(s)", "no result after 2.0 s: deadlock",
                "jcmd " /* pid */, "never block a pool thread on work queued to the same pool",
                "live non-daemon threads besides main: none");
        for (int i = 1; i <= workers; i++) assertThat(out).contains("\"pool-worker-" + i + "\" #");
        assertThat(count(out, " WAITING\n")).isEqualTo(workers);
        assertThat(count(out, "FutureTask.get(FutureTask.java")).isEqualTo(workers);
        assertThat(count(out, "deadlock.waitOnFuture(deadlock.java")).isEqualTo(workers);
        // Each worker is parked on a future that shutdownNow() then hands back as a queued task that never ran.
        var parkedOn = PARKED_ON.matcher(out).results().map(m -> m.group(1)).toList();
        assertThat(parkedOn).hasSize(workers).doesNotHaveDuplicates();
        var afterShutdown = out.substring(out.indexOf("shutdownNow() interrupted the workers (ended: true"));
        for (var future : parkedOn) assertThat(afterShutdown).contains(future + "[Not completed]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"return-future", "more-workers", "compose", "virtual", "forkjoin"})
    void everyFixDeliversTheResultOnOneWorker(String fix) throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/deadlock.java", "--fix", fix, "--threads");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("fix: " + fix, "pow(5, 2) = 25  (outer task on ", "all 1 result(s) in ",
                "live non-daemon threads besides main: none").doesNotContain("deadlock", "WAITING");
    }

    @ParameterizedTest
    @ValueSource(strings = {"return-future", "more-workers", "compose", "virtual", "forkjoin"})
    void everyFixEndsTheStarvationOfFourWorkers(String fix) throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/deadlock.java", "--starvation", "--fix", fix);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("4 outer task(s)", "pow(5, 2) = 25", "pow(6, 2) = 36", "pow(7, 2) = 49",
                "pow(8, 2) = 64", "all 4 result(s) in ");
    }

    @Test
    void theFixesRunTheInnerTaskWhereTheLessonSays() throws Exception {
        // one spare worker: the inner task runs on the second thread
        assertThat(Scripts.jbang(BOUND, "jbang/deadlock.java", "--fix", "more-workers").stdout())
                .contains("pool: 2 platform worker thread(s)", "(outer task on pool-worker-1, inner task on pool-worker-2)");
        // Java 25's ForkJoinTask.get() on a worker of the same pool runs the queued subtask itself
        assertThat(Scripts.jbang(BOUND, "jbang/deadlock.java", "--fix", "forkjoin").stdout())
                .contains("ForkJoinPool with parallelism 1",
                        "(outer task on ForkJoinPool-1-worker-1, inner task on ForkJoinPool-1-worker-1)");
        assertThat(Scripts.jbang(BOUND, "jbang/deadlock.java", "--fix", "virtual").stdout())
                .containsPattern("outer task on virtual-\\d+, inner task on virtual-\\d+");
    }

    @Test
    void badOptionsExitWithStatusTwoAndUsage() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/deadlock.java", "--fix", "sleep-on-it");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--fix must be one of", "usage: deadlock.java");
    }

    @Test
    void resultsArriveAsTheyCompleteInsideTheBlockAndAllTogetherAfterIt() throws Exception {
        var scale = 0.2;
        var run = Scripts.jbang(BOUND, "jbang/progress_recipes.java", "--scale", String.valueOf(scale), "--threads");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var out = run.stdout();
        var inside = section(out, "results collected inside", "results collected after");
        var after = section(out, "results collected after", "input -> result");
        assertThat(names(inside)).containsExactly("fast", "medium", "slow");   // completion order
        assertThat(names(after)).containsExactly("slow", "fast", "medium");    // submission order, after close()
        // close() waited for the slowest job (6 s scaled) before the first result after the block was printed
        // (times are printed rounded to 0.01 s)
        assertThat(seconds(after)).hasSize(3).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(6 * scale - 0.005));
        var expected = new String[] {"1 -> 1", "2 -> 4", "3 -> 9", "4 -> 16", "5 -> 25"};
        assertThat(section(out, "carrying its input", "input -> result, a Map").lines().map(String::strip)).containsExactlyInAnyOrder(expected);
        assertThat(section(out, "a Map<Future", "live non-daemon").lines().map(String::strip)).containsExactlyInAnyOrder(expected);
        assertThat(out).contains("live non-daemon threads besides main: none");
    }

    @Test
    void progressBarsCountEveryFlagInTheOrderTheyWereTaken() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/progress_bars.java", "--scale", "0.2");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(line(run.stdout(), "submission order: ")).containsExactlyElementsOf(POP20);
        for (var label : List.of("completion order: ", "manual bar: ")) {
            var order = line(run.stdout(), label);
            assertThat(order).containsExactlyInAnyOrderElementsOf(POP20);
            assertThat(order.getLast()).as("CN takes longest").isEqualTo("CN");
        }
        // the bars render on stderr and each one's final state is complete
        assertThat(count(run.stderr(), "20/20")).isGreaterThanOrEqualTo(3);
        assertThat(run.stderr()).contains("submission order", "completion order", "downloading", "done");
    }

    @Test
    void callbacksRunOnTheCompletingWorkerOrOnTheCaller() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/callbacks_completable.java", "--scale", "0.2");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("attached when complete  -> runs on main")
                .containsPattern("attached while pending  -> runs on worker-\\d")
                .containsPattern("thenAcceptAsync\\(pool\\)   -> runs on worker-\\d")
                .contains("CN thenAccept: ", "BR handle: failed: HTTP 503 for BR; exceptionally: -1; whenComplete keeps the outcome: failed")
                .contains("CN whenComplete", "BR whenComplete").doesNotContain("BR thenAccept")
                .contains("18 sizes, 2 errors {BR=HTTP 503 for BR, JP=HTTP 503 for JP}");
        assertThat(run.stderr()).contains("downloads 100%", "20/20");
    }

    @Test
    void theWrongClosingOrderStillCollectsEveryResult() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/callbacks_completable.java", "--scale", "0.2", "--wrong-order");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("(executor declared first!)", "18 sizes, 2 errors");
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String section(String text, String from, String to) {
        var start = text.indexOf('\n', text.indexOf(from)) + 1;
        return text.substring(start, text.indexOf(to, start));
    }

    private static List<String> names(String section) {
        return section.lines().map(l -> l.strip().split("\\s+")[0]).toList();
    }

    private static List<Double> seconds(String section) {
        return section.lines().map(l -> Double.parseDouble(l.replaceAll(".* at ([0-9.]+) s$", "$1"))).toList();
    }

    private static List<String> line(String text, String label) {
        var line = text.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow(() -> new AssertionError("no line " + label + " in\n" + text));
        return Arrays.asList(line.substring(label.length()).split(" "));
    }
}
