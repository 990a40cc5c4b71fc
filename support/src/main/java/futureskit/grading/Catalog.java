package futureskit.grading;

import java.util.List;
import java.util.function.Function;

/** The exercises, in the order a learner meets them, with what the grader needs to know about each. */
public final class Catalog {

    /**
     * One exercise: its folder name under {@code exercises/}, the lesson notebook it follows, the file the
     * learner edits, the time limit of a trial, and the advice a timeout or an exception earns.
     */
    public record Exercise(String name, String lesson, String title, String file, int limitSeconds,
                           String expectedTime, String timeoutAdvice, String advice,
                           Function<Trial.Context, Verdict> check) {
    }

    public static final List<Exercise> ALL = List.of(
            new Exercise("01_threadpool", "02_threadpool_map", "turn the sequential downloadMany into a thread pool",
                    "ThreadPool.java", 15,
                    "20 flags in well under a second (0.15 s latency each, downloaded side by side)",
                    "look at the threads above: a loop that never ends, or a wait for a task that never finishes"
                            + " (an executor's close() waits for all its tasks).",
                    "let the exception tell you which download failed; downloadOne is given and works sequentially.",
                    Checks::threadpool),
            new Exercise("02_as_completed", "03_futures_as_completed", "show flags in completion order, mapped back to their country",
                    "AsCompleted.java", 15,
                    "20 flags in about a second (latencies 0.05-1 s)",
                    "take each future as it completes (ExecutorCompletionService.take()), then get() it: it is done.",
                    "check how you tie a future back to its country code (a Map<Future<byte[]>, String>).",
                    Checks::asCompleted),
            new Exercise("03_deadlock", "04_deadlock", "fix the nested-wait deadlock on a one-thread pool",
                    "Deadlock.java", 6,
                    "20 flags from a local server in well under a second",
                    "a pool thread waits in get() for a task queued to its own pool, and no free thread is left to"
                            + " run that task. Never block a pool thread on work queued to the same pool: return the"
                            + " inner future and wait for it outside the pool, or chain the steps without waiting"
                            + " (thenCompose / thenApplyAsync on the same executor).",
                    "the saving step is given; the exercise is only about where the waiting happens.",
                    Checks::deadlock),
            new Exercise("04_callbacks", "05_callbacks_progress", "fill a results map and drive a progress counter from callbacks",
                    "Callbacks.java", 15,
                    "20 flags in about a second (latencies 0.05-1 s)",
                    "a future nobody completes keeps join() waiting: do all your futures come from supplyAsync?",
                    "an exception inside a callback is swallowed into the future it returns: look at what you join().",
                    Checks::callbacks),
            new Exercise("05_error_counts", "06_errors_progress", "count OK, not found and errors against the ERROR server",
                    "ErrorCounts.java", 15,
                    "78 requests (codes AA to CZ) in about a second",
                    "every request is answered within 0.05 s: something waits for a task that never ends.",
                    "in downloadOne, catch HttpStatusException: code() == 404 is NOT_FOUND; let other errors"
                            + " propagate and count them per future in downloadMany (future.get() throws"
                            + " ExecutionException; count it as ERROR).",
                    Checks::errorCounts),
            new Exercise("06_throttle", "06_errors_progress", "at most N requests in flight",
                    "Throttle.java", 15,
                    "21 flags (0.15 s latency) twice, with limits 3 and 7, in a few seconds",
                    "a permit acquired and never released blocks every later task: release it in a finally block.",
                    "look at the exception: every download works on its own.",
                    Checks::throttle),
            new Exercise("07_parallel_sha", "07_cpu_bound", "SHA-256 of 12 arrays on N worker threads",
                    "ParallelSha.java", 20,
                    "12 arrays of 16 MB hashed 8 times (1 and 2 workers) in a few seconds",
                    "nothing here waits on the network: a worker waiting on its own pool, or a loop that never ends?",
                    "compute each digest with Digests.sha256Hex(blob) and return them in input order.",
                    Checks::parallelSha),
            new Exercise("08_timeouts", "06_errors_progress", "give up on a stalled server in time, and cancel what is left",
                    "Timeouts.java", 8,
                    "about 1 s for the stalled server (the timeout given), plus a fraction of a second for the fast one",
                    "nothing stops a download from a server that answers after 60 s (OkHttp's own read timeout is"
                            + " 10 s): bound the wait (invokeAll(tasks, timeout, unit) or future.get(timeout, unit)),"
                            + " then cancel what is left, and make sure closing the executor does not wait for them.",
                    "a future cancelled or timed out throws when you get() it: check future.state() first.",
                    Checks::timeouts));

    private Catalog() {
    }

    public static Exercise get(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no exercise named " + name + "; the exercises are "
                        + ALL.stream().map(Exercise::name).toList()));
    }

    /** The exercise named {@code name}, or the only one whose name starts with it ("01", "01_thread"); else null. */
    public static String resolve(String name) {
        if (exists(name)) {
            return name;
        }
        var matches = ALL.stream().map(Exercise::name).filter(n -> n.startsWith(name)).toList();
        return matches.size() == 1 ? matches.getFirst() : null;
    }

    public static boolean exists(String name) {
        return ALL.stream().anyMatch(e -> e.name().equals(name));
    }
}
