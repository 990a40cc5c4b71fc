// Wrong answer: a concurrency cap mistaken for a rate limit. A Semaphore(requestsPerSecond) allows that many
// requests in flight; at 0.1 s each they start ten times as many per second, and the server refuses the excess.
// Expect: not yet
// Expect: the server allows 40 per second
// Expect: A Semaphore limits requests in flight, not per second

import futureskit.Mosaic;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

public class Pipeline {

    public static BufferedImage mosaic(List<String> ccs, int requestsPerSecond, int cores, int maxWaiting) throws Exception {
        Semaphore perSecond = new Semaphore(requestsPerSecond);   // wrong: at most N at once is not N per second
        Semaphore room = new Semaphore(maxWaiting);
        try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService cpu = Executors.newFixedThreadPool(cores)) {
            List<CompletableFuture<Mosaic.Tile>> tiles = new ArrayList<>();
            for (String cc : ccs) {
                tiles.add(CompletableFuture
                        .supplyAsync(() -> {
                            room.acquireUninterruptibly();
                            perSecond.acquireUninterruptibly();
                            try {
                                return Flags.getFlag(cc);
                            } catch (java.io.IOException e) {
                                room.release();
                                throw new java.io.UncheckedIOException(e);
                            } finally {
                                perSecond.release();
                            }
                        }, io)
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
}
