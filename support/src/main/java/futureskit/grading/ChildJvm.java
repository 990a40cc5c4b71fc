package futureskit.grading;

import futureskit.grading.Verdict.Line;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM that judges one answer ({@link Trial}), seen from the grader: started before the answer is
 * compiled (its start-up overlaps the compilation), told to go with the seal's key once it compiled, stopped
 * when it overruns, and read back through its sealed report. Whatever the answer does, the grader ends with a
 * verdict: its output is drained and capped ({@link BoundedOutput}), the processes it started are ended
 * ({@link ProcessTree}), a report it forged is recognised ({@link Seal}).
 */
final class ChildJvm {

    /**
     * The grader reports this many cores to the answer ({@code -XX:ActiveProcessorCount}), so that an answer that
     * sizes a pool from {@code availableProcessors()} gets the same verdict on every machine.
     */
    static final int CORES = 4;

    /** Extra seconds granted over the child's own limit (counted from the go): a busy machine, a child that ignores its watchdog. */
    static final int GRACE_SECONDS = 20;

    /** Output beyond this is worth a line in the verdict: nobody prints that much on purpose. */
    static final long LOUD = 1 << 20;

    private final Exercise exercise;
    private final Path report;
    private final Process process;
    private final BoundedOutput output;
    private final String check;
    private final byte[] key = Seal.newKey();
    private final CdsArchive.Use cds;
    private volatile boolean swept;   // judge() ended every marked process and saw none left

    private ChildJvm(Exercise exercise, Path report, Process process, BoundedOutput output, String check, CdsArchive.Use cds) {
        this.exercise = exercise;
        this.report = report;
        this.process = process;
        this.output = output;
        this.check = check;
        this.cds = cds;
    }

    /** Starts the child for one check; it loads what it needs, then waits for {@link #judge()}. */
    static ChildJvm start(Exercise exercise, Path metadata, Path work, Path classes, List<Path> classpath,
                          Path fixtures, Path cacheDir) throws IOException {
        Path report = work.resolve("verdict.txt");
        var options = new ArrayList<>(List.of("-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                "-XX:+UseSerialGC", "-Xmx" + TrialContext.HEAP_MB + "m", "-XX:ActiveProcessorCount=" + CORES, "-XX:-UsePerfData",
                "-Dfutureskit.cores=" + Runtime.getRuntime().availableProcessors(),
                // The JVM's own log lines (class-data sharing notes among them) are noise in the answer's output.
                "-Xlog:disable",
                // The trial's flag server leaves the JDK's socket pollers in native code: without this, halt()
                // waits 0.3 s for them (JDK-8314243) after the verdict is written.
                "-XX:UserThreadWaitAttemptsAtExit=0"));
        if (exercise.preview()) {
            options.add("--enable-preview");   // lesson 8's StructuredTaskScope, compiled with --enable-preview too
        }
        var cds = CdsArchive.use(cacheDir, classpath, options);
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(cds.options());
        // The answer's downloads and temporary files go into the work folder, deleted after grading.
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        if (fixtures != null) {
            command.add("-Dfutureskit.fixtures=" + fixtures);
        }
        command.addAll(List.of("-cp", ChildClasspath.asString(classpath), Trial.class.getName(),
                metadata.toString(), report.toString(), classes.toString()));
        String check = HexFormat.of().formatHex(Seal.newKey(), 0, 8);
        var builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put(ProcessTree.MARKER, check);
        Process process = builder.start();
        return new ChildJvm(exercise, report, process, BoundedOutput.of(process.getInputStream()), check, cds);
    }

    /** The answer did not compile: the child, which ran none of it, is stopped at once; a new archive is dropped. */
    void abandon() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cds.discard();
    }

    /** Lets the child judge the compiled answer, and returns its verdict, or what went wrong instead. */
    Verdict judge() throws IOException, InterruptedException {
        try (OutputStream in = process.getOutputStream()) {
            in.write((Seal.line(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The child ended before it could be told to go: its status and output say why, below.
        }
        int limit = exercise.limitSeconds() + GRACE_SECONDS;
        boolean finished = process.waitFor(limit, TimeUnit.SECONDS);
        if (!finished) {
            ProcessTree.endDescendants(process.toHandle());
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        var sweep = ProcessTree.endMarked(check);
        swept = sweep.clean();   // then end() need not look through /proc again
        Map<String, Integer> leftRunning = sweep.ended();
        output.awaitEnd(1000);
        Verdict verdict = read(finished, limit);
        if (verdict.status() != Verdict.Status.ERROR && finished && process.exitValue() == 0) {
            cds.keep();
        } else {
            cds.discard();
        }
        var extra = new ArrayList<Line>();
        if (!leftRunning.isEmpty()) {
            var what = new ArrayList<String>();
            leftRunning.forEach((command, n) -> what.add(n + " " + command));
            int n = leftRunning.values().stream().mapToInt(Integer::intValue).sum();
            extra.add(new Line("process", "your code left " + n + " process" + (n == 1 ? "" : "es") + " running ("
                    + String.join(", ", what) + "); the grader ended " + (n == 1 ? "it" : "them")));
        }
        if (output.total() > LOUD) {
            extra.add(Line.output("your code printed " + BoundedOutput.size(output.total()) + "; the grader read it all"
                    + " and kept the first and last " + BoundedOutput.size(BoundedOutput.KEEP)));
        }
        if (extra.isEmpty()) {
            return verdict;
        }
        var details = new ArrayList<>(verdict.details());
        details.addAll(extra);
        return new Verdict(verdict.exercise(), verdict.status(), verdict.headline(), details, verdict.seconds());
    }

    private Verdict read(boolean finished, int limit) throws IOException {
        Path written = report;
        if (!Files.isRegularFile(report) && finished && process.exitValue() == Trial.TIMED_OUT) {
            // The watchdog had no memory left to write: the verdict it sealed at the start says so.
            written = Trial.outOfMemoryReport(report);
        }
        if (Files.isRegularFile(written)) {
            String text = Files.readString(written, StandardCharsets.UTF_8);
            try {
                return new Seal(key).open(exercise.id(), text);
            } catch (Seal.Broken e) {
                if (e.getMessage().startsWith("it is signed")) {
                    return new Verdict(exercise.id(), Verdict.Status.ERROR, "the grader's report cannot be read: "
                            + e.getMessage(), List.of(), 0);
                }
                return Verdict.fail("the report file was not the grader's: " + e.getMessage(), List.of(
                        Line.expected("the verdict the grader writes, sealed with a key your code never sees"),
                        Line.seen("a report file your code wrote or changed, starting \"" + firstLine(text) + "\""),
                        Line.next("leave the grader's files alone: write only with Flags.saveFlag, into Flags.DEST_DIR")))
                        .withExercise(exercise.id());
            }
        }
        var details = new ArrayList<Line>();
        details.add(Line.seen(finished ? "the grading JVM ended with status " + process.exitValue() + " before it could judge"
                : "the grading JVM was still running after " + limit + " s and was stopped"));
        var tail = output.lastLines(8);
        if (!tail.isEmpty()) {
            details.add(Line.output("the last lines it printed:"));
            tail.forEach(l -> details.add(Line.more(l)));
        }
        boolean outOfMemory = output.text().contains("OutOfMemoryError");
        details.add(Line.next(!finished ? exercise.timeoutAdvice()
                : outOfMemory ? "your code ran out of memory " + TrialContext.MEMORY_ADVICE
                : "does your code call System.exit or Runtime.halt? Return from the method instead"));
        return new Verdict(exercise.id(), finished ? Verdict.Status.FAIL : Verdict.Status.TIMEOUT,
                finished ? (outOfMemory ? "your code ran out of memory and the JVM ended before the grader could judge it"
                        : "your code ended the JVM before the grader could judge it")
                        : "your code did not finish within " + limit + " s", details, 0);
    }

    private static String firstLine(String text) {
        String first = text.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return first.length() > 40 ? first.substring(0, 40) + "..." : first;
    }

    /** Makes sure nothing of this check keeps running (called in every case, also after {@link #judge()}). */
    void end() {
        if (process.isAlive()) {
            ProcessTree.endDescendants(process.toHandle());
            process.destroyForcibly();
        }
        if (!swept) {
            ProcessTree.endMarked(check);
        }
    }
}
