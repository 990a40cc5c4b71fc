package futureskit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Lesson 10's CPU-bound stage and its picture. {@link #tile} turns one downloaded flag into a tile: it decodes
 * the GIF, scales it up {@value #SCALE} times with bicubic interpolation and finds its {@value #COLOURS}
 * dominant colours by k-means (a few milliseconds of real computation per flag). {@link #of} lays tiles out in a
 * mosaic, sorted by the hue of their dominant colour.
 *
 * <p>Deterministic: the same flags give the same pixels whichever thread made which tile and in whichever order
 * the tiles arrive (integer arithmetic, a fixed number of rounds, ties broken by value, tiles sorted by colour
 * and then by country code). {@link #png} and {@link #digest} are therefore the same on every run.
 * JDK only (ImageIO and Java2D), so JBang scripts compile it with {@code //SOURCES}.
 */
public final class Mosaic {

    /** How many times a 16x11 flag is scaled up: 256x176 pixels, 45,056 of them for k-means to sort. */
    public static final int SCALE = 16;
    /** How many dominant colours each tile gets. */
    public static final int COLOURS = 4;
    /** k-means rounds: always this many, so that every tile costs about the same. */
    public static final int ROUNDS = 24;
    /** Tiles per row of the mosaic: 14 x 14 holds all 194 flags. */
    public static final int COLUMNS = 14;
    /** The mosaic shows each tile as a thumbnail a quarter of its size, over a strip of its dominant colours. */
    static final int THUMBNAIL = 4;
    static final int SHOWN_WIDTH = 16 * THUMBNAIL;
    static final int SHOWN_HEIGHT = 11 * THUMBNAIL;
    static final int STRIP = 5;
    static final int GAP = 4;

    /**
     * One flag made into a tile: its country code (upper case), a thumbnail painted in its dominant colours (for
     * the mosaic: 64x44, a quarter of the scaled-up image), and those colours as RGB, most frequent first, with the
     * share of the pixels of each ({@code shares[i]} of 1000).
     */
    public record Tile(String cc, BufferedImage image, int[] colours, int[] shares) {
        /** The dominant colour, e.g. {@code #DE2910} for China. */
        public String dominant() {
            return String.format(Locale.ROOT, "#%06X", colours[0]);
        }
    }

    private Mosaic() {
    }

    /** The CPU-bound work on one flag: decode, scale up, find the dominant colours. Thread-safe. */
    public static Tile tile(String cc, byte[] gif) {
        BufferedImage flag = decode(cc, gif);
        BufferedImage big = scaleUp(flag, SCALE);
        int[] pixels = big.getRGB(0, 0, big.getWidth(), big.getHeight(), null, 0, big.getWidth());
        int[][] found = dominantColours(pixels, initialCentres(flag), ROUNDS);
        // The picture of what k-means found: a thumbnail, each of its pixels painted in the dominant colour
        // nearest to the scaled-up pixel it stands for.
        int step = SCALE / THUMBNAIL;
        var thumbnail = new BufferedImage(big.getWidth() / step, big.getHeight() / step, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < thumbnail.getHeight(); y++) {
            for (int x = 0; x < thumbnail.getWidth(); x++) {
                int p = pixels[(y * step + step / 2) * big.getWidth() + x * step + step / 2];
                thumbnail.setRGB(x, y, found[0][nearest(p, found[0])]);
            }
        }
        return new Tile(cc.toUpperCase(Locale.ROOT), thumbnail, found[0], found[1]);
    }

    /** The mosaic of these tiles: {@value #COLUMNS} per row, sorted by the hue of their dominant colour. */
    public static BufferedImage of(Collection<Tile> tiles) {
        var sorted = new ArrayList<>(tiles);
        sorted.sort(Comparator.comparingDouble((Tile t) -> colourKey(t.colours()[0])).thenComparing(Tile::cc));
        int rows = Math.max(1, (sorted.size() + COLUMNS - 1) / COLUMNS);
        int cellWidth = SHOWN_WIDTH + GAP;
        int cellHeight = SHOWN_HEIGHT + STRIP + GAP;
        var mosaic = new BufferedImage(GAP + COLUMNS * cellWidth, GAP + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = mosaic.createGraphics();
        try {
            g.setColor(new Color(0x30, 0x30, 0x30));
            g.fillRect(0, 0, mosaic.getWidth(), mosaic.getHeight());
            for (int i = 0; i < sorted.size(); i++) {
                Tile tile = sorted.get(i);
                int x = GAP + (i % COLUMNS) * cellWidth;
                int y = GAP + (i / COLUMNS) * cellHeight;
                g.drawImage(tile.image(), x, y, null);
                // The dominant colours under the flag, each as wide as its share of the pixels.
                int left = x;
                for (int c = 0; c < tile.colours().length; c++) {
                    int right = c == tile.colours().length - 1 ? x + SHOWN_WIDTH
                            : Math.min(x + SHOWN_WIDTH, left + Math.round(tile.shares()[c] * SHOWN_WIDTH / 1000f));
                    g.setColor(new Color(tile.colours()[c]));
                    g.fillRect(left, y + SHOWN_HEIGHT + 1, right - left, STRIP - 1);
                    left = right;
                }
            }
        } finally {
            g.dispose();
        }
        return mosaic;
    }

    /** The image as PNG bytes: the same image gives the same bytes (ImageIO writes no time stamp). */
    public static byte[] png(BufferedImage image) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The SHA-256 of an image's size and pixels, as hex: equal digests, equal pictures. */
    public static String digest(BufferedImage image) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            int w = image.getWidth(), h = image.getHeight();
            var row = new byte[w * 4];
            sha.update((w + "x" + h).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int[] pixels = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, pixels, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = pixels[x];
                    row[4 * x] = (byte) (p >>> 24);
                    row[4 * x + 1] = (byte) (p >>> 16);
                    row[4 * x + 2] = (byte) (p >>> 8);
                    row[4 * x + 3] = (byte) p;
                }
                sha.update(row);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ---- the work ----

    // A MemoryCacheImageInputStream: ImageIO.read on a plain stream may cache it in a temporary file. ImageIO.read
    // closes the stream it is given.
    private static BufferedImage decode(String cc, byte[] gif) {
        try {
            BufferedImage image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(gif)));
            if (image == null) {
                throw new IllegalArgumentException("the bytes of " + cc + " are not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode the flag of " + cc + ": " + e.getMessage(), e);
        }
    }

    // Bicubic interpolation near an edge reads pixels beyond it, which Java2D takes as black: scale a copy with
    // its border pixels repeated once around it, and keep the middle.
    private static BufferedImage scaleUp(BufferedImage flag, int scale) {
        int w = flag.getWidth(), h = flag.getHeight();
        var padded = new BufferedImage(w + 2, h + 2, BufferedImage.TYPE_INT_RGB);
        for (int y = -1; y <= h; y++) {
            for (int x = -1; x <= w; x++) {
                padded.setRGB(x + 1, y + 1, flag.getRGB(Math.clamp(x, 0, w - 1), Math.clamp(y, 0, h - 1)));
            }
        }
        var big = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(padded, -scale, -scale, (w + 2) * scale, (h + 2) * scale, null);
        } finally {
            g.dispose();
        }
        return big;
    }

    // The flag's most frequent colours (ties: the smaller RGB value first) start k-means: no randomness.
    private static int[] initialCentres(BufferedImage flag) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < flag.getHeight(); y++) {
            for (int x = 0; x < flag.getWidth(); x++) {
                counts.merge(flag.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        var byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int[] centres = new int[COLOURS];
        for (int i = 0; i < COLOURS; i++) {
            centres[i] = byCount.get(Math.min(i, byCount.size() - 1)).getKey();
        }
        return centres;
    }

    /** k-means on RGB in integers: {centres sorted by share, shares of 1000}. */
    static int[][] dominantColours(int[] pixels, int[] start, int rounds) {
        int k = start.length;
        int[] r = new int[k], g = new int[k], b = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = start[i] >> 16 & 0xFF;
            g[i] = start[i] >> 8 & 0xFF;
            b[i] = start[i] & 0xFF;
        }
        int[] count = new int[k];
        for (int round = 0; round < rounds; round++) {
            long[] sumR = new long[k], sumG = new long[k], sumB = new long[k];
            java.util.Arrays.fill(count, 0);
            for (int p : pixels) {
                int pr = p >> 16 & 0xFF, pg = p >> 8 & 0xFF, pb = p & 0xFF;
                int best = 0;
                int bestDistance = Integer.MAX_VALUE;
                for (int c = 0; c < k; c++) {
                    int dr = pr - r[c], dg = pg - g[c], db = pb - b[c];
                    int distance = dr * dr + dg * dg + db * db;
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = c;
                    }
                }
                sumR[best] += pr;
                sumG[best] += pg;
                sumB[best] += pb;
                count[best]++;
            }
            for (int c = 0; c < k; c++) {
                if (count[c] > 0) {   // an empty cluster keeps its centre
                    r[c] = (int) (sumR[c] / count[c]);
                    g[c] = (int) (sumG[c] / count[c]);
                    b[c] = (int) (sumB[c] / count[c]);
                }
            }
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        int[] rgb = new int[k];
        for (int c = 0; c < k; c++) {
            rgb[c] = r[c] << 16 | g[c] << 8 | b[c];
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(c -> -count[c]).thenComparingInt(c -> rgb[c]));
        int[] colours = new int[k];
        int[] shares = new int[k];
        for (int i = 0; i < k; i++) {
            colours[i] = rgb[order[i]];
            shares[i] = (int) (1000L * count[order[i]] / pixels.length);
        }
        return new int[][] {colours, shares};
    }

    private static int nearest(int p, int[] colours) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int c = 0; c < colours.length; c++) {
            int dr = (p >> 16 & 0xFF) - (colours[c] >> 16 & 0xFF);
            int dg = (p >> 8 & 0xFF) - (colours[c] >> 8 & 0xFF);
            int db = (p & 0xFF) - (colours[c] & 0xFF);
            int distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    // Colours first, by hue (red, yellow, green, blue, purple); greys, white and black last, lightest first.
    private static double colourKey(int rgb) {
        float[] hsb = Color.RGBtoHSB(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF, null);
        if (hsb[1] < 0.25f || hsb[2] < 0.2f) {
            return 2 - hsb[2];
        }
        return hsb[0];
    }
}
