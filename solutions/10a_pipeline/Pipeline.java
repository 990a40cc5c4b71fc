import futureskit.Mosaic;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Exercise 10a, a reference answer: two stages joined with thenApplyAsync, each on the executor its work needs.
 *
 * - I/O: a virtual thread per download. How many are in flight is not a pool size to choose: the rate
 *   limiter starts one every 1/requestsPerSecond seconds and Little's law does the rest (in flight =
 *   rate x latency).
 * - CPU: a pool of exactly `cores` platform threads (Goetz: N_cpu x U x (1 + W/C) with W = 0).
 * - Backpressure: a permit per flag from before its download until its tile is made, so at most maxWaiting
 *   flags are ever between the stages, and the downloads slow down to the pace of the tiles when the CPU is
 *   the bottleneck. The permit is taken before the download: a bounded queue after it would let every
 *   virtual thread download first and then wait, holding its flag.
 */
public class Pipeline {

    public static BufferedImage mosaic(List<String> ccs, int requestsPerSecond, int cores, int maxWaiting) throws Exception {
        // Paced evenly: one permit every 1/requestsPerSecond seconds. (requestsPerSecond permits per second would
        // allow them all at once at the start of each second, and the server's second need not start with ours.)
        RateLimiter limiter = RateLimiter.of("flags", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / requestsPerSecond))
                .timeoutDuration(Duration.ofMinutes(1))
                .build());
        Semaphore room = new Semaphore(maxWaiting);
        try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService cpu = Executors.newFixedThreadPool(cores)) {
            List<CompletableFuture<Mosaic.Tile>> tiles = new ArrayList<>();
            for (String cc : ccs) {
                tiles.add(CompletableFuture
                        .supplyAsync(() -> download(cc, limiter, room), io)
                        .thenApplyAsync(gif -> {
                            try {
                                return Tiles.tile(cc, gif);
                            } finally {
                                room.release();
                            }
                        }, cpu));
            }
            List<Mosaic.Tile> done = new ArrayList<>();
            for (CompletableFuture<Mosaic.Tile> tile : tiles) {
                done.add(tile.join());
            }
            return Tiles.mosaic(done);
        }
    }

    // Runs on a virtual thread: waiting for a permit, for the rate limiter and for the server costs nothing.
    private static byte[] download(String cc, RateLimiter limiter, Semaphore room) {
        room.acquireUninterruptibly();
        try {
            return limiter.executeCallable(() -> Flags.getFlag(cc));
        } catch (Exception e) {
            room.release();
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
