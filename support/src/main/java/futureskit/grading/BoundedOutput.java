package futureskit.grading;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the child JVM printed, kept within bounds: the first and the last {@value #KEEP} bytes, and how much there
 * was in all. An answer that prints in a loop costs the grader a thread reading a pipe, never disk or memory, and
 * is never blocked by a full pipe either: everything is read, most of it dropped.
 */
final class BoundedOutput {

    static final int KEEP = 64 * 1024;

    private final byte[] head = new byte[KEEP];
    private final byte[] tail = new byte[KEEP];
    private int headSize;
    private long total;
    private final Thread reader;

    private BoundedOutput(InputStream in) {
        reader = Thread.ofPlatform().daemon().name("grader-output").start(() -> drain(in));
    }

    /** Starts reading {@code in} (the child's merged stdout and stderr) until its end. */
    static BoundedOutput of(InputStream in) {
        return new BoundedOutput(in);
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // The child is gone: what was read is what there is.
        }
    }

    // A byte at position p of the output (p >= KEEP) lives in tail[p % KEEP] until KEEP later bytes replace it.
    private synchronized void append(byte[] buffer, int n) {
        int off = 0;
        if (headSize < KEEP) {
            off = Math.min(n, KEEP - headSize);
            System.arraycopy(buffer, 0, head, headSize, off);
            headSize += off;
        }
        for (int i = off; i < n; i++) {
            tail[(int) ((total + i) % KEEP)] = buffer[i];
        }
        total += n;
    }

    /** Waits a little for the last bytes after the child ended. */
    void awaitEnd(long millis) {
        try {
            reader.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized long total() {
        return total;
    }

    /** Everything kept, as text: all of it when it fit, else the head, a marker, and the tail. */
    synchronized String text() {
        String first = new String(head, 0, headSize, StandardCharsets.UTF_8);
        if (total <= KEEP) {
            return first;
        }
        long from = Math.max(KEEP, total - KEEP);
        byte[] last = new byte[(int) (total - from)];
        for (int i = 0; i < last.length; i++) {
            last[i] = tail[(int) ((from + i) % KEEP)];
        }
        String gap = from > KEEP ? "\n[... " + size(from - KEEP) + " not kept ...]\n" : "";
        return first + gap + new String(last, StandardCharsets.UTF_8);
    }

    /** The last {@code n} non-blank lines, each cut to 160 characters. */
    List<String> lastLines(int n) {
        var lines = text().lines().filter(l -> !l.isBlank()).toList();
        var out = new ArrayList<String>();
        for (String l : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
            out.add(l.length() > 160 ? l.substring(0, 157) + "..." : l);
        }
        return out;
    }

    /** "812.4 MB", "3.1 KB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
