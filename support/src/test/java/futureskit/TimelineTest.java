package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void recordsEveryTaskWithItsThreadAndTimes() throws Exception {
        var timeline = new Timeline();
        var labels = IntStream.range(0, 12).mapToObj(i -> "T" + i).toList();
        try (var executor = Executors.newFixedThreadPool(3)) {
            for (var label : labels) {
                executor.submit(timeline.task(label, () -> {
                    Thread.sleep(5);
                    return label;
                }));
            }
        }
        var spans = timeline.spans();
        assertThat(spans).extracting(Timeline.Span::label).containsExactlyInAnyOrderElementsOf(labels);
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.start()).isGreaterThanOrEqualTo(0);
            assertThat(span.end()).isGreaterThanOrEqualTo(span.start());
            assertThat(span.thread()).startsWith("pool-").contains("-thread-");
        });
        assertThat(spans).extracting(Timeline.Span::start).isSorted();
        assertThat(timeline.threads()).hasSizeBetween(1, 3);
        assertThat(timeline.maxConcurrent()).isBetween(1, 3);
        assertThat(timeline.summary()).startsWith("12 tasks on ");
    }

    @Test
    void overlappingTasksCountAsConcurrent() throws Exception {
        var timeline = new Timeline();
        var allStarted = new CountDownLatch(4);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                executor.submit(timeline.task("V" + i, () -> {
                    allStarted.countDown();
                    allStarted.await(); // nobody ends before all have started: they surely overlap
                    return null;
                }));
            }
        }
        assertThat(timeline.maxConcurrent()).isEqualTo(4);
        assertThat(timeline.threads()).hasSize(4).allSatisfy(name -> assertThat(name).startsWith("virtual-"));
    }

    @Test
    void sequentialTasksNeverOverlapAndFailuresAreRecordedToo() {
        var timeline = new Timeline();
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThatThrownBy(() -> timeline.record("F" + n, () -> {
                throw new IOException("boom " + n);
            })).isInstanceOf(IOException.class);
        }
        assertThat(timeline.spans()).hasSize(3);
        assertThat(timeline.maxConcurrent()).isEqualTo(1);
        assertThat(timeline.threads()).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void threadsAreOrderedAsAReaderCounts() throws Exception {
        var timeline = new Timeline();
        for (var name : List.of("pool-1-thread-10", "pool-1-thread-2", "pool-1-thread-1")) {
            var thread = Thread.ofPlatform().name(name).start(() -> {
                try {
                    timeline.record(name, () -> name);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            thread.join();
        }
        assertThat(timeline.threads()).containsExactly("pool-1-thread-1", "pool-1-thread-2", "pool-1-thread-10");
    }

    @Test
    void chartHasOneSeriesPerTaskAndRendersToAnImageThatGrowsWithTheRows() throws Exception {
        var small = new Timeline();
        small.record("A", () -> 1);
        small.record("A", () -> 2); // same label twice: XChart needs distinct series names
        var chart = small.chart("two tasks");
        assertThat(chart.getSeriesMap()).hasSize(2);
        var image = small.image("two tasks");
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(chart.getHeight()).isGreaterThan(200);

        var wide = new Timeline();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                executor.submit(wide.task("T" + i, () -> null));
            }
        }
        var big = wide.image("twenty threads");
        assertThat(big.getWidth()).isEqualTo(900);
        assertThat(big.getHeight()).isGreaterThan(image.getHeight());
        assertThat(distinctColours(big)).isGreaterThan(5); // bars were drawn, not just a blank frame
    }

    @Test
    void aCommonTimeAxisIsAMinimumThatNeverCutsOffABar() throws Exception {
        var timeline = new Timeline();
        timeline.record("A", () -> {
            Thread.sleep(20);
            return null;
        });
        assertThat(timeline.chart("wide", 5.0).getStyler().getXAxisMax()).isEqualTo(5.0);
        double end = timeline.spans().getFirst().end();
        assertThat(timeline.chart("narrow", 0.001).getStyler().getXAxisMax()).isGreaterThanOrEqualTo(end);
    }

    private static long distinctColours(java.awt.image.BufferedImage image) {
        return IntStream.range(0, image.getHeight()).boxed()
                .flatMap(y -> IntStream.range(0, image.getWidth()).mapToObj(x -> image.getRGB(x, y)))
                .distinct().count();
    }

    @Test
    void packedPutsATaskPerVirtualThreadIntoAsManyLanesAsRanAtOnce() throws Exception {
        var timeline = new Timeline();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor(); var cpu = Executors.newFixedThreadPool(1)) {
            for (int wave = 0; wave < 3; wave++) {     // 3 waves of 4 at once, each on its own virtual thread
                var started = new CountDownLatch(4);
                var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < 4; i++) {
                    futures.add(executor.submit(timeline.task("D", () -> {
                        started.countDown();
                        started.await();
                        return null;
                    })));
                }
                for (var f : futures) f.get();
            }
            cpu.submit(timeline.task("C", () -> null)).get();
        }
        var packed = timeline.packed("virtual-", "download");
        assertThat(timeline.threads()).hasSize(13);
        assertThat(packed.threads()).hasSize(5).contains("download 1", "download 4").anyMatch(t -> t.startsWith("pool-"));
        assertThat(packed.spans()).hasSize(13);
        assertThat(packed.maxConcurrent()).isEqualTo(timeline.maxConcurrent());
    }
}
