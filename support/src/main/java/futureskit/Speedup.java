package futureskit;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How much faster a workload runs with more workers: the book's Table 17-1 (workers, time, speedup factor).
 *
 * <p>JDK only, so that the JBang scripts {@code sha_futures} and {@code arcfour_futures} compile it through
 * {@code //SOURCES}; the chart of a speedup is in {@link SpeedupChart}.
 *
 * @param workload a short name for the table's columns, e.g. "SHA" or "RC4"
 * @param rows one row per worker count, the first one being the baseline (factor 1.00x)
 */
public record Speedup(String workload, List<Row> rows) {

    /**
     * One measurement: {@code factor} = baseline time / this time; {@code coresUsed} = CPU time this JVM used
     * during the run / elapsed time (how many cores it actually got; NaN when not measured).
     */
    public record Row(int workers, Duration elapsed, double factor, double coresUsed) {
    }

    /** A workload run with a given number of workers (to completion: the caller times it). */
    @FunctionalInterface
    public interface Run {
        void run(int workers) throws Exception;
    }

    public Speedup {
        Objects.requireNonNull(workload, "workload");
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a speedup needs at least one measurement");
        }
    }

    /** Factors relative to the first timing; {@code timings.get(i)} was measured with {@code workers.get(i)}. */
    public static Speedup of(String workload, List<Integer> workers, List<Duration> timings) {
        return of(workload, workers, timings, null);
    }

    private static Speedup of(String workload, List<Integer> workers, List<Duration> timings, List<Double> cores) {
        if (workers.size() != timings.size() || workers.isEmpty()) {
            throw new IllegalArgumentException("need one timing per worker count, got " + workers.size()
                    + " worker counts and " + timings.size() + " timings");
        }
        double base = seconds(timings.getFirst());
        var rows = new ArrayList<Row>();
        for (int i = 0; i < workers.size(); i++) {
            rows.add(new Row(workers.get(i), timings.get(i), base / seconds(timings.get(i)),
                    cores == null ? Double.NaN : cores.get(i)));
        }
        return new Speedup(workload, rows);
    }

    /**
     * Times {@code run} with 1 to {@code maxWorkers} workers, keeping the best of {@code repeat} runs each.
     * One untimed run with {@code maxWorkers} comes first, so that the JIT compiler has done its work before
     * the baseline is measured (otherwise compilation time inflates the 1-worker time and the speedup).
     * Best-of rather than mean: on a shared machine, noise only ever makes a run slower. Each row also
     * records how many cores the JVM actually got during its best run (CPU time / elapsed time): when other
     * programs keep the cores busy, that number, not the code, is what limits the speedup.
     */
    public static Speedup measure(String workload, int maxWorkers, int repeat, Run run) throws Exception {
        if (maxWorkers < 1 || repeat < 1) {
            throw new IllegalArgumentException("maxWorkers and repeat must be >= 1");
        }
        run.run(maxWorkers);
        var workers = new ArrayList<Integer>();
        var timings = new ArrayList<Duration>();
        var cores = new ArrayList<Double>();
        for (int w = 1; w <= maxWorkers; w++) {
            Duration best = null;
            double bestCores = Double.NaN;
            for (int r = 0; r < repeat; r++) {
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                run.run(w);
                long wall = System.nanoTime() - t0;
                long cpu = processCpuNanos() - cpu0;
                Duration elapsed = Duration.ofNanos(wall);
                if (best == null || elapsed.compareTo(best) < 0) {
                    best = elapsed;
                    bestCores = cpu0 < 0 ? Double.NaN : (double) cpu / wall;
                }
            }
            workers.add(w);
            timings.add(best);
            cores.add(bestCores);
        }
        return of(workload, workers, timings, cores);
    }

    /** CPU time of this whole JVM in nanoseconds, or -1 where the platform does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * E.g. "cores used (CPU time / elapsed): 1 worker 1.00, 2 workers 1.97": how much of the machine each
     * run got. Empty when not measured.
     */
    public String coresUsed() {
        if (rows.stream().allMatch(r -> Double.isNaN(r.coresUsed()))) {
            return "";
        }
        var parts = new ArrayList<String>();
        for (Row r : rows) {
            parts.add(String.format(Locale.ROOT, "%d worker%s %.2f", r.workers(), r.workers() == 1 ? "" : "s", r.coresUsed()));
        }
        return workload + " cores used (CPU time / elapsed): " + String.join(", ", parts);
    }

    /** The speedup factor measured with {@code workers} workers. */
    public double factor(int workers) {
        return row(workers).factor();
    }

    public Row row(int workers) {
        return rows.stream().filter(r -> r.workers() == workers).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measurement with " + workers + " workers"));
    }

    /** This speedup as a table. */
    public String table() {
        return table(this);
    }

    /**
     * Several workloads side by side, shaped like the book's Table 17-1:
     * <pre>
     * Workers | RC4 time | RC4 factor | SHA time | SHA factor
     *       1 |    2.31s |      1.00x |    2.80s |      1.00x
     * </pre>
     */
    public static String table(Speedup... series) {
        if (series.length == 0) {
            throw new IllegalArgumentException("nothing to tabulate");
        }
        var header = new StringBuilder("Workers");
        for (Speedup s : series) {
            header.append(" | ").append(pad(s.workload() + " time", 8)).append(" | ").append(pad(s.workload() + " factor", 10));
        }
        var out = new StringBuilder(header).append('\n');
        out.append("-".repeat(header.length())).append('\n');
        var counts = series[0].rows().stream().map(Row::workers).toList();
        for (int w : counts) {
            out.append(pad(Integer.toString(w), 7));
            for (Speedup s : series) {
                var found = s.rows().stream().filter(r -> r.workers() == w).findFirst();
                String time = found.map(r -> String.format(Locale.ROOT, "%.2fs", seconds(r.elapsed()))).orElse("-");
                String factor = found.map(r -> String.format(Locale.ROOT, "%.2fx", r.factor())).orElse("-");
                out.append(" | ").append(pad(time, Math.max(8, s.workload().length() + 5)))
                        .append(" | ").append(pad(factor, Math.max(10, s.workload().length() + 7)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
