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
 * @param rounds every timing of a {@link #measure measured} speedup, round by round: {@code rounds.get(r).get(i)}
 *               was measured with {@code rows.get(i).workers()} workers in round {@code r} (empty when not measured)
 */
public record Speedup(String workload, List<Row> rows, List<List<Duration>> rounds) {

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
        rounds = rounds.stream().map(List::copyOf).toList();
        for (var round : rounds) {
            if (round.size() != rows.size()) {
                throw new IllegalArgumentException("each round needs one timing per row");
            }
        }
    }

    public Speedup(String workload, List<Row> rows) {
        this(workload, rows, List.of());
    }

    /** Factors relative to the first timing; {@code timings.get(i)} was measured with {@code workers.get(i)}. */
    public static Speedup of(String workload, List<Integer> workers, List<Duration> timings) {
        return of(workload, workers, timings, null, List.of());
    }

    private static Speedup of(String workload, List<Integer> workers, List<Duration> timings, List<Double> cores,
                              List<List<Duration>> rounds) {
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
        return new Speedup(workload, rows, rounds);
    }

    /**
     * Times {@code run} with 1 to {@code maxWorkers} workers, {@code repeat} rounds, keeping the best time of each.
     * One untimed run with {@code maxWorkers} comes first, so that the JIT compiler has done its work before
     * the baseline is measured (otherwise compilation time inflates the 1-worker time and the speedup). Each round
     * times every worker count in turn (1, 2, ... then 1, 2, ... again), so that a slower spell of the machine
     * falls on all of them alike; {@link #spread()} gives the factor of each round, which such a spell moves less
     * than it moves the times. Best-of for the table: on a shared machine, noise only ever makes a run slower.
     * Each row also records how many cores the JVM actually got during its best run (CPU time / elapsed time):
     * when other programs keep the cores busy, that number, not the code, is what limits the speedup.
     */
    public static Speedup measure(String workload, int maxWorkers, int repeat, Run run) throws Exception {
        if (maxWorkers < 1 || repeat < 1) {
            throw new IllegalArgumentException("maxWorkers and repeat must be >= 1");
        }
        run.run(maxWorkers);
        var best = new Duration[maxWorkers];
        var bestCores = new double[maxWorkers];
        var rounds = new ArrayList<List<Duration>>();
        for (int r = 0; r < repeat; r++) {
            var round = new ArrayList<Duration>();
            for (int w = 1; w <= maxWorkers; w++) {
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                run.run(w);
                long wall = System.nanoTime() - t0;
                long cpu = processCpuNanos() - cpu0;
                Duration elapsed = Duration.ofNanos(wall);
                round.add(elapsed);
                if (best[w - 1] == null || elapsed.compareTo(best[w - 1]) < 0) {
                    best[w - 1] = elapsed;
                    bestCores[w - 1] = cpu0 < 0 ? Double.NaN : (double) cpu / wall;
                }
            }
            rounds.add(round);
        }
        var workers = new ArrayList<Integer>();
        var cores = new ArrayList<Double>();
        for (int w = 1; w <= maxWorkers; w++) {
            workers.add(w);
            cores.add(bestCores[w - 1]);
        }
        return of(workload, workers, List.of(best), cores, rounds);
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

    /**
     * The factor of each round with {@code workers} workers: the baseline's time in that round divided by this
     * worker count's time in the same round. Empty when not {@link #measure measured}.
     */
    public List<Double> roundFactors(int workers) {
        int i = rows.indexOf(row(workers));
        return rounds.stream().map(round -> seconds(round.getFirst()) / seconds(round.get(i))).toList();
    }

    /**
     * E.g. "RC4 factor per round, median (min-max) of 5 rounds: 2 workers 1.93x (1.88x-1.97x)": how far the
     * factor moved from one round to the next. Empty when not measured.
     */
    public String spread() {
        if (rounds.isEmpty()) {
            return "";
        }
        var parts = new ArrayList<String>();
        for (Row r : rows.subList(1, rows.size())) {
            var factors = roundFactors(r.workers()).stream().sorted().toList();
            int n = factors.size();
            double median = n % 2 == 1 ? factors.get(n / 2) : (factors.get(n / 2 - 1) + factors.get(n / 2)) / 2;
            parts.add(String.format(Locale.ROOT, "%d workers %.2fx (%.2fx-%.2fx)", r.workers(), median,
                    factors.getFirst(), factors.getLast()));
        }
        return workload + " factor per round, median (min-max) of " + rounds.size() + " round" + (rounds.size() == 1 ? "" : "s")
                + ": " + (parts.isEmpty() ? "one worker only" : String.join(", ", parts));
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
