package futureskit.grading;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** An answer's output is read to the end but kept within bounds: its first and last bytes, and how much there was. */
class BoundedOutputTest {

    @Test
    void shortOutputIsKeptWhole() {
        var out = BoundedOutput.of(new ByteArrayInputStream("one\n\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8)));
        out.awaitEnd(5000);
        assertThat(out.total()).isEqualTo(15);
        assertThat(out.text()).isEqualTo("one\n\ntwo\nthree\n");
        assertThat(out.lastLines(2)).containsExactly("two", "three");
    }

    @Test
    void fiftyMegabytesCostTwiceTheKeptSizeAndKeepHeadAndTail() {
        long size = 50L << 20;
        var out = BoundedOutput.of(new Lines(size));
        out.awaitEnd(30_000);
        assertThat(out.total()).isEqualTo(size);
        String text = out.text();
        assertThat(text.length()).isLessThan(2 * BoundedOutput.KEEP + 100);
        assertThat(text).startsWith("line 0\n").contains("not kept").endsWith("\n");
        assertThat(out.lastLines(1).getFirst()).startsWith("line ");
        assertThat(BoundedOutput.size(size)).isEqualTo("50.0 MB");
    }

    /** "line 0\nline 1\n..." up to {@code size} bytes, without holding them. */
    private static final class Lines extends InputStream {
        private final long size;
        private long position;
        private byte[] current = new byte[0];
        private int at;
        private long n;

        Lines(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            if (at == current.length) {
                current = ("line " + n++ + "\n").getBytes(StandardCharsets.US_ASCII);
                at = 0;
            }
            position++;
            return position == size ? '\n' : current[at++];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int i = 0;
            for (; i < len; i++) {
                int c = read();
                if (c < 0) {
                    return i == 0 ? -1 : i;
                }
                b[off + i] = (byte) c;
            }
            return i;
        }
    }
}
