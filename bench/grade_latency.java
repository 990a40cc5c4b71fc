///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java

// How long does a learner wait between typing "check" and reading the verdict? The command a learner runs,
// `jbang exercises/grade.java --dir <answer> check <id>`, timed from start to exit for a passing answer, a
// wrong one and one that deadlocks, with where the time goes: the front (JBang, the grader's JVM and the
// catalogue, measured alone as `grade.java list`), the grading (compile, child JVM, judge: the verdict's own
// "graded in"), and in it the exercise's own work (the verdict's "in 0.30 s"). An answer that does not compile
// shows what compiling costs (its child JVM starts, and is ended unused).
// The CPU time of all the JVMs involved is printed too: the load on a shared machine moves it far less.
// Usage: jbang bench/grade_latency.java [RUNS] [KIT_ROOT]   (KIT_ROOT: another clone, to compare two versions)

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

record Case(String label, String exercise, String file, Path source) {
}

record Run(double seconds, double cpu, double graded, double work, String firstLine) {
}

static final Pattern GRADED = Pattern.compile("graded in ([0-9.]+) s");
static final Pattern WORK = Pattern.compile("(?:in|after) ([0-9.]+) s");

void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path root = (args.length > 1 ? Path.of(args[1]) : Path.of("")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("exercises/grade.java"))) {
        System.err.println("grade_latency: no exercises/grade.java in " + root + " (run from the kit's root, or give KIT_ROOT)");
        System.exit(2);
    }
    var cases = List.of(
            new Case("pass     02a reference answer", "02a_threadpool", "ThreadPool.java",
                    root.resolve("solutions/02a_threadpool/ThreadPool.java")),
            new Case("wrong    02a two_workers", "02a_threadpool", "ThreadPool.java",
                    root.resolve("solutions/02a_threadpool/wrong/two_workers/ThreadPool.java")),
            new Case("timeout  04a starter (deadlock)", "04a_deadlock", "Deadlock.java",
                    root.resolve("exercises/04a_deadlock/Deadlock.java")),
            // Compiles, finds an error, never judges: its time less the front's is what compiling costs.
            new Case("no-compile 02a, one error", "02a_threadpool", "ThreadPool.java", null));
    String jbang = Bench.jbang();
    Path work = root.resolve("target/bench-grade-latency");
    deleteTree(work);
    double loadBefore = Bench.loadAverage();
    // A first run of each makes what later runs reuse (JBang's build and class-data archives, the grader's).
    run(jbang, root, List.of("list"));
    for (Case c : cases) {
        check(jbang, root, work, c);
    }
    var front = new ArrayList<Run>();
    var results = new ArrayList<List<Run>>();
    cases.forEach(c -> results.add(new ArrayList<>()));
    for (int r = 0; r < runs; r++) {
        front.add(run(jbang, root, List.of("list")));
        for (int i = 0; i < cases.size(); i++) {
            results.get(i).add(check(jbang, root, work, cases.get(i)));
        }
    }
    double loadAfter = Bench.loadAverage();
    System.out.printf(Locale.ROOT, "check-to-verdict latency of jbang exercises/grade.java (%s), %d runs each, min / median / max%n",
            root.getFileName(), runs);
    System.out.printf(Locale.ROOT, "load average %.2f before, %.2f after; %d cores%n", loadBefore, loadAfter,
            Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "  %-34s %s   cpu %.2f s%n", "front (grade.java list)",
            stats(front.stream().map(Run::seconds).toList()), median(front.stream().map(Run::cpu).toList()));
    for (int i = 0; i < cases.size(); i++) {
        var rs = results.get(i);
        var total = rs.stream().map(Run::seconds).toList();
        double graded = median(rs.stream().map(Run::graded).toList());
        double exercise = median(rs.stream().map(Run::work).toList());
        double cpu = median(rs.stream().map(Run::cpu).toList());
        System.out.printf(Locale.ROOT, "  %-34s %s   cpu %.2f s; graded in %.2f s (median): the exercise's own work"
                        + " %.2f s, compile + child JVM %.2f s; %s%n", cases.get(i).label(), stats(total), cpu, graded,
                exercise, graded - exercise, rs.getLast().firstLine());
    }
}

/** One check of a fresh copy of the answer (so no progress file is left in the kit's own folders). */
Run check(String jbang, Path root, Path work, Case c) throws Exception {
    Path tree = work.resolve(c.exercise() + "-" + c.label().strip().split("\\s+")[0]);
    deleteTree(tree);
    Files.createDirectories(tree);
    if (c.source() != null) {
        Files.copy(c.source(), tree.resolve(c.file()));
    } else {
        Files.writeString(tree.resolve(c.file()), """
                import java.util.List;
                public class ThreadPool {
                    public static int downloadMany(List<String> ccs) { return ccs.size() + undefined(); }
                }
                """);
    }
    return run(jbang, root, List.of("--dir", tree.toString(), "check", c.exercise()));
}

Run run(String jbang, Path root, List<String> args) throws Exception {
    var command = new ArrayList<>(List.of(jbang, "--quiet", root.resolve("exercises/grade.java").toString()));
    command.addAll(args);
    double cpu0 = childrenCpu();
    var run = Bench.run(command, root, Map.of(), 120);
    double cpu = childrenCpu() - cpu0;
    var lines = run.output().lines().toList();
    String first = lines.isEmpty() ? "" : lines.getFirst();
    var graded = GRADED.matcher(first);
    double g = graded.find() ? Double.parseDouble(graded.group(1)) : Double.NaN;
    double w = Double.NaN;
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        var m = WORK.matcher(line);
        if (m.find()) {
            w = Double.parseDouble(m.group(1));
            break;
        }
    }
    return new Run(run.seconds(), cpu, g, w, first.replaceAll(" \\(graded in [0-9.]+ s\\)", ""));
}

/**
 * CPU seconds used by the processes this one has waited for, and the ones those waited for (Linux's cutime and
 * cstime): JBang's JVM, the grader's, the child's. Unlike the wall time, load on the machine hardly moves it.
 */
double childrenCpu() {
    try {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 16 and 17 of stat(5), counted from the state field (3): indexes 13 and 14 here; 100 ticks a second.
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
        return Double.NaN;
    }
}

String stats(List<Double> xs) {
    var s = Bench.Spread.of(xs);
    return String.format(Locale.ROOT, "%5.2f / %5.2f / %5.2f s", s.min(), s.median(), s.max());
}

double median(List<Double> xs) {
    return Bench.Spread.of(xs).median();
}

void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
        return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
        }
    }
}
