// Wrong answer: the CPU stage on one thread. Paced, bounded and apart from the downloads, but when the downloads
// outrun the tiles, one core makes every tile while the other one idles.
// Expect: not yet
// Expect: the tiles were made one at a time
// Expect: a pool of `cores` threads for the tiles

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

/** Wrong on purpose: a single thread for the tiles, whatever `cores` says. */
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
             ExecutorService cpu = Executors.newSingleThreadExecutor()) {   // wrong: one thread, whatever `cores` says
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
