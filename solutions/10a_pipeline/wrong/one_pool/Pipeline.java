// Wrong answer: everything on one pool. The downloads are paced and bounded, but each virtual thread also makes
// its tile: CPU-bound work on virtual threads, as many at once as flags arrived, on carriers the downloads share.
// Expect: not yet
// Expect: tiles were made on virtual threads
// Expect: the CPU stage on a pool of `cores` platform threads

import futureskit.Mosaic;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

public class Pipeline {

    public static BufferedImage mosaic(List<String> ccs, int requestsPerSecond, int cores, int maxWaiting) throws Exception {
        RateLimiter limiter = RateLimiter.of("flags", RateLimiterConfig.custom().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / requestsPerSecond))
                .timeoutDuration(Duration.ofMinutes(1)).build());
        Semaphore room = new Semaphore(maxWaiting);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Mosaic.Tile>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> {
                    room.acquire();
                    try {
                        byte[] gif = limiter.executeCallable(() -> Flags.getFlag(cc));
                        return Tiles.tile(cc, gif);   // wrong: the CPU work stays on the virtual thread
                    } finally {
                        room.release();
                    }
                }));
            }
            List<Mosaic.Tile> tiles = new ArrayList<>();
            for (Future<Mosaic.Tile> future : futures) {
                tiles.add(future.get());
            }
            return Tiles.mosaic(tiles);
        }
    }
}
