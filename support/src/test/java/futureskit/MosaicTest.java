package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class MosaicTest {

    @Test
    void aTileIsAThumbnailInItsDominantColours() {
        var tile = Mosaic.tile("cn", Fixtures.flag("cn"));
        assertThat(tile.cc()).isEqualTo("CN");
        int red = tile.colours()[0];
        assertThat(red >> 16 & 0xFF).isGreaterThan(180);   // China's flag is mostly red
        assertThat(red >> 8 & 0xFF).isLessThan(90);
        assertThat(tile.colours()).hasSize(Mosaic.COLOURS);
        assertThat(tile.shares()).hasSize(Mosaic.COLOURS);
        assertThat(tile.shares()[0]).isGreaterThan(250);   // the gloss of the icon splits its red in shades
        assertThat(tile.shares()[0]).isGreaterThanOrEqualTo(tile.shares()[1]);
        assertThat(java.util.Arrays.stream(tile.shares()).sum()).isBetween(990, 1000);
        assertThat(tile.image().getWidth()).isEqualTo(64);
        assertThat(tile.image().getHeight()).isEqualTo(44);
        var painted = new HashSet<Integer>();
        for (int y = 0; y < 44; y++) for (int x = 0; x < 64; x++) painted.add(tile.image().getRGB(x, y) & 0xFFFFFF);
        var dominant = new HashSet<Integer>();
        for (int c : tile.colours()) dominant.add(c);
        assertThat(dominant).containsAll(painted);
        assertThat(tile.dominant()).matches("#[0-9A-F]{6}");
    }

    @Test
    void theMosaicIsTheSameWhicheverThreadsMadeTheTilesInWhicheverOrder() throws Exception {
        List<String> ccs = Fixtures.countryCodes().subList(0, 40);
        var inOrder = new ArrayList<Mosaic.Tile>();
        for (String cc : ccs) inOrder.add(Mosaic.tile(cc, Fixtures.flag(cc)));
        var shuffled = new ArrayList<>(ccs);
        Collections.shuffle(shuffled, new Random(7));
        var concurrent = new ArrayList<Mosaic.Tile>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<Future<Mosaic.Tile>>();
            for (String cc : shuffled) futures.add(pool.submit((Callable<Mosaic.Tile>) () -> Mosaic.tile(cc, Fixtures.flag(cc))));
            for (var f : futures) concurrent.add(f.get());
        }
        var a = Mosaic.of(inOrder);
        var b = Mosaic.of(concurrent);
        assertThat(Mosaic.digest(b)).isEqualTo(Mosaic.digest(a)).hasSize(64);
        assertThat(Mosaic.png(b)).isEqualTo(Mosaic.png(a));
        // 14 per row: 40 tiles make 3 rows
        assertThat(a.getWidth()).isEqualTo(4 + 14 * 68);
        assertThat(a.getHeight()).isEqualTo(4 + 3 * 53);
        assertThat(Mosaic.digest(Mosaic.of(inOrder.subList(0, 39)))).isNotEqualTo(Mosaic.digest(a));
    }

    @Test
    void bytesThatAreNoImageSaySoWithTheirCode() {
        assertThatThrownBy(() -> Mosaic.tile("XX", "not a gif".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XX");
    }
}
