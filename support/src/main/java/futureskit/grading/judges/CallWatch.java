package futureskit.grading.judges;

import futureskit.grading.ThreadSummary;
import futureskit.grading.TrialContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches a call into the learner's code from the side, for evidence the helpers' records cannot give: whether
 * the calling thread sat in {@code Thread.sleep} (waiting a fixed time instead of waiting for the work), and on
 * which lock the learner's threads queued (a {@code synchronized} or a lock that lets one download run at a
 * time). {@link #call} makes the call and watches it.
 *
 * <p>The calling thread is sampled every {@value #PERIOD_MS} ms (a stack trace of one platform thread costs
 * microseconds); with {@link #callWatchingLocks}, every thread, virtual ones included, is dumped a few times early
 * in the call, when a lock that serialises the work has most threads queued on it.
 */
final class CallWatch implements AutoCloseable {

    static final int PERIOD_MS = 20;
    private static final long[] DUMPS_AT_MS = {150, 300, 600};

    /** The calling thread seen in Thread.sleep at {@code at} (System.nanoTime), called from {@code where}. */
    record Sleep(long at, String where) {
    }

    /** Threads of the learner's code waiting for one lock: how many at most, what the lock is, where they wait. */
    record Queue(int threads, String lock, String where, boolean monitor) {
        String describe() {
            return threads + " threads waited " + (monitor ? "to lock " : "for ") + lock + " in " + where;
        }
    }

    private final Thread caller;
    private final Set<String> learnerClasses;
    private final Thread sampler;
    private final List<Sleep> sleeps = new ArrayList<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final boolean dumpLocks;
    private volatile boolean running = true;

    private CallWatch(TrialContext c, boolean dumpLocks) {
        this.caller = Thread.currentThread();
        this.dumpLocks = dumpLocks;
        this.learnerClasses = c.learnerClassNames();
        this.sampler = Thread.ofPlatform().daemon().name("grader-call-watch").start(this::sample);
    }

    /** A watched call into the learner's code: what it returned, when it began and returned (System.nanoTime). */
    record Watched(Object result, long t0, long returned, CallWatch watch) {
        double seconds() {
            return (returned - t0) / 1e9;
        }

        /**
         * The call returned more than {@value #LATE_SECONDS} s after the last event of {@code kinds} ended, and its
         * thread was seen in Thread.sleep after that: a fixed wait in place of waiting for the work. How late, and
         * where it slept.
         */
        Optional<SleptLate> sleptPast(String... kinds) {
            long lastDone = Evidence.lastEnd(kinds);
            double late = (returned - lastDone) / 1e9;
            return late > LATE_SECONDS ? watch.sleptAfter(lastDone).map(s -> new SleptLate(late, s)) : Optional.empty();
        }
    }

    /** Returning this much after the work ended is not the scheduler's doing. */
    static final double LATE_SECONDS = 0.3;

    /** A call that returned {@code seconds} after its work ended, having slept at {@code sleep}. */
    record SleptLate(double seconds, Sleep sleep) {
    }

    /** Calls {@code className.method(args)} on this thread, watched for sleeps until it returns or throws. */
    static Watched call(TrialContext c, String className, String method, Object... args) {
        return call(c, false, className, method, args);
    }

    /** As {@link #call}, and with the thread dumps that {@link #busiestLock()} reads (each dump costs the call time). */
    static Watched callWatchingLocks(TrialContext c, String className, String method, Object... args) {
        return call(c, true, className, method, args);
    }

    private static Watched call(TrialContext c, boolean dumpLocks, String className, String method, Object... args) {
        long t0 = System.nanoTime();
        var watch = new CallWatch(c, dumpLocks);
        try {
            Object result = c.call(className, method, args);
            return new Watched(result, t0, System.nanoTime(), watch);
        } finally {
            watch.close();
        }
    }

    private void sample() {
        long t0 = System.nanoTime();
        int dumps = 0;
        while (running) {
            recordSleep(caller.getStackTrace());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (dumpLocks && dumps < DUMPS_AT_MS.length && ms >= DUMPS_AT_MS[dumps]) {
                dumps++;
                recordQueues();
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void recordSleep(StackTraceElement[] stack) {
        if (stack.length == 0 || !stack[0].getClassName().equals("java.lang.Thread") || !stack[0].getMethodName().startsWith("sleep")) {
            return;
        }
        for (StackTraceElement f : stack) {
            if (learnerClasses.contains(ThreadSummary.topLevel(f.getClassName()))) {
                synchronized (this) {
                    sleeps.add(new Sleep(System.nanoTime(), f.getClassName() + "." + f.getMethodName()
                            + "(" + f.getFileName() + ":" + f.getLineNumber() + ")"));
                }
                return;
            }
        }
    }

    private void recordQueues() {
        var waiting = new LinkedHashMap<String, List<String>>();
        var monitors = new LinkedHashMap<String, Boolean>();
        for (var t : threads()) {
            if (t.lock() == null || t.where() == null) {
                continue;
            }
            waiting.computeIfAbsent(t.lock(), k -> new ArrayList<>()).add(t.where());
            monitors.put(t.lock(), t.monitor());
        }
        synchronized (this) {
            waiting.forEach((lock, wheres) -> {
                Queue seen = queues.get(lock);
                if (seen == null || seen.threads() < wheres.size()) {
                    queues.put(lock, new Queue(wheres.size(), readable(lock), wheres.getFirst(), monitors.get(lock)));
                }
            });
        }
    }

    private record Waiter(String lock, String where, boolean monitor) {
    }

    /** Every thread (virtual ones too) that waits for a lock, a monitor or a semaphore, with its first learner frame. */
    private List<Waiter> threads() {
        var waiters = new ArrayList<Waiter>();
        try {
            for (var t : ThreadSummary.capture()) {
                if (t.blockedOn().isEmpty() || t.blockedOn().contains("FutureTask") || t.blockedOn().contains("CompletableFuture")
                        || t.blockedOn().contains("CountDownLatch") || t.blockedOn().contains("Phaser")) {
                    continue;  // waiting for results is not queueing for a lock
                }
                int first = t.firstLearnerFrame(learnerClasses);
                if (first >= 0) {
                    waiters.add(new Waiter(t.blockedOn(), t.frames().get(first).shortText(), t.state().equals("BLOCKED")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // No dump, no evidence: the verdict then says less, never something wrong.
        }
        return waiters;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the calling thread was seen sleeping after {@code nanos} (e.g. after the last download ended). */
    synchronized Optional<Sleep> sleptAfter(long nanos) {
        return sleeps.stream().filter(s -> s.at() > nanos).findFirst();
    }

    /** The lock most threads of the learner's code queued on at once (at least 2), if any. */
    synchronized Optional<Queue> busiestLock() {
        return queues.values().stream().filter(q -> q.threads() >= 2).max((a, b) -> Integer.compare(a.threads(), b.threads()));
    }

    /** "java.util.concurrent.Semaphore$NonfairSync@5876a9af" is a Semaphore; "java.lang.Class@1b6d3586" ... */
    static String readable(String lock) {
        String type = lock.contains("@") ? lock.substring(0, lock.indexOf('@')) : lock;
        if (type.startsWith("java.util.concurrent.Semaphore")) {
            return "a Semaphore";
        }
        if (type.startsWith("java.util.concurrent.locks.ReentrantLock")) {
            return "a ReentrantLock";
        }
        if (type.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock")) {
            return "a ReentrantReadWriteLock";
        }
        if (type.equals("java.lang.Class")) {
            return "a class (a static synchronized method, or synchronized (X.class))";
        }
        return "the monitor of a " + type.substring(type.lastIndexOf('.') + 1) + " (a synchronized block or method)";
    }
}
