package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadDumpsTest {

    /** The lesson's deadlock on a one-thread pool: the dump must show the worker parked in FutureTask.get. */
    @Test
    void dumpShowsAWorkerParkedOnItsOwnPoolsFuture() throws Exception {
        var pool = Executors.newFixedThreadPool(1, Thread.ofPlatform().name("dumptest-worker-", 1).factory());
        var inner = new AtomicReference<Future<String>>();
        try {
            pool.submit(() -> {
                inner.set(pool.submit(() -> "never runs"));
                return inner.get().get();
            });
            var worker = waitUntilWaiting("dumptest-worker-1");
            var dump = ThreadDumps.of("dumptest-worker-");

            assertThat(dump).startsWith("\"dumptest-worker-1\" #" + worker.threadId() + " WAITING\n")
                    .contains("\tat java.base@", "FutureTask.get(")
                    .contains("\t- parking to wait for <java.util.concurrent.FutureTask@"
                            + Integer.toHexString(System.identityHashCode(inner.get())) + ">")
                    .contains("Locked ownable synchronizers:", "ThreadPoolExecutor$Worker@")
                    .doesNotContain("\"main\"");
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void framesAreCutAtTheLimitAndUnknownPrefixesSaySo() throws Exception {
        var pool = Executors.newFixedThreadPool(1, Thread.ofPlatform().name("dumptest-short-", 1).factory());
        try {
            pool.submit(() -> { Thread.sleep(60_000); return null; });
            waitUntilWaiting("dumptest-short-1");
            var dump = ThreadDumps.of("dumptest-short-", 2);
            assertThat(dump.lines().filter(line -> line.startsWith("\tat "))).hasSize(2);
            assertThat(dump).contains("TIMED_WAITING", " more\n").doesNotContain("parking to wait for");
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ThreadDumps.of("no-such-thread-")).isEqualTo("(no live thread named no-such-thread-*)\n");
    }

    @Test
    void nonDaemonThreadsListsAThreadThatWouldKeepTheJvmAlive() throws Exception {
        var gate = new java.util.concurrent.CountDownLatch(1);
        var lingering = Thread.ofPlatform().name("dumptest-lingering").start(() -> {
            try { gate.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        });
        var daemon = Thread.ofPlatform().daemon().name("dumptest-daemon").start(() -> {
            try { gate.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        });
        try {
            assertThat(ThreadDumps.nonDaemonThreads()).contains(lingering).doesNotContain(daemon, Thread.currentThread());
        } finally {
            gate.countDown();
            lingering.join();
            daemon.join();
        }
        assertThat(ThreadDumps.nonDaemonThreads()).doesNotContain(lingering);
    }

    private static Thread waitUntilWaiting(String name) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            var thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
            if (thread.isPresent() && thread.get().getState() != Thread.State.RUNNABLE
                    && thread.get().getState() != Thread.State.NEW) {
                return thread.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " never started waiting");
    }
}
