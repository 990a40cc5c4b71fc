///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java

// Lesson 7 benchmark: jbang/sha_futures.java and jbang/arcfour_futures.java with 1 and 2 worker threads,
// best of 3 runs each after a warm-up, run as a learner runs them. Bar: on 2 cores, 2 workers at least
// 1.8x faster than 1 for both (the book, with processes in Python: 1.52x for SHA-256, 1.33x for RC4).
// The machine's load average is printed too: other processes competing for the cores flatten any speedup.
// Usage: jbang bench/cpu_speedup.java [MAX_WORKERS] [REPEAT]

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

void main(String... args) throws Exception {
    String maxWorkers = args.length > 0 ? args[0] : "2";
    String repeat = args.length > 1 ? args[1] : "3";
    int cores = Runtime.getRuntime().availableProcessors();
    IO.println("%d cores, load average %.2f before".formatted(cores, Bench.loadAverage()));
    var table = new StringBuilder();
    boolean met = true;
    for (String script : List.of("sha_futures", "arcfour_futures")) {
        var command = new ArrayList<>(List.of(Bench.jbang(), "--quiet", Path.of("jbang", script + ".java").toString(),
                maxWorkers, "--repeat", repeat));
        var out = Files.createTempFile(script, ".txt");
        var process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        int status = process.waitFor();
        String text = Files.readString(out);
        Files.delete(out);
        int start = text.indexOf("Workers |");
        if (status != 0 || start < 0) {
            IO.println(script + " failed (status " + status + "):\n" + text);
            met = false;
            continue;
        }
        String rows = text.substring(start);
        IO.println("== " + script + " (" + text.lines().filter(l -> l.startsWith("12 jobs")).findFirst().orElse("") + ")");
        IO.print(rows);
        var two = Pattern.compile("(?m)^\\s+2 \\|\\s+\\S+ \\|\\s+(\\d+\\.\\d+)x").matcher(rows);
        if (two.find()) {
            double factor = Double.parseDouble(two.group(1));
            boolean ok = factor >= 1.8;
            met &= ok || cores < 2;
            table.append(String.format(Locale.ROOT, "%-16s 2 workers: %.2fx %s%n", script, factor,
                    cores < 2 ? "(1 core: no speedup possible)" : ok ? ">= 1.8x" : "< 1.8x  <-- bar not met"));
        }
    }
    IO.print(table);
    IO.println("load average %.2f after; %s".formatted(Bench.loadAverage(), met ? "bar met" : "bar NOT met (re-run on a quiet machine)"));
}
