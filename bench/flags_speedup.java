///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java

// Lessons 1-2 benchmark (the book's Example 17-1): jbang/flags.java, flags_threadpool.java and
// flags_virtual.java on their embedded DELAY server with a fixed 0.5 s latency, run as a learner runs them
// (one jbang process each), timed by each script's own "20 flags downloaded in ...s" report. Best of RUNS.
// Ideal: n x d sequentially, ceil(n / workers) x d concurrently. Bar: >= 15x for both concurrent scripts
// (the ideal is 20x; the book measured 5x for its thread pool against the real site).
// Usage: jbang bench/flags_speedup.java [RUNS]

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

static final double DELAY = 0.5;
static final int FLAGS = 20;
static final Pattern REPORT = Pattern.compile("(?m)^(\\d+) flags downloaded in (\\d+\\.\\d+)s$");

record Script(String path, String strategy, int workers) {}

/** Runs a script once (in a scratch folder inside the kit, so it finds fixtures/) and returns its reported time. */
double run(String script, Path workDir) throws Exception {
    var process = new ProcessBuilder(Bench.jbang(), "--quiet", Path.of(script).toAbsolutePath().toString(),
            "--delay", Double.toString(DELAY))
            .directory(workDir.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) throw new IllegalStateException(script + " failed:\n" + out);
    var report = REPORT.matcher(out);
    if (!report.find() || Integer.parseInt(report.group(1)) != FLAGS) {
        throw new IllegalStateException(script + " did not report " + FLAGS + " flags:\n" + out);
    }
    return Double.parseDouble(report.group(2));
}

void main(String... args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    var scripts = List.of(
            new Script("jbang/flags.java", "sequential", 1),
            new Script("jbang/flags_threadpool.java", "thread pool", Math.min(20, FLAGS)),
            new Script("jbang/flags_virtual.java", "virtual threads", FLAGS));
    var workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "flags-speedup-");
    for (var script : scripts) run(script.path(), workDir); // warm-up: jbang builds each script once

    IO.println("20 flags, embedded DELAY server, %.1fs per request; best of %d run(s) per script; load average %.2f on %d cores"
            .formatted(DELAY, runs, Bench.loadAverage(),
                    Runtime.getRuntime().availableProcessors()));
    IO.println("%-30s %-16s %7s %8s %8s %9s %8s".formatted("script", "strategy", "workers", "time", "speedup", "ideal", "ideal x"));
    double sequential = 0;
    double worstConcurrent = Double.MAX_VALUE;
    for (var script : scripts) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) best = Math.min(best, run(script.path(), workDir));
        if (script.workers() == 1) sequential = best;
        double ideal = Math.ceil((double) FLAGS / script.workers()) * DELAY;
        double speedup = sequential / best;
        if (script.workers() > 1) worstConcurrent = Math.min(worstConcurrent, speedup);
        IO.println("%-30s %-16s %7d %7.2fs %7.1fx %8.2fs %7.1fx".formatted(script.path(), script.strategy(),
                script.workers(), best, speedup, ideal, FLAGS * DELAY / ideal));
    }
    IO.println("concurrent speedup: %.1fx (bar: >= 15x, ideal 20x) %s".formatted(worstConcurrent, worstConcurrent >= 15 ? "PASS" : "BELOW BAR"));
    Bench.goal("20 flags, thread pool and virtual threads against sequential (Example 17-1)",
            "%.1fx (the slower of the two, best of %d)".formatted(worstConcurrent, runs), ">= 15x (ideal 20x)", worstConcurrent >= 15);
}
