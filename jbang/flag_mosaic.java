///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//DEPS io.github.resilience4j:resilience4j-ratelimiter:2.4.0
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/HttpRequestReader.java
//SOURCES ../support/src/main/java/futureskit/FlagSite.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//SOURCES ../support/src/main/java/futureskit/Flags.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//SOURCES ../support/src/main/java/futureskit/Mosaic.java
//SOURCES ../support/src/main/java/futureskit/Saves.java

// Lesson 10, the capstone: I/O and CPU together. All 194 flags from a slow server that allows 100 requests per
// second (I/O: a virtual thread per download, paced by Resilience4j's RateLimiter), a tile of each (CPU: decode,
// scale up, dominant colours, on a pool of one thread per core), a bounded number of flags between the two
// stages (backpressure), and a mosaic of them all in one PNG, the same bytes on every run:
//
//   jbang jbang/flag_mosaic.java                          # writes mosaic.png in the current folder
//   jbang jbang/flag_mosaic.java --rate 50 --delay 0.2 --workers 1 --output flags.png
//
// bench/pipeline.java runs FlagMosaic.pipeline with the best and the wrong sizes side by side.

import futureskit.FlagServer;
import futureskit.FlagSite.Delay;
import futureskit.Fixtures;
import futureskit.Flags;
import futureskit.Mosaic;
import futureskit.Saves;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

class FlagMosaic {

    /** How a run is sized: requests per second, CPU threads, and flags allowed between the stages. */
    record Sizing(double rate, int cpuThreads, int maxWaiting) {}

    /** What a run made and what it cost: the mosaic, the time, and the CPU time all tiles took together. */
    record Run(BufferedImage mosaic, double seconds, double cpuSeconds) {}

    /**
     * The pipeline: each flag is downloaded on {@code io} once the rate limiter allows (and a permit says there
     * is room between the stages), then made into a tile on {@code cpu}; thenApplyAsync joins the two stages.
     */
    static Run pipeline(String baseUrl, List<String> ccs, Sizing sizing, ExecutorService io, ExecutorService cpu) {
        var limiter = RateLimiter.of("flags", RateLimiterConfig.custom()
                .limitForPeriod(1)                                                     // one request...
                .limitRefreshPeriod(Duration.ofNanos(Math.round(1e9 / sizing.rate())))  // ...every 1/rate s
                .timeoutDuration(Duration.ofMinutes(5))
                .build());
        var room = new Semaphore(sizing.maxWaiting());
        var cpuNanos = new LongAdder();
        long t0 = System.nanoTime();
        List<CompletableFuture<Mosaic.Tile>> tiles = new ArrayList<>();
        for (String cc : ccs) {
            tiles.add(CompletableFuture
                    .supplyAsync(() -> {
                        room.acquireUninterruptibly();
                        try {
                            return limiter.executeCallable(() -> Flags.getFlag(baseUrl, cc));
                        } catch (Exception e) {
                            room.release();
                            throw new CompletionException(e);
                        }
                    }, io)
                    .thenApplyAsync(gif -> {
                        long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        try {
                            return Mosaic.tile(cc, gif);
                        } finally {
                            cpuNanos.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start);
                            room.release();
                        }
                    }, cpu));
        }
        var done = tiles.stream().map(CompletableFuture::join).toList();
        var mosaic = Mosaic.of(done);
        return new Run(mosaic, (System.nanoTime() - t0) / 1e9, cpuNanos.sum() / 1e9);
    }

    /** The ideal time: the slower stage alone, max(flags / rate, CPU time / cores). */
    static double ideal(int flags, double rate, double cpuSeconds, int cores) {
        return Math.max(flags / rate, cpuSeconds / cores);
    }

    public static void main(String... args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        double rate = 100;
        Delay delay = new Delay(0.1, 0.2);
        int workers = cores;
        int maxWaiting = 32;
        Path output = Path.of("mosaic.png");
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("-h") || option.equals("--help")) {
                    System.out.println("usage: flag_mosaic.java [--rate PER_SECOND] [--delay SECONDS|MIN-MAX] [--workers N]"
                            + " [--max-waiting N] [--output FILE]\n  defaults: --rate 100 --delay 0.1-0.2 --workers " + cores
                            + " (the cores) --max-waiting 32 --output mosaic.png");
                    return;
                }
                if (i + 1 == args.length) throw new IllegalArgumentException(option + " needs a value");
                String value = args[++i];
                switch (option) {
                    case "--rate" -> rate = positive(option, value);
                    case "--delay" -> delay = Delay.parse(value);
                    case "--workers" -> workers = (int) positive(option, value);
                    case "--max-waiting" -> maxWaiting = (int) positive(option, value);
                    case "--output" -> output = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + " (try --help)");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("flag_mosaic: " + e.getMessage());
            System.exit(2);
        }
        var ccs = Fixtures.countryCodes();
        var config = delay.applyTo(FlagServer.Config.of(FlagServer.Mode.DELAY)).withRateLimit(rate);
        try (var server = FlagServer.start(config);
             var io = Executors.newVirtualThreadPerTaskExecutor();
             var cpu = Executors.newFixedThreadPool(workers)) {
            System.out.println(server);
            var run = pipeline(server.baseUrl(), ccs, new Sizing(rate, workers, maxWaiting), io, cpu);
            byte[] png = Mosaic.png(run.mosaic());
            Path dir = output.toAbsolutePath().getParent();
            Saves.atomically(Saves.folder(dir), output.getFileName().toString(), png);
            double ideal = ideal(ccs.size(), rate, run.cpuSeconds(), Math.min(workers, cores));
            System.out.printf(Locale.ROOT, "%d flags downloaded (virtual threads, %s per second) and tiled (%d threads) in %.2fs%n",
                    ccs.size(), seconds(rate), workers, run.seconds());
            System.out.printf(Locale.ROOT, "ideal %.2fs = max(I/O %d flags / %s per s = %.2fs, CPU %.0f ms / %d cores = %.2fs): %.2fx the ideal%n",
                    ideal, ccs.size(), seconds(rate), ccs.size() / rate, run.cpuSeconds() * 1000, Math.min(workers, cores),
                    run.cpuSeconds() / Math.min(workers, cores), run.seconds() / ideal);
            System.out.println("server: " + server.stats() + (server.stats().count(429) == 0 ? "; no 429" : ""));
            System.out.printf(Locale.ROOT, "%s: %dx%d, %d bytes, sha256 %s%n", output, run.mosaic().getWidth(),
                    run.mosaic().getHeight(), png.length, Fixtures.sha256(png));
        } catch (Saves.CannotSave e) {
            System.err.println("flag_mosaic: " + e.getMessage());
            System.exit(1);
        }
    }

    static double positive(String option, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && number <= 1_000_000) return number;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a number above 0, not " + value);
    }

    static String seconds(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
