// Wrong answer: no backpressure. Paced downloads on virtual threads, tiles on a pool of `cores` threads, but the
// pool's queue is unbounded: against a fast server every flag is downloaded long before its tile is made.
// Expect: not yet
// Expect: flags were downloaded and waiting for their tile at once; the limit was 16
// Expect: take a permit (a Semaphore(maxWaiting)) before each download

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

public class Pipeline {

    public static BufferedImage mosaic(List<String> ccs, int requestsPerSecond, int cores, int maxWaiting) throws Exception {
        RateLimiter limiter = RateLimiter.of("flags", RateLimiterConfig.custom().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / requestsPerSecond))
                .timeoutDuration(Duration.ofMinutes(1)).build());
        try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService cpu = Executors.newFixedThreadPool(cores)) {   // wrong: its queue has no bound
            List<CompletableFuture<Mosaic.Tile>> tiles = new ArrayList<>();
            for (String cc : ccs) {
                tiles.add(CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                return limiter.executeCallable(() -> Flags.getFlag(cc));
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        }, io)
                        .thenApplyAsync(gif -> Tiles.tile(cc, gif), cpu));
            }
            List<Mosaic.Tile> done = new ArrayList<>();
            for (CompletableFuture<Mosaic.Tile> tile : tiles) {
                done.add(tile.join());
            }
            return Tiles.mosaic(done);
        }
    }
}
