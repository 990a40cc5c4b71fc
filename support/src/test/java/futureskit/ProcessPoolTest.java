package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessPoolTest {

    @AfterEach
    void noStrayWorkers() {
        assertThat(ProcessHandle.current().descendants()).as("worker JVMs left running").isEmpty();
    }

    /** Waits until a worker has taken the task: a sleep would guess how long that takes on a busy machine. */
    private static void awaitRunning(Future<?> future) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (((ProcessPool.Job<?>) future).runningOn == null) {
            assertThat(System.nanoTime()).as("a worker took " + future + " within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void resultsComeBackFromOtherJvms() throws Exception {
        try (var pool = new ProcessPool(2)) {
            var futures = new ArrayList<Future<String>>();
            for (int job = 0; job < 4; job++) {
                futures.add(pool.submit(new ProcessPoolTasks.Sha256(job, 1 << 16, 2)));
            }
            for (int job = 0; job < 4; job++) {
                // computed in this JVM: the worker must agree
                assertThat(futures.get(job).get(30, TimeUnit.SECONDS)).isEqualTo(ProcessPoolTasks.sha256(job, 1 << 16, 2));
            }
            long pid = pool.submit(new ProcessPoolTasks.Pid()).get(30, TimeUnit.SECONDS);
            assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(pool.pids()).contains(pid);
            byte[] payload = {1, 2, 3, 4};
            assertThat(pool.submit(new ProcessPoolTasks.Echo(payload)).get(30, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void aTaskCallingSystemExitFailsOnlyItsOwnFuture() throws Exception {
        try (var pool = new ProcessPool(1)) {
            var before = pool.submit(new ProcessPoolTasks.Sleep("before", 0));
            var exit = pool.submit(new ProcessPoolTasks.Exit(3));
            var after = pool.submit(new ProcessPoolTasks.Sleep("after", 0));
            assertThat(before.get(30, TimeUnit.SECONDS)).isEqualTo("before");
            assertThatThrownBy(() -> exit.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ProcessPool.WorkerDiedException.class)
                    .hasMessageContaining("exit status 3")
                    .hasMessageContaining("System.exit");
            assertThat(((ProcessPool.WorkerDiedException) exit.exceptionNow()).exitStatus()).isEqualTo(3);
            assertThat(after.get(30, TimeUnit.SECONDS)).as("a fresh worker runs the next task").isEqualTo("after");
        }
    }

    @Test
    void outOfMemoryAndCrashesFailTheirFutures() throws Exception {
        try (var pool = new ProcessPool(1, List.of("-Xmx32m"))) {
            var oom = pool.submit(new ProcessPoolTasks.Allocate(256));
            var crash = pool.submit(new ProcessPoolTasks.Crash());
            var fine = pool.submit(new ProcessPoolTasks.Sleep("fine", 0));
            assertThatThrownBy(() -> oom.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> crash.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ProcessPool.WorkerDiedException.class).hasMessageContaining("exit status 134");
            assertThat(fine.get(30, TimeUnit.SECONDS)).isEqualTo("fine");
        }
    }

    @Test
    void exceptionsOfTasksTravelBack() throws Exception {
        try (var pool = new ProcessPool(1)) {
            var failing = pool.submit((ProcessPool.Task<Integer>) () -> Integer.parseInt("not a number"));
            assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(NumberFormatException.class).hasMessageContaining("not a number");
        }
    }

    @Test
    void aWorkerJvmThatCannotStartFailsEachTaskWithItsReason() throws Exception {
        try (var pool = new ProcessPool(1, List.of("-XX:+NoSuchJvmOption"))) {
            var task = pool.submit(new ProcessPoolTasks.Pid());
            assertThatThrownBy(() -> task.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ProcessPool.WorkerDiedException.class)
                    .hasMessageContaining("NoSuchJvmOption");
        }
    }

    @Test
    void tasksMustBeSerializable() {
        try (var pool = new ProcessPool(1)) {
            assertThatThrownBy(() -> pool.submit(() -> 42))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Serializable");
        }
    }

    @Test
    void cancellingARunningTaskKillsItsWorker() throws Exception {
        try (var pool = new ProcessPool(1)) {
            long first = pool.submit(new ProcessPoolTasks.Pid()).get(30, TimeUnit.SECONDS);
            var slow = pool.submit(new ProcessPoolTasks.Sleep("slow", 600_000));
            awaitRunning(slow);
            assertThat(slow.cancel(true)).isTrue();
            assertThat(slow.state()).isEqualTo(Future.State.CANCELLED);
            long second = pool.submit(new ProcessPoolTasks.Pid()).get(30, TimeUnit.SECONDS);
            assertThat(second).as("a fresh worker").isNotEqualTo(first);
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void closeLetsQueuedTasksFinishThenRejects() throws Exception {
        var pool = new ProcessPool(2);
        var futures = new ArrayList<Future<String>>();
        for (int i = 0; i < 4; i++) {
            futures.add(pool.submit(new ProcessPoolTasks.Sleep("t" + i, 50)));
        }
        pool.close();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(futures).allSatisfy(f -> assertThat(f.state()).isEqualTo(Future.State.SUCCESS));
        assertThatThrownBy(() -> pool.submit(new ProcessPoolTasks.Pid())).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shutdownNowKillsWorkersAndReturnsWhatDidNotRun() throws Exception {
        var pool = new ProcessPool(1);
        var running = pool.submit(new ProcessPoolTasks.Sleep("long", 600_000));
        pool.submit(new ProcessPoolTasks.Pid());
        pool.submit(new ProcessPoolTasks.Pid());
        awaitRunning(running);
        var notRun = pool.shutdownNow();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(notRun).hasSize(2);
        assertThat(running.state()).isEqualTo(Future.State.FAILED);
    }

    @Test
    void aWorkerDownloadsOverHttpAndHasItsOwnSystemProperties() throws Exception {
        System.setProperty("futureskit.test.where", "the test's JVM");
        try (var server = FlagServer.start(FlagServer.Config.of(FlagServer.Mode.LOCAL));
             var pool = new ProcessPool(1, List.of("-Dfutureskit.test.where=the worker's command line"))) {
            assertThat(pool.submit(new ProcessPoolTasks.GetFlag(server.flagUrl("CN"))).get(30, TimeUnit.SECONDS))
                    .isEqualTo(Fixtures.flag("cn"));
            assertThat(pool.submit(new ProcessPoolTasks.SystemProperty("futureskit.test.where")).get(30, TimeUnit.SECONDS))
                    .isEqualTo("the worker's command line");
            assertThat(new ProcessPoolTasks.SystemProperty("futureskit.test.unset").call()).isEqualTo("null");
            assertThatThrownBy(() -> new ProcessPoolTasks.GetFlag(server.baseUrl() + "/zz/zz.gif").call())
                    .isInstanceOf(HttpStatusException.class).hasMessageContaining("404");
        } finally {
            System.clearProperty("futureskit.test.where");
        }
    }
}
