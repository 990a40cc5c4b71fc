package futureskit.grading.judges;

import futureskit.Events;
import futureskit.Fixtures;
import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.Mosaic;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static futureskit.grading.judges.Evidence.seconds;

/**
 * Exercise 10a: lesson 10's pipeline. Two runs of {@code Pipeline.mosaic(ccs, requestsPerSecond, cores, maxWaiting)}:
 * against a slow, rate-limited server (what the server saw: no 429, requests in flight as Little's law says), then
 * against a fast one that the CPU stage cannot keep up with (how many flags waited between the stages). Both
 * times the tiles must be made on at most {@code cores} platform threads and the mosaic must be the expected one.
 */
public final class PipelineJudge implements Judge {

    static final int CORES = 2;

    /**
     * One run's settings: the server's latency and rate limit, how many flags may wait between the stages, and
     * whether the downloads outrun the tiles (only then must two tiles be made at once: at 40 flags per second
     * a tile of a few milliseconds is done before the next flag arrives, whatever the pool).
     */
    private record Run(String name, double latency, int rate, int maxWaiting, boolean cpuBound) {
        int littles() {   // requests in flight at the full rate: L = lambda x W
            return (int) Math.round(rate * latency);
        }
    }

    @Override
    public Verdict judge(TrialContext c) {
        // 80 flags spread from AD to ZW, a mosaic of 6 rows. More than twice the rate limit: a Semaphore(40)
        // taken for a rate limit sends 40 at once and 40 more a latency later, which the server refuses unless
        // each request took a whole second.
        List<String> ccs = new ArrayList<>();
        List<String> all = Fixtures.countryCodes();
        for (int i = 0; i < 80; i++) {
            ccs.add(all.get(i * all.size() / 80));
        }
        var expectedTiles = new ArrayList<Mosaic.Tile>();
        for (String cc : ccs) {
            expectedTiles.add(Mosaic.tile(cc, Fixtures.flag(cc)));
        }
        String expected = Mosaic.digest(Mosaic.of(expectedTiles));
        var seen = new ArrayList<String>();

        // 1. Slow and rate-limited: 40 per second at 0.1 s each, so 4 in flight; 80 flags take 2 s at best.
        // Room for every flag: only a rate limiter keeps to 40 per second (80 in flight would start 800).
        var slow = new Run("slow", 0.1, 40, 80, false);
        var server = c.server(Config.of(Mode.DELAY).withDelay(slow.latency()).withRateLimit(slow.rate()));
        Verdict verdict = run(c, server, slow, ccs, expected, seen);
        if (verdict != null) {
            return verdict;
        }
        // 2. Fast: 0.05 s and 1000 per second; the downloads outrun 2 cores making tiles: 16 may wait.
        var fast = new Run("fast", 0.05, 1000, 16, true);
        server = c.server(Config.of(Mode.DELAY).withDelay(fast.latency()).withRateLimit(fast.rate()));
        verdict = run(c, server, fast, ccs, expected, seen);
        if (verdict != null) {
            return verdict;
        }
        return Verdict.pass("no 429, Little's law in flight, tiles on " + CORES + " threads, at most " + fast.maxWaiting()
                        + " flags waiting, the right mosaic", seen.stream().map(Line::seen).toList());
    }

    /** One call of the learner's pipeline, judged; null when it holds. */
    private static Verdict run(TrialContext c, FlagServer server, Run run, List<String> ccs, String expected, List<String> seen) {
        c.useServer(server.baseUrl());
        server.resetStats();
        String call = String.format(Locale.ROOT, "Pipeline.mosaic(%d codes, %d requests/s, %d cores, %d waiting)",
                ccs.size(), run.rate(), CORES, run.maxWaiting());
        c.doing(call + " against a server with " + server.config().describe());
        long t0 = System.nanoTime();
        Object result;
        try {
            result = c.call("Pipeline", "mosaic", ccs, run.rate(), CORES, run.maxWaiting());
        } catch (RuntimeException e) {
            // A 429 makes getFlag throw: say what the server saw rather than only what was thrown.
            if (server.stats().count(429) > 0) {
                return tooMany(server, run, ccs, seconds(t0));
            }
            throw e;
        }
        double secs = seconds(t0);
        var stats = server.stats();
        var downloads = Events.of("getFlag");
        var tiles = Events.of("tile");
        double peakRate = peakPerSecond(downloads);
        String io = String.format(Locale.ROOT, "%s server (%.2f s, %d/s): %d requests in %.2f s, at most %d in flight,"
                        + " at most %.0f started in one second", run.name(), run.latency(), run.rate(), stats.requests(),
                secs, stats.maxInFlight(), peakRate);
        if (stats.count(429) > 0) {
            return tooMany(server, run, ccs, secs);
        }
        if (!(result instanceof BufferedImage image)) {
            throw new TrialContext.BadResult("Pipeline.mosaic returned " + (result == null ? "null" : result.getClass().getSimpleName())
                    + " instead of the BufferedImage of Tiles.mosaic(tiles)");
        }
        if (stats.requests() != ccs.size() || downloads.size() != ccs.size()) {
            return Verdict.fail(stats.requests() + " requests for " + ccs.size() + " flags",
                    List.of(Line.expected("each flag downloaded once, with Flags.getFlag(cc)"), Line.seen(io),
                            Line.next("call Flags.getFlag once per code")));
        }
        if (tiles.size() != ccs.size()) {
            return Verdict.fail("Tiles.tile was called " + tiles.size() + " times for " + ccs.size() + " flags",
                    List.of(Line.next("make each tile with Tiles.tile(cc, gif), once per flag: the grader watches those calls"
                            + " to see your CPU stage")));
        }
        Verdict threads = cpuStage(tiles, io, run);
        if (threads != null) {
            return threads;
        }
        int waiting = maxWaiting(downloads, tiles);
        String cpu = String.format(Locale.ROOT, "tiles on %d thread(s), at most %d at once; at most %d flag(s) downloaded"
                + " and waiting for their tile", distinctThreads(tiles), Events.maxOverlap(tiles), waiting);
        // Where the rate limit is what holds the downloads back (not the backpressure), Little's law says how many
        // must be in flight; fewer than three quarters of that is too few (a pool sized to the cores, one at a time).
        if (run.littles() <= run.maxWaiting() && stats.maxInFlight() * 4 < run.littles() * 3) {
            return Verdict.fail("the server never saw more than " + stats.maxInFlight() + " request(s) at once",
                    List.of(Line.expected(String.format(Locale.ROOT, "about %d in flight: at %d requests per second and %.2f s"
                                    + " each, Little's law says %d x %.2f = %d", run.littles(), run.rate(), run.latency(), run.rate(),
                                    run.latency(), run.littles())),
                            Line.seen(io),
                            Line.next("size the I/O stage by Little's law, not by the cores: a virtual thread per download"
                                    + " (the rate limiter decides when each starts)")));
        }
        if (waiting > run.maxWaiting()) {
            return Verdict.fail(waiting + " flags were downloaded and waiting for their tile at once; the limit was " + run.maxWaiting(),
                    List.of(Line.expected("backpressure: at most " + run.maxWaiting() + " flags between the stages, the downloads"
                                    + " slowed down to the pace of the tiles"),
                            Line.seen(io), Line.more(cpu),
                            Line.next("take a permit (a Semaphore(maxWaiting)) before each download and give it back when its"
                                    + " tile is made: an executor's queue is unbounded, and a bounded queue alone still lets"
                                    + " every virtual thread download first and then wait, holding its flag")));
        }
        if (!Mosaic.digest(image).equals(expected)) {
            return Verdict.fail("the mosaic is not the one of these " + ccs.size() + " flags",
                    List.of(Line.expected(image.getWidth() + "x" + image.getHeight() + " pixels, every tile once:"
                                    + " Tiles.mosaic of the " + ccs.size() + " tiles"),
                            Line.seen(io),
                            Line.next("pass every tile (and only those) to Tiles.mosaic; it sorts them itself")));
        }
        seen.add(io);
        seen.add(cpu);
        return null;
    }

    private static Verdict tooMany(FlagServer server, Run run, List<String> ccs, double secs) {
        var stats = server.stats();
        String seenLine = String.format(Locale.ROOT, "%d requests for %d flags in %.2f s (%s), at most %d in flight",
                stats.requests(), ccs.size(), secs, stats, stats.maxInFlight());
        return Verdict.fail("the server answered 429 Too Many Requests to " + stats.count(429) + " of " + stats.requests()
                        + " requests; the server allows " + run.rate() + " per second",
                List.of(Line.expected("no 429: at most " + run.rate() + " requests started per second, paced evenly"),
                        Line.seen(seenLine),
                        Line.next(pace(run))));
    }

    private static String pace(Run run) {
        return String.format(Locale.ROOT, "pace the downloads with a rate limiter (Resilience4j's RateLimiter: one permit every"
                + " 1/requestsPerSecond seconds, taken before each getFlag). A Semaphore limits requests in flight, not per"
                + " second: at %.1f s each, N in flight start N / %.1f per second", run.latency(), run.latency());
    }

    private static Verdict cpuStage(List<Events.Event> tiles, String io, Run run) {
        long virtual = tiles.stream().filter(Events.Event::virtual).count();
        int threads = distinctThreads(tiles);
        int overlap = Events.maxOverlap(tiles);
        String cpu = String.format(Locale.ROOT, "tiles on %d thread(s)%s, at most %d at once", threads,
                virtual > 0 ? " (" + virtual + " of them made on virtual threads)" : "", overlap);
        if (virtual > 0) {
            return Verdict.fail(virtual + " of " + tiles.size() + " tiles were made on virtual threads",
                    List.of(Line.expected("the CPU stage on a pool of `cores` platform threads: virtual threads are for waiting"),
                            Line.seen(io), Line.more(cpu),
                            Line.next("hand each downloaded flag to a pool sized to the cores (Executors.newFixedThreadPool(cores),"
                                    + " thenApplyAsync(..., cpuPool)); a CallerRunsPolicy runs the tile on the caller,"
                                    + " here a virtual thread")));
        }
        if (threads > CORES || overlap > CORES) {
            return Verdict.fail("tiles were made on " + threads + " threads, " + overlap + " at once; there are " + CORES + " cores",
                    List.of(Line.expected("the CPU stage on `cores` threads: more threads than cores only take turns"),
                            Line.seen(io), Line.more(cpu),
                            Line.next("give the tiles their own pool of `cores` threads, apart from the downloads")));
        }
        if (run.cpuBound() && overlap < 2) {
            return Verdict.fail("the tiles were made one at a time",
                    List.of(Line.expected(CORES + " tiles at once, on " + CORES + " threads"), Line.seen(io), Line.more(cpu),
                            Line.next("a pool of `cores` threads for the tiles, and hand it every flag as it arrives")));
        }
        return null;
    }

    private static int distinctThreads(List<Events.Event> events) {
        return (int) events.stream().map(Events.Event::thread).distinct().count();
    }

    /** The most flags downloaded (getFlag returned) whose tile had not started yet, at any instant. */
    static int maxWaiting(List<Events.Event> downloads, List<Events.Event> tiles) {
        Map<String, Long> tileStart = new HashMap<>();
        for (var t : tiles) {
            tileStart.merge(t.key().toUpperCase(Locale.ROOT), t.start(), Math::min);
        }
        var waiting = new ArrayList<long[]>();
        for (var d : downloads) {
            Long start = tileStart.get(d.key().toUpperCase(Locale.ROOT));
            if (start != null && "ok".equals(d.outcome())) {
                waiting.add(new long[] {d.end(), Math.max(start, d.end())});  // downloaded, its tile not begun
            }
        }
        return Events.maxOverlapOf(waiting);
    }

    /** The most downloads started within any one second. */
    static double peakPerSecond(List<Events.Event> downloads) {
        long[] starts = downloads.stream().mapToLong(Events.Event::start).sorted().toArray();
        int best = 0;
        for (int i = 0, j = 0; i < starts.length; i++) {
            while (starts[i] - starts[j] >= 1_000_000_000L) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best;
    }
}
