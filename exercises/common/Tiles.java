import futureskit.Events;
import futureskit.Mosaic;
import java.awt.image.BufferedImage;
import java.util.Collection;

/**
 * Lesson 10's CPU-bound work for exercise 10a: a tile of one flag, and the mosaic of the tiles.
 *
 * <p>{@link #tile} reports each call to {@link Events} (which thread, from when to when): that is how the grader
 * sees your CPU stage, and how many flags waited between the stages. Don't edit this file; call it.
 */
public final class Tiles {

    private Tiles() {
    }

    /** Decodes the flag, scales it up 16 times and finds its 4 dominant colours: a few milliseconds of CPU. */
    public static Mosaic.Tile tile(String cc, byte[] gif) {
        long start = Events.now();
        try {
            return Mosaic.tile(cc, gif);
        } finally {
            Events.record("tile", cc, start, "ok");
        }
    }

    /** The mosaic of the tiles, sorted by colour: the order you pass them in does not matter. */
    public static BufferedImage mosaic(Collection<Mosaic.Tile> tiles) {
        return Mosaic.of(tiles);
    }
}
