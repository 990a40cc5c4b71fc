package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ProgressChartTest {

    @Test
    void recordsEveryStepFromManyThreadsInTimeOrder() {
        var steps = new ProgressChart.Steps("completion order");
        try (var executor = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 200; i++) {
                executor.submit(steps::step);
            }
        }
        assertThat(steps.times()).hasSize(200).isSorted().allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(0));
        assertThat(steps.toString()).startsWith("completion order: 200 steps at 0.").endsWith(" s");
    }

    @Test
    void aStallThenAJumpShowsInTheTimes() throws Exception {
        var steps = new ProgressChart.Steps("submission order");
        assertThat(steps.toString()).isEqualTo("submission order: 0 steps");
        Thread.sleep(150);
        steps.step();
        steps.step();
        assertThat(steps.times()).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(0.15));
        assertThat(steps.toString()).matches("submission order: 2 steps at \\d+\\.\\d \\d+\\.\\d s");
    }

    @Test
    void drawsOneStaircasePerSeries() {
        var a = new ProgressChart.Steps("a");
        var b = new ProgressChart.Steps("b");
        a.step();
        var chart = ProgressChart.chart("title", a, b);
        assertThat(chart.getSeriesMap()).containsOnlyKeys("a", "b");
        // 0, then flat to the step and up, then flat to the end: 4 points for one step, 2 for none
        assertThat(chart.getSeriesMap().get("a").getYData()).containsExactly(0, 0, 1, 1);
        assertThat(chart.getSeriesMap().get("b").getYData()).containsExactly(0, 0);
        var image = ProgressChart.image("title", a, b);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThatThrownBy(() -> ProgressChart.chart("empty")).isInstanceOf(IllegalArgumentException.class);
    }
}
