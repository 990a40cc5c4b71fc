package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Lesson 10's script as a learner runs it: the mosaic of all 194 flags, byte for byte the same on every run and
 * whatever the sizing, and equal to the one this JVM computes from the fixtures; no 429 from the rate-limited
 * server; usage errors in one line.
 */
class Lesson10ScriptTest {
    private static final long BOUND = 180;

    @Test
    void theMosaicIsTheSameBytesOnEveryRunWhateverTheSizingAndNo429() throws Exception {
        var tiles = new ArrayList<Mosaic.Tile>();
        for (String cc : Fixtures.countryCodes()) tiles.add(Mosaic.tile(cc, Fixtures.flag(cc)));
        byte[] expected = Mosaic.png(Mosaic.of(tiles));

        var first = Scripts.freshWorkDir("flag_mosaic");
        var run = Scripts.jbang(first, BOUND, "jbang/flag_mosaic.java");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("at most 100 requests/s", "194 flags downloaded (virtual threads, 100 per second)",
                "x the ideal", "194 requests (200: 194)", "; no 429", "mosaic.png: 956x746");
        assertThat(run.stderr()).doesNotContain("Exception");
        byte[] png = Files.readAllBytes(first.resolve("mosaic.png"));
        assertThat(png).isEqualTo(expected);

        var second = Scripts.freshWorkDir("flag_mosaic");
        var other = Scripts.jbang(second, BOUND, "jbang/flag_mosaic.java", "--rate", "1000", "--delay", "0.01",
                "--workers", "1", "--max-waiting", "4", "--output", "out/flags.png");
        assertThat(other.exitCode()).as(other.all()).isZero();
        assertThat(other.stdout()).contains("tiled (1 threads)", "; no 429", "sha256 " + Fixtures.sha256(expected));
        assertThat(Files.readAllBytes(second.resolve("out/flags.png"))).isEqualTo(png);
        try (var left = Files.list(second.resolve("out"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("flags.png");   // no .part left
        }
    }

    @Test
    void badOptionsGetOneLineAndExitStatus2() throws Exception {
        for (var args : new String[][] {{"--rate", "0"}, {"--delay", "fast"}, {"--bogus", "1"}}) {
            var run = Scripts.jbang(BOUND, "jbang/flag_mosaic.java", args);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.stderr().strip()).startsWith("flag_mosaic: ").doesNotContain("\n", "Exception");
        }
    }
}
