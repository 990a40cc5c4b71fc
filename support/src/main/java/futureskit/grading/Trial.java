package futureskit.grading;

import futureskit.grading.Verdict.Line;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The program the grader runs in a child JVM: it runs the exercise's {@link Judge} (which starts the flag
 * servers it needs and calls the learner's code) and writes the {@link Verdict} to a file, sealed
 * ({@link Seal}) so that the answer cannot write a verdict of its own there.
 *
 * <p>The child starts while the grader is still compiling the answer, loads what every check needs, then waits
 * for one line on standard input: the key of the seal, sent once the answer compiled (end of input means there
 * is nothing to grade). Only then are the learner's classes loaded, from the classes folder, by a class loader
 * of their own.
 *
 * <p>A watchdog thread writes a timeout verdict (with a summary of where the learner's threads are stuck and
 * what the server saw) and halts the JVM when the exercise's time limit passes; if the exercise has a
 * {@code stall_seconds}, a stall watch does the same as soon as nothing has happened for that long. So a
 * deadlock or an endless loop ends here, not in the learner's terminal or notebook. {@code Runtime.halt} ends the
 * threads the answer left running; the grader then ends the processes it started ({@link ProcessTree}).
 *
 * <p>Usage: {@code java -cp <grader classpath> futureskit.grading.Trial EXERCISE_TOML REPORT CLASSES}, the key on
 * standard input.
 */
public final class Trial {

    /** Exit status of a child whose watchdog or stall watch wrote the verdict. */
    static final int TIMED_OUT = 3;

    private Trial() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Trial EXERCISE_TOML REPORT_FILE CLASSES_DIR (and the key on standard input)");
            Runtime.getRuntime().halt(2);
        }
        var exercise = Exercise.load(Path.of(args[0]));
        var report = Path.of(args[1]);
        warmUp();
        byte[] key = Seal.parseLine(readLine(System.in));
        if (key == null) {
            // The answer did not compile, or the grader went away: nothing to judge.
            Runtime.getRuntime().halt(0);
        }
        System.setIn(new ByteArrayInputStream(new byte[0]));
        var seal = new Seal(key);
        Arrays.fill(key, (byte) 0);
        var ctx = new TrialContext(Path.of(args[2]));
        // The answer's classes are not on this JVM's class path (see TrialContext), but code that starts JVMs with
        // "the class path" (ProcessPool's workers) reads this property: it names them as before.
        System.setProperty("java.class.path", System.getProperty("java.class.path", "") + java.io.File.pathSeparator + args[2]);
        var reported = new AtomicBoolean();
        // Written now, while there is memory, beside the report: what the grader reads if an answer that fills the
        // heap leaves the watchdog none to take a thread dump, build its verdict, or even write it.
        write(outOfMemoryReport(report), seal.seal(TrialContext.heapFull(exercise)));
        // Neither the seal nor the context is stored in a static field: only these threads and this stack hold them.
        Thread.ofPlatform().daemon().name("grader-watchdog").start(() -> {
            long deadline = System.nanoTime() + exercise.limitSeconds() * 1_000_000_000L;
            // An answer may interrupt every thread it finds: keep waiting until the deadline anyway.
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                try {
                    Thread.sleep(left / 1_000_000 + 1);
                } catch (InterruptedException e) {
                    // Not from the grader: ignore.
                }
            }
            // With the heap nearly full, every allocation waits for a full collection: building the usual verdict
            // would take longer than the grace the grader gives, and any step of it may throw OutOfMemoryError.
            // Then the child halts without a report, and the grader reads the verdict sealed at the start.
            try {
                var rt = Runtime.getRuntime();
                if (rt.totalMemory() - rt.freeMemory() <= 0.9 * rt.maxMemory()) {
                    finishWith(report, reported, seal.seal(ctx.timedOut(exercise)), TIMED_OUT);
                    return;  // another thread finished first
                }
            } catch (Throwable e) {
                // The heap is full: the verdict made at the start goes out.
            }
            Runtime.getRuntime().halt(TIMED_OUT);
        });
        if (exercise.stallSeconds() > 0) {
            Thread.ofPlatform().daemon().name("grader-stall-watch").start(() -> {
                while (true) {
                    try {
                        finish(report, seal, reported, ctx.watchForStall(exercise), TIMED_OUT);
                        return;
                    } catch (Throwable e) {
                        // Out of memory: the watchdog takes over at the time limit; meanwhile watch again.
                    }
                }
            });
        }
        Thread.currentThread().setContextClassLoader(ctx.learnerLoader());
        Verdict verdict;
        try {
            verdict = judgeOf(exercise).judge(ctx);
        } catch (TrialContext.LearnerFailure e) {
            verdict = ctx.threw(e, exercise.exceptionAdvice());
        } catch (TrialContext.BadResult e) {
            verdict = Verdict.fail(e.getMessage(), List.of(
                    Line.next("return what the starter's signature promises, filled with your results")));
        } catch (TrialContext.Missing e) {
            verdict = Verdict.fail(e.getMessage(), List.of(
                    Line.next("keep the class and method names of the starter (" + exercise.file() + ")")));
        } catch (Throwable e) {
            verdict = new Verdict("", Verdict.Status.ERROR, "the grader failed: " + e, stack(e), 0);
        }
        if (verdict.status() != Verdict.Status.ERROR && !reported.get()) {
            CdsArchive.dumpNow();
        }
        finish(report, seal, reported, verdict, 0);
    }

    /** Writes the first verdict only, ends what the answer started, and halts (no shutdown hook of the answer runs). */
    private static void finish(Path report, Seal seal, AtomicBoolean reported, Verdict verdict, int status) {
        String text;
        try {
            text = seal.seal(verdict);
        } catch (Throwable e) {
            text = null;
        }
        finishWith(report, reported, text, status);
    }

    /** The first caller writes its sealed verdict and halts, whatever fails on the way; the others return. */
    private static void finishWith(Path report, AtomicBoolean reported, String sealed, int status) {
        if (sealed == null || !reported.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!ProcessTree.canFindMarked()) {
                // Where the grader cannot find them afterwards, end the processes the answer started here.
                ProcessTree.endDescendants(ProcessHandle.current());
            }
            // A full heap can fail a write now and let it pass a moment later.
            for (int attempt = 0; attempt < 20; attempt++) {
                try {
                    write(report, sealed);
                    break;
                } catch (Throwable e) {
                    Thread.sleep(50);
                }
            }
            System.out.flush();
        } catch (Throwable e) {
            // Halt anyway: the grader reads what was written.
        } finally {
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * Does once, while the grader compiles the answer (the two run side by side), what the first download of
     * every check costs in a fresh JVM: the flag server's and OkHttp's classes, OkHttp's platform and trust store,
     * one request through it all. Nothing of it stays: no Events are recorded (OkHttp is called directly, not
     * through the helpers), the server and the client are closed. Only a head start: a failure changes nothing.
     */
    private static void warmUp() {
        try (var server = futureskit.FlagServer.start(futureskit.FlagServer.Config.of(futureskit.FlagServer.Mode.LOCAL))) {
            var client = new okhttp3.OkHttpClient();
            try (var response = client.newCall(new okhttp3.Request.Builder().url(server.flagUrl("BR")).build()).execute()) {
                response.body().bytes();
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        } catch (Exception | LinkageError e) {
            // The check does all of this again anyway.
        }
    }

    /** One line of raw bytes from standard input, without buffering past it; null at end of input. */
    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII);
            }
            if (line.size() > 1024) {
                return null;
            }
            line.write(b);
        }
        return line.size() > 0 ? line.toString(StandardCharsets.US_ASCII) : null;
    }

    /** Where the verdict for an answer that filled the heap waits, written at start: {@code verdict.txt.oom}. */
    static Path outOfMemoryReport(Path report) {
        return report.resolveSibling(report.getFileName() + ".oom");
    }

    /** The exercise's judge, by the class name its metadata gives (no list of judges to keep here). */
    static Judge judgeOf(Exercise exercise) {
        try {
            return Class.forName(exercise.judge()).asSubclass(Judge.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("exercise " + exercise.id() + " names the judge " + exercise.judge()
                    + ", which is not a public Judge class with a public no-argument constructor: " + e);
        }
    }

    private static List<Line> stack(Throwable e) {
        return Arrays.stream(e.getStackTrace()).limit(8).map(f -> Line.more("at " + f)).toList();
    }

    private static void write(Path report, String text) throws IOException {
        Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, report, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
