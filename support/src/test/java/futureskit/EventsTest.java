package futureskit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {

    private static Events.Event call(long start, long end) {
        return new Events.Event("sha256", "", "t", false, start, end, "ok");
    }

    @Test
    void overlapCountsCallsRunningAtTheSameInstant() {
        assertThat(Events.maxOverlap(List.of())).isZero();
        assertThat(Events.maxOverlap(List.of(call(0, 10), call(10, 20), call(20, 30)))).as("touching, not overlapping").isEqualTo(1);
        assertThat(Events.maxOverlap(List.of(call(0, 10), call(5, 15), call(12, 30)))).isEqualTo(2);
        assertThat(Events.maxOverlap(List.of(call(0, 100), call(10, 20), call(15, 30), call(18, 19)))).isEqualTo(4);
    }

    @Test
    void recordsTheCallingThreadAndSortsByEndTime() throws Exception {
        Events.clear();
        long start = Events.now();
        Thread.ofVirtual().start(() -> Events.record("getFlag", "CN", start, "ok")).join();
        Events.mark("getFlag", "IN");
        Events.mark("show", "IN");
        var flags = Events.of("getFlag");
        assertThat(flags).extracting(Events.Event::key).containsExactly("CN", "IN");
        assertThat(flags.getFirst().virtual()).isTrue();
        assertThat(flags.get(1).thread()).isEqualTo(Thread.currentThread().getName());
        Events.clear();
        assertThat(Events.of("getFlag")).isEmpty();
    }
}
