package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedupTest {

    private static final Speedup RC4 = Speedup.of("RC4", List.of(1, 2, 3, 4),
            List.of(Duration.ofMillis(11480), Duration.ofMillis(8650), Duration.ofMillis(6040), Duration.ofMillis(5580)));
    private static final Speedup SHA = Speedup.of("SHA", List.of(1, 2, 3, 4),
            List.of(Duration.ofMillis(22660), Duration.ofMillis(14900), Duration.ofMillis(11910), Duration.ofMillis(10890)));

    @Test
    void factorsAreRelativeToTheFirstTiming() {
        assertThat(RC4.factor(1)).isEqualTo(1.0);
        assertThat(RC4.factor(2)).isCloseTo(11.48 / 8.65, within(1e-9));
        assertThat(SHA.factor(4)).isCloseTo(22.66 / 10.89, within(1e-9));
        assertThatThrownBy(() -> RC4.factor(5)).hasMessageContaining("5 workers");
    }

    @Test
    void tableIsShapedLikeTheBooksTable17_1() {
        String table = Speedup.table(RC4, SHA);
        var lines = table.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("Workers | RC4 time | RC4 factor | SHA time | SHA factor");
        assertThat(lines.get(1)).matches("-+").hasSameSizeAs(lines.getFirst());
        assertThat(lines.get(2)).isEqualTo("      1 |   11.48s |      1.00x |   22.66s |      1.00x");
        assertThat(lines.get(3)).isEqualTo("      2 |    8.65s |      1.33x |   14.90s |      1.52x");
        assertThat(lines).hasSize(6);
        assertThat(RC4.table()).startsWith("Workers | RC4 time | RC4 factor\n");
    }

    @Test
    void measureWarmsUpThenTimesEachWorkerCountInTurnBestOfRepeat() throws Exception {
        var calls = new ArrayList<Integer>();
        var speedup = Speedup.measure("sleep", 3, 2, workers -> {
            calls.add(workers);
            // Long enough that the JVM's own background CPU (JIT, GC) stays a small share of the baseline.
            Thread.sleep(300 / workers);
        });
        assertThat(calls).containsExactly(3, 1, 2, 3, 1, 2, 3);
        assertThat(speedup.rows()).extracting(Speedup.Row::workers).containsExactly(1, 2, 3);
        assertThat(speedup.rounds()).hasSize(2).allSatisfy(round -> assertThat(round).hasSize(3));
        // The best of the rounds is the row's time; each round's factor pairs times of that round.
        assertThat(speedup.row(2).elapsed()).isEqualTo(speedup.rounds().stream().map(r -> r.get(1)).min(Duration::compareTo).orElseThrow());
        var round0 = speedup.rounds().getFirst();
        assertThat(speedup.roundFactors(2).getFirst())  // seconds over seconds: equal to the nanosecond ratio up to rounding
                .isCloseTo(round0.get(0).toNanos() / (double) round0.get(1).toNanos(), within(1e-9));
        assertThat(speedup.spread()).matches("sleep factor per round, median \\(min-max\\) of 2 rounds: "
                + "2 workers \\d+\\.\\d\\dx \\(\\d+\\.\\d\\dx-\\d+\\.\\d\\dx\\), 3 workers .*");
        // Sleeps only get longer than asked, so 300 ms is a lower bound of the baseline.
        assertThat(speedup.row(1).elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // Sleeping uses next to no CPU: far less than one core.
        assertThat(speedup.row(1).coresUsed()).isBetween(0.0, 0.9);
        assertThat(speedup.coresUsed()).startsWith("sleep cores used (CPU time / elapsed): 1 worker 0.");
    }

    @Test
    void busyThreadsUseCpuTime() throws Exception {
        var speedup = Speedup.measure("spin", 1, 1, workers -> {
            long end = System.nanoTime() + 100_000_000;
            long x = 0;
            while (System.nanoTime() < end) x++;
            if (x == 42) IO.println("unlikely");
        });
        assertThat(speedup.row(1).coresUsed()).isGreaterThan(0.0);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThat(RC4.coresUsed()).as("not measured").isEmpty();
        assertThat(RC4.spread()).as("not measured").isEmpty();
        assertThat(RC4.roundFactors(2)).isEmpty();
        assertThatThrownBy(() -> Speedup.of("x", List.of(1, 2), List.of(Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Speedup.measure("x", 0, 1, w -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chartHasTheIdealLineTheCoreCeilingAndEachWorkload() {
        var chart = SpeedupChart.chart("Table 17-1", 2, RC4, SHA);
        assertThat(chart.getSeriesMap().keySet())
                .containsExactly("ideal (n workers, n times faster)", "ideal on 2 cores", "RC4", "SHA");
        var image = SpeedupChart.image("Table 17-1", RC4, SHA);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
    }
}
