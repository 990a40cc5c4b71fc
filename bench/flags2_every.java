///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/HttpRequestReader.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java

// Lesson 6 benchmark: every two-letter code (676 requests) against a server with 0.5 s latency and 1000
// concurrent requests allowed, i.e. `flags2_threadpool.java -e -m 1000` (and the virtual-thread variant), run as
// a learner runs them; the script's embedded server with --error-rate 0 is the book's DELAY server. It prints
// downloadMany's time (the script's own "Elapsed time") and the whole process's (JBang, the JVM, the server's
// start-up included), median and spread of RUNS runs after one that warms JBang's caches, against the goals:
// downloadMany <= 0.75 s (1.5x the one latency it ideally takes), the whole process <= 1.5 s and ahead of the
// book's Python.
//
// The book's Python on the same server: set FLUENT_PYTHON_FLAGS2 to the folder of the first edition's
// flags2_threadpool.py (Fluent Python's example code, 17-futures/countries; it needs requests and tqdm: set
// PYTHON to a python that has them) and the benchmark serves a DELAY server of the kit on the book's port 8002,
// runs the Python client against it, and the Java client with -s DELAY against the same server. Without it, the
// Python figure measured when the goal was set is quoted.
// Usage: jbang bench/flags2_every.java [RUNS]

import futureskit.FlagServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

static final double LATENCY = 0.5;
static final int CODES = 676;
static final Pattern ELAPSED = Pattern.compile("Elapsed time: (\\d+\\.\\d+)s");
/** The book's first-edition Python (requests + threads, flags2_threadpool.py -s DELAY -e -m 1000), quiet 2-core machine. */
static final double PYTHON_QUOTED = 2.43;

record Timings(Bench.Spread downloadMany, Bench.Spread process) {}

/** Runs {@code command} RUNS times (after one uncounted run) and checks each run found 194 flags and 482 missing. */
Timings time(String label, List<String> command, Path dir, int runs, Map<String, String> env) throws Exception {
    var downloadMany = new ArrayList<Double>();
    var process = new ArrayList<Double>();
    for (int run = 0; run <= runs; run++) {
        var result = Bench.run(command, dir, env, 120);
        var m = ELAPSED.matcher(result.output());
        boolean counts = result.output().contains("194 flags downloaded.") && result.output().contains("482 not found.")
                && !result.output().contains("error");
        if (result.status() != 0 || !m.find() || !counts) {
            throw new IllegalStateException(label + " failed (status " + result.status() + "):\n" + result.output());
        }
        if (run == 0) continue;   // JBang builds or checks the jar, the launcher's caches fill: not what is timed
        double seconds = Double.parseDouble(m.group(1));
        downloadMany.add(seconds);
        process.add(result.seconds());
        IO.println(String.format(Locale.ROOT, "%-34s run %d: downloadMany %.2fs = %.2fx one latency, %.0fx faster than"
                        + " sequential; whole process %.2fs; 194 downloaded, 482 not found",
                label, run, seconds, seconds / LATENCY, CODES * LATENCY / seconds, result.seconds()));
    }
    var d = Bench.Spread.of(downloadMany);
    var p = Bench.Spread.of(process);
    IO.println(String.format(Locale.ROOT, "%-34s downloadMany %s, whole process %s", label, d.seconds(), p.seconds()));
    return new Timings(d, p);
}

List<String> jbangScript(String script, String... args) {
    var command = new ArrayList<>(List.of(Bench.jbang(), "--quiet", Path.of("jbang", script + ".java").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
}

void main(String... args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    var dir = Files.createTempDirectory("flags2_every");
    // The flags land in a temporary folder, which is not inside the kit: tell the scripts where fixtures/ is.
    var env = Map.of("FUTURESKIT_FIXTURES", Path.of("fixtures").toAbsolutePath().toString());
    IO.println("flags2 -e -m 1000 against a 0.5 s server: ideal %.2fs (one latency), sequential estimate %.0fs (%d x %.1fs);"
            .formatted(LATENCY, CODES * LATENCY, CODES, LATENCY) + " load average %.2f on %d cores%n"
            .formatted(Bench.loadAverage(), Runtime.getRuntime().availableProcessors()));
    String[] embedded = {"-e", "-m", "1000", "--delay", Double.toString(LATENCY), "--error-rate", "0"};
    var threads = time("flags2_threadpool (embedded server)", jbangScript("flags2_threadpool", embedded), dir, runs, env);
    time("flags2_virtual (embedded server)", jbangScript("flags2_virtual", embedded), dir, runs, env);

    var d = threads.downloadMany();
    var p = threads.process();
    IO.println();
    Bench.goal("flags2_threadpool -e -m 1000 (DELAY 0.5 s), downloadMany", d.seconds(), "<= 0.75 s (1.5x one latency)",
            d.median() <= 0.75);
    Bench.goal("the same, whole process (JBang + JVM + server start)", p.seconds(), "<= 1.5 s", p.median() <= 1.5);

    String book = System.getenv("FLUENT_PYTHON_FLAGS2");
    FlagServer server = null;
    String why = "FLUENT_PYTHON_FLAGS2 unset";
    if (book != null && !book.isBlank()) {
        if (!Files.isRegularFile(Path.of(book, "flags2_threadpool.py"))) {
            throw new IllegalStateException("FLUENT_PYTHON_FLAGS2=" + book + " has no flags2_threadpool.py");
        }
        try {
            // The book's scripts name their servers by fixed ports: the first edition's DELAY is localhost:8002.
            server = FlagServer.start(FlagServer.Config.of(FlagServer.Mode.DELAY)
                    .withPort(FlagServer.Mode.DELAY.bookPort()).withDelay(LATENCY));
        } catch (java.io.UncheckedIOException e) {
            why = e.getMessage();
        }
    }
    if (server == null) {
        Bench.goal("the same, whole process, against the book's Python", p.seconds(),
                "ahead of %.2fs (quoted: %s)".formatted(PYTHON_QUOTED, why), p.median() < PYTHON_QUOTED);
        Bench.reference("the book's Python (flags2_threadpool.py, requests + threads), whole process",
                "%.2fs".formatted(PYTHON_QUOTED), "quoted, not measured here (see bench/flags2_every.java)");
        return;
    }
    var script = Path.of(book, "flags2_threadpool.py").toAbsolutePath();
    String python = System.getenv().getOrDefault("PYTHON", "python3");
    try (var shared = server) {
        IO.println("%nthe same server for both clients: %s%n".formatted(server));
        var py = time("the book's flags2_threadpool.py", List.of(python, script.toString(), "-s", "DELAY", "-e", "-m", "1000"),
                dir, runs, Map.of());
        var java = time("flags2_threadpool -s DELAY", jbangScript("flags2_threadpool", "-s", "DELAY", "-e", "-m", "1000"),
                dir, runs, env);
        var pyP = py.process();
        var javaP = java.process();
        IO.println();
        Bench.goal("whole process, both clients on the same DELAY server: Java", javaP.seconds(),
                "ahead of Python's %.2fs".formatted(pyP.median()), javaP.median() < pyP.median());
        Bench.reference("the book's Python (flags2_threadpool.py, requests + threads), whole process", pyP.seconds(),
                "measured in this run, downloadMany " + py.downloadMany().seconds());
    }
}
