///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java
//SOURCES ../jbang/flag_mosaic.java

// Lesson 10 benchmark: the capstone's pipeline (all 194 flags from a server with 0.1-0.2 s per request and at
// most 100 requests per second, a tile of each, the mosaic) with the best sizing and with wrong ones, side by
// side, against the ideal max(I/O time at the rate limit, CPU time / cores). In one JVM, after a warm-up run;
// each sizing is timed three times (best of 3), the slow swapped one once. The job is I/O-bound (the CPU stage
// needs well under a core), so a wrong I/O sizing costs most. The load average is printed: other programs on the
// cores stretch the CPU stage, and with it every figure.
// Usage: jbang bench/pipeline.java [--quick]   (--quick leaves out the slow swapped-pools run, about 15 s)

import futureskit.FlagServer;
import futureskit.Fixtures;
import futureskit.Mosaic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

record Sizing(String name, Supplier<ExecutorService> io, Supplier<ExecutorService> cpu) {}

void main(String... args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int cores = Runtime.getRuntime().availableProcessors();
    double rate = 100;
    var ccs = Fixtures.countryCodes();
    var sizings = new ArrayList<Sizing>(List.of(
            new Sizing("I/O virtual threads, CPU " + cores + " threads (best)", Executors::newVirtualThreadPerTaskExecutor,
                    () -> Executors.newFixedThreadPool(cores)),
            new Sizing("I/O virtual threads, CPU 1 thread", Executors::newVirtualThreadPerTaskExecutor,
                    () -> Executors.newFixedThreadPool(1)),
            new Sizing("one pool: CPU on virtual threads too", Executors::newVirtualThreadPerTaskExecutor,
                    Executors::newVirtualThreadPerTaskExecutor)));
    if (!quick) {
        sizings.add(new Sizing("swapped: I/O " + cores + " threads, CPU 16", () -> Executors.newFixedThreadPool(cores),
                () -> Executors.newFixedThreadPool(16)));
    }
    IO.println(String.format(Locale.ROOT, "%d flags, DELAY 0.1-0.2 s, at most %.0f requests/s; %d cores, load average %.2f before",
            ccs.size(), rate, cores, Bench.loadAverage()));
    var config = FlagServer.Config.of(FlagServer.Mode.DELAY).withDelay(0.1, 0.2).withRateLimit(rate);
    try (var server = FlagServer.start(config)) {
        run(server, ccs, rate, sizings.getFirst(), cores);   // warm-up: the JIT compiles the tiles' loops
        String digest = null;
        double cpuSeconds = 0;
        var rows = new ArrayList<String>();
        for (var sizing : sizings) {
            int times = sizing.name().startsWith("swapped") ? 1 : 3;   // best of 3, but not 3 x 15 s
            FlagMosaic.Run best = null;
            FlagServer.Stats stats = null;
            for (int i = 0; i < times; i++) {
                server.resetStats();
                var run = run(server, ccs, rate, sizing, cores);
                if (best == null || run.seconds() < best.seconds()) {
                    best = run;
                    stats = server.stats();
                }
            }
            if (sizing == sizings.getFirst()) {
                cpuSeconds = best.cpuSeconds();
            }
            String d = Mosaic.digest(best.mosaic());
            if (digest != null && !digest.equals(d)) {
                throw new IllegalStateException(sizing.name() + " made another mosaic");
            }
            digest = d;
            double ideal = FlagMosaic.ideal(ccs.size(), rate, cpuSeconds, cores);
            rows.add(String.format(Locale.ROOT, "%-44s %6.2fs %6.2fx   %s", sizing.name(), best.seconds(), best.seconds() / ideal, stats));
        }
        double ideal = FlagMosaic.ideal(ccs.size(), rate, cpuSeconds, cores);
        IO.println(String.format(Locale.ROOT, "ideal %.2fs = max(I/O %d / %.0f per s = %.2fs, CPU %.2fs / %d cores = %.2fs)",
                ideal, ccs.size(), rate, ccs.size() / rate, cpuSeconds, cores, cpuSeconds / cores));
        IO.println(String.format(Locale.ROOT, "%-44s %7s %7s   %s", "sizing", "time", "x ideal", "what the server saw"));
        rows.forEach(IO::println);
        IO.println(String.format(Locale.ROOT, "the same mosaic every run (%s...); load average %.2f after", digest.substring(0, 12),
                Bench.loadAverage()));
    }
}

FlagMosaic.Run run(FlagServer server, List<String> ccs, double rate, Sizing sizing, int cores) {
    try (var io = sizing.io().get(); var cpu = sizing.cpu().get()) {
        return FlagMosaic.pipeline(server.baseUrl(), ccs, new FlagMosaic.Sizing(rate, cores, 32), io, cpu);
    }
}
