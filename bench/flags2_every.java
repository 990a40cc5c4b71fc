///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java

// Lesson 6 benchmark: every two-letter code (676 requests) against a server with 0.5 s latency and 1000
// concurrent requests allowed, i.e. `flags2_threadpool.java -e -m 1000` (and the virtual-thread variant),
// run as a learner runs them. The script's embedded server with --error-rate 0 is the book's DELAY server.
// Bar: 194 downloaded, 482 not found, in under 2 s. Usage: jbang bench/flags2_every.java [RUNS]

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

static final double LATENCY = 0.5;
static final int CODES = 676;

void main(String... args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    var elapsed = Pattern.compile("Elapsed time: (\\d+\\.\\d+)s");
    var dir = Files.createTempDirectory("flags2_every");
    boolean allMet = true;
    IO.println("flags2 -e -m 1000 against a 0.5 s server: ideal %.2fs (one latency), sequential estimate %.0fs (%d x %.1fs)%n"
            .formatted(LATENCY, CODES * LATENCY, CODES, LATENCY));
    for (String script : List.of("flags2_threadpool", "flags2_virtual")) {
        for (int run = 1; run <= runs; run++) {
            var command = new ArrayList<>(List.of(Bench.jbang(), "--quiet", Path.of("jbang", script + ".java").toAbsolutePath().toString(),
                    "-e", "-m", "1000", "--delay", Double.toString(LATENCY), "--error-rate", "0"));
            var out = dir.resolve("out.txt");
            long t0 = System.nanoTime();
            var builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // The flags land in a temporary folder, which is not inside the kit: tell the script where fixtures/ is.
            builder.environment().put("FUTURESKIT_FIXTURES", Path.of("fixtures").toAbsolutePath().toString());
            var process = builder.start();
            int status = process.waitFor();
            double wall = (System.nanoTime() - t0) / 1e9;
            String text = Files.readString(out);
            var m = elapsed.matcher(text);
            if (status != 0 || !m.find()) {
                IO.println(script + ": failed (status " + status + "):\n" + text);
                allMet = false;
                continue;
            }
            double seconds = Double.parseDouble(m.group(1));
            boolean counts = text.contains("194 flags downloaded.") && text.contains("482 not found.") && !text.contains("error");
            boolean met = counts && seconds < 2.0;
            allMet &= met;
            IO.println(String.format(Locale.ROOT,
                    "%-17s run %d: downloadMany %.2fs = %.2fx the ideal, %.0fx faster than sequential; process %.2fs; %s%s",
                    script, run, seconds, seconds / LATENCY, CODES * LATENCY / seconds, wall,
                    counts ? "194 downloaded, 482 not found" : "WRONG COUNTS", met ? "" : "  <-- bar not met"));
        }
    }
    IO.println(allMet ? "bar met: 194/482 in under 2 s" : "bar NOT met");
}
