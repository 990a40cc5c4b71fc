import futureskit.Mosaic;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exercise 10a: lesson 10's pipeline. Download every flag (I/O: waiting), make a tile of each (CPU: computing),
 * and return the mosaic of the tiles; the server is slow and allows only so many requests per second.
 *
 * The grader runs it against a slow, rate-limited server and against a fast one, and looks at what the server
 * saw, at which threads made the tiles, and at how many flags waited between the stages.
 * Check: jbang exercises/grade.java check 10a_pipeline
 */
public class Pipeline {

    /**
     * The mosaic of the flags of {@code ccs}: each downloaded with Flags.getFlag(cc), at most
     * {@code requestsPerSecond} requests started per second, paced evenly; each made into a tile with
     * Tiles.tile(cc, gif) on at most {@code cores} platform threads; never more than {@code maxWaiting} flags
     * downloaded and waiting for their tile; the tiles assembled with Tiles.mosaic(tiles).
     */
    public static BufferedImage mosaic(List<String> ccs, int requestsPerSecond, int cores, int maxWaiting) throws Exception {
        // TODO 1: this sends every request at once; the server answers 429 Too Many Requests above
        //  requestsPerSecond. Pace the downloads with a rate limiter (Resilience4j's RateLimiter).
        // TODO 2: the tiles are CPU-bound work: make them on a pool of `cores` platform threads, not on the
        //  virtual threads that download (hand each flag over as it arrives: thenApplyAsync, or a queue).
        // TODO 3: backpressure: never more than maxWaiting flags downloaded and not yet tiled.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Mosaic.Tile>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> Tiles.tile(cc, Flags.getFlag(cc))));
            }
            List<Mosaic.Tile> tiles = new ArrayList<>();
            for (Future<Mosaic.Tile> future : futures) {
                tiles.add(future.get());
            }
            return Tiles.mosaic(tiles);
        }
    }
}
