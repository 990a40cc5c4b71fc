package futureskit.grading;

import futureskit.grading.Verdict.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The program the grader runs in a child JVM: it runs the exercise's {@link Judge} (which starts the flag
 * servers it needs and calls the learner's code) and writes the {@link Verdict} to a file.
 *
 * <p>A watchdog thread writes a timeout verdict (with a summary of where the learner's threads are stuck and
 * what the server saw) and halts the JVM when the exercise's time limit passes, so a deadlock or an endless
 * loop ends here, not in the learner's terminal or notebook. {@code Runtime.halt} also ends threads the
 * learner's code left running.
 *
 * <p>Usage: {@code java -cp <compiled answer>:<grader classpath> futureskit.grading.Trial EXERCISE_TOML REPORT CLASSES}
 */
public final class Trial {

    private Trial() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Trial EXERCISE_TOML REPORT_FILE CLASSES_DIR");
            Runtime.getRuntime().halt(2);
        }
        var exercise = Exercise.load(Path.of(args[0]));
        var ctx = new TrialContext(Path.of(args[2]));
        var report = Path.of(args[1]);
        var reported = new AtomicBoolean();
        Thread.ofPlatform().daemon().name("grader-watchdog").start(() -> {
            try {
                Thread.sleep(exercise.limitSeconds() * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            if (reported.compareAndSet(false, true)) {
                write(report, ctx.timedOut(exercise));
                Runtime.getRuntime().halt(3);
            }
        });
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
        if (reported.compareAndSet(false, true)) {
            write(report, verdict);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
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

    private static void write(Path report, Verdict verdict) {
        try {
            Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
            Files.writeString(tmp, verdict.serialize(), StandardCharsets.UTF_8);
            Files.move(tmp, report, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
