package futureskit.grading;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadSummaryTest {

    @Test
    void parsesTheJdksPlainTextThreadDump() {
        var dump = ThreadSummary.parse(List.of(
                "12345", "2026-11-23T06:06:30Z", "25.0.3+9-LTS", "",
                "#22 \"pool-1-thread-1\" WAITING 2026-11-23T06:06:30.523Z",
                "    at java.base/jdk.internal.misc.Unsafe.park(Native Method)",
                "    - parking to wait for <java.util.concurrent.FutureTask@3ce1e309>",
                "    at java.base/java.util.concurrent.FutureTask.get(FutureTask.java:192)",
                "    at Deadlock.downloadOne(Deadlock.java:43)",
                "    at Deadlock.lambda$downloadMany$0(Deadlock.java:22)",
                "",
                "#24 \"\" virtual TIMED_WAITING 2026-11-23T06:06:30.512Z",
                "    at java.base/java.lang.Thread.sleep(Thread.java:540)"));
        assertThat(dump).hasSize(2);
        assertThat(dump.get(0).name()).isEqualTo("pool-1-thread-1");
        assertThat(dump.get(0).state()).isEqualTo("WAITING");
        assertThat(dump.get(0).frames()).hasSize(4);
        assertThat(dump.get(1).virtual()).isTrue();
        assertThat(dump.get(1).state()).isEqualTo("TIMED_WAITING");

        var lines = ThreadSummary.summarize(dump, Set.of("Deadlock"), 5);
        assertThat(lines).containsExactly("thread pool-1-thread-1 (WAITING) in FutureTask.get(FutureTask.java:192)"
                + " ← Deadlock.downloadOne(Deadlock.java:43) ← Deadlock.lambda$downloadMany$0(Deadlock.java:22)");
    }

    /** A real nested-wait deadlock, seen through the live dump: the worker waits on its own pool. */
    @Test
    void findsAWorkerWaitingOnItsOwnPool() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "summary-test-worker"));
        try {
            Future<Integer> outer = pool.submit(() -> Nested.waitOnOwnPool(pool));
            // Until the worker is stuck in get(): a fixed sleep would guess how long that takes on a busy machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> lines;
            do {
                Thread.sleep(20);
                lines = ThreadSummary.summary(Set.of(ThreadSummaryTest.class.getName()), 10).lines();
            } while (lines.stream().noneMatch(l -> l.startsWith("thread summary-test-worker (WAITING)")) && System.nanoTime() < deadline);
            assertThat(outer.isDone()).isFalse();
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("thread summary-test-worker (WAITING) in FutureTask.get")
                    .contains("ThreadSummaryTest$Nested.waitOnOwnPool"));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static final class Nested {
        static int waitOnOwnPool(ExecutorService pool) throws Exception {
            return pool.submit(() -> 1).get();
        }
    }

    @Test
    void groupsThreadsStuckAtTheSamePlace() {
        var threads = new ArrayList<ThreadSummary.ThreadDump>();
        for (int i = 0; i < 10; i++) {
            threads.add(new ThreadSummary.ThreadDump("", true, "RUNNABLE", List.of(
                    new ThreadSummary.Frame("okhttp3.internal.connection.RealCall", "execute", "RealCall.kt:189"),
                    new ThreadSummary.Frame("Flags", "getFlag", "Flags.java:37"))));
        }
        assertThat(ThreadSummary.summarize(threads, Set.of("Flags"), 5))
                .containsExactly("10 unnamed threads virtual (RUNNABLE) in RealCall.execute(RealCall.kt:189)"
                        + " ← Flags.getFlag(Flags.java:37)");
        assertThat(ThreadSummary.summarize(threads, Set.of("Other"), 5)).singleElement().asString().startsWith("no thread was running your code");
    }

    @Test
    void readsWhatTheTopFrameWaitsForAndClassLoaderPrefixes() {
        var dump = ThreadSummary.parse(List.of(
                "#23 \"\" virtual BLOCKED 2026-12-01T14:48:16.075Z",
                "    at answer//ThreadPool.downloadOne(ThreadPool.java:14)",
                "    - waiting to lock <java.lang.Class@79924b>",
                "    at java.base/java.util.concurrent.FutureTask.run(FutureTask.java:328)",
                "#27 \"pool-1-thread-2\" WAITING 2026-12-01T14:48:16.076Z",
                "    at java.base/jdk.internal.misc.Unsafe.park(Native Method)",
                "    - parking to wait for <java.util.concurrent.Semaphore$NonfairSync@5876a9af>",
                "    at java.base/java.util.concurrent.Semaphore.acquire(Semaphore.java:318)",
                "    at Throttle.lambda$downloadMany$0(Throttle.java:31)",
                "    - locked <java.lang.Object@1234>"));
        assertThat(dump.get(0).blockedOn()).isEqualTo("java.lang.Class@79924b");
        assertThat(dump.get(0).frames().getFirst().className()).isEqualTo("ThreadPool");
        assertThat(dump.get(1).blockedOn()).isEqualTo("java.util.concurrent.Semaphore$NonfairSync@5876a9af");
        assertThat(dump.get(1).firstLearnerFrame(Set.of("Throttle"))).isEqualTo(2);
    }

    @Test
    void longListsOfThreadNamesAreSummarised() {
        var names = new ArrayList<String>();
        for (int i = 1; i <= 39; i++) {
            names.add("pool-1-thread-" + i);
        }
        assertThat(ThreadSummary.who(names)).isEqualTo("39 threads (pool-1-thread-1, pool-1-thread-2, pool-1-thread-3 and 36 more)");
        assertThat(ThreadSummary.who(List.of("a", "b"))).isEqualTo("2 threads (a, b)");
        assertThat(ThreadSummary.who(List.of("main"))).isEqualTo("thread main");
    }
}
