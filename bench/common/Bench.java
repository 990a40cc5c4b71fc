import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What every benchmark needs besides its workload; shared through //SOURCES common/Bench.java. */
class Bench {
    /** JBANG from the environment (./kit bench sets it), else the copy ./kit setup installed, else jbang on PATH. */
    static String jbang() {
        String env = System.getenv("JBANG");
        if (env != null && !env.isBlank()) return env;
        var local = Path.of(".tools/jbang/bin/jbang").toAbsolutePath();
        return Files.isExecutable(local) ? local.toString() : "jbang";
    }

    /** Other processes competing for the cores flatten any speedup, so every benchmark prints this. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** What one run of a command printed, its exit status and how long the whole process took. */
    record Run(int status, String output, double seconds) {}

    /**
     * Runs {@code command} in {@code dir} with stdin empty, stdout and stderr captured, {@code env} added; a
     * command still running after {@code timeoutSeconds} is ended, with all it started, and is an error.
     */
    static Run run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws Exception {
        var out = Files.createTempFile("bench", ".txt");
        try {
            var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            long t0 = System.nanoTime();
            var process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Run(process.exitValue(), Files.readString(out), seconds);
        } finally {
            Files.delete(out);
        }
    }

    /** Median, min and max of some figures, e.g. "1.23s (1.10-1.45s, 5 runs)". */
    record Spread(double median, double min, double max, int n) {
        static Spread of(List<Double> values) {
            var sorted = new ArrayList<>(values);
            sorted.sort(null);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.getFirst(), sorted.getLast(), n);
        }

        String seconds() {
            return String.format(Locale.ROOT, "%.2fs (%.2f-%.2fs, %d run%s)", median, min, max, n, n == 1 ? "" : "s");
        }

        String factor() {
            return String.format(Locale.ROOT, "%.2fx (%.2f-%.2fx, %d round%s)", median, min, max, n, n == 1 ? "" : "s");
        }
    }

    /**
     * One row of the goals table that ./kit bench gathers from every benchmark and prints at the end: what was
     * measured, the figure, the goal and whether this run met it. A goal about speed is met or missed on this
     * machine at this load: the load average is printed beside it.
     */
    static void goal(String what, String measured, String goal, boolean met) {
        IO.println(String.format(Locale.ROOT, "goal | %s | %s | %s | %s (load %.1f)", what, measured, goal,
                met ? "met" : "NOT met", loadAverage()));
    }

    /** A row of the goals table that is a reference figure, not measured by this run (e.g. the book's Python). */
    static void reference(String what, String figure, String source) {
        IO.println("goal | " + what + " | " + figure + " | " + source + " | reference");
    }

    private Bench() {}
}
