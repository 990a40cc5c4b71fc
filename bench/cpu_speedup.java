///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java

// Lesson 7 benchmark: jbang/sha_futures.java and jbang/arcfour_futures.java with 1 and 2 worker threads, run
// as a learner runs them: after a warm-up run, ROUNDS rounds that each time 1 worker and then 2 side by side.
// A round's factor is its 1-worker time over its 2-worker time; the median and the spread of the rounds are
// printed, and the best times. Goals on 2 cores: RC4 at least 1.8x in every round, SHA-256 at least 1.9x
// (the book's Python, with a process pool: 1.91x for RC4 and 1.60x for SHA-256 on the machine the goals were
// set on; its Table 17-1: 1.33x and 1.52x). The job sizes balance over 2 workers: SHA-256 has 12 equal jobs,
// RC4 the book's 12 sizes from 149 KB to 384 KB biggest first, which two workers share out 1600 KB each.
// The load average is printed too: other processes competing for the cores flatten any speedup.
// Usage: jbang bench/cpu_speedup.java [MAX_WORKERS] [ROUNDS]

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

static final Pattern ROUND_FACTOR = Pattern.compile("2 workers (\\d+\\.\\d+)x \\((\\d+\\.\\d+)x-(\\d+\\.\\d+)x\\)");

void main(String... args) throws Exception {
    String maxWorkers = args.length > 0 ? args[0] : "2";
    String rounds = args.length > 1 ? args[1] : "5";
    int cores = Runtime.getRuntime().availableProcessors();
    IO.println("%d cores, load average %.2f before".formatted(cores, Bench.loadAverage()));
    record Goal(String script, String what, double bar, boolean everyRound, double python) {}
    var goals = List.of(
            new Goal("arcfour_futures", "RC4, 2 workers against 1", 1.8, true, 1.91),
            new Goal("sha_futures", "SHA-256, 2 workers against 1", 1.9, false, 1.60));
    for (var goal : goals) {
        var command = List.of(Bench.jbang(), "--quiet", Path.of("jbang", goal.script() + ".java").toAbsolutePath().toString(),
                maxWorkers, "--repeat", rounds);
        var run = Bench.run(command, Path.of("").toAbsolutePath(), Map.of(), 900);
        String text = run.output();
        int start = text.indexOf("Workers |");
        var factor = ROUND_FACTOR.matcher(text);
        if (run.status() != 0 || start < 0 || !factor.find()) {
            IO.println(goal.script() + " failed (status " + run.status() + "):\n" + text);
            continue;
        }
        IO.println("== " + goal.script() + " (" + text.lines().filter(l -> l.startsWith("12 jobs")).findFirst().orElse("") + ")");
        IO.print(text.substring(start));
        double median = Double.parseDouble(factor.group(1));
        double min = Double.parseDouble(factor.group(2));
        double max = Double.parseDouble(factor.group(3));
        var spread = new Bench.Spread(median, min, max, Integer.parseInt(rounds)).factor();
        if (cores < 2) {
            Bench.reference(goal.what(), spread, "1 core: no speedup possible");
        } else if (goal.everyRound()) {
            Bench.goal(goal.what(), spread, ">= %.1fx in every round".formatted(goal.bar()), min >= goal.bar());
        } else {
            Bench.goal(goal.what(), spread, ">= %.1fx".formatted(goal.bar()), median >= goal.bar());
        }
        Bench.reference(goal.what() + ", the book's Python (process pool)", "%.2fx".formatted(goal.python()),
                "quoted from the machine the goal was set on, not measured here");
    }
    IO.println("load average %.2f after".formatted(Bench.loadAverage()));
}
