package futureskit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A thread dump of some of this JVM's threads, formatted like {@code jcmd <pid> Thread.print} (or jstack) prints
 * them: the thread's state, what it is parked on, its stack, and the synchronizers it holds.
 *
 * <p>The lessons name their pool's threads (e.g. {@code Thread.ofPlatform().name("pool-worker-", 1).factory()})
 * and dump only those, so a deadlocked worker parked in {@code FutureTask.get} is not drowned out by the JVM's own
 * threads. JDK only, so JBang scripts can use it through {@code //SOURCES}.
 *
 * <p>Virtual threads are not in {@code ThreadMXBean} dumps; for them use
 * {@code jcmd <pid> Thread.dump_to_file -format=json <file>}.
 */
public final class ThreadDumps {
    /** How many stack frames to show per thread unless told otherwise: enough to reach the pool's run loop. */
    public static final int FRAMES = 12;

    /** The platform threads whose name starts with {@code namePrefix}, captured now, sorted by name. */
    public static List<ThreadInfo> capture(String namePrefix) {
        var infos = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        return Arrays.stream(infos)
                .filter(info -> info != null && info.getThreadName().startsWith(namePrefix))
                .sorted(Comparator.comparing(ThreadInfo::getThreadName))
                .toList();
    }

    /** A dump of the threads whose name starts with {@code namePrefix}, {@link #FRAMES} frames each. */
    public static String of(String namePrefix) {
        return of(namePrefix, FRAMES);
    }

    /** A dump of the threads whose name starts with {@code namePrefix}, at most {@code maxFrames} frames each. */
    public static String of(String namePrefix, int maxFrames) {
        var threads = capture(namePrefix);
        if (threads.isEmpty()) return "(no live thread named " + namePrefix + "*)\n";
        return threads.stream().map(info -> format(info, maxFrames)).collect(Collectors.joining("\n"));
    }

    /** One thread in jcmd's layout: header, "- parking to wait for" line, frames, locked synchronizers. */
    public static String format(ThreadInfo info, int maxFrames) {
        var text = new StringBuilder();
        text.append('"').append(info.getThreadName()).append('"')
                .append(" #").append(info.getThreadId())
                .append(info.isDaemon() ? " daemon" : "")
                .append(' ').append(info.getThreadState()).append('\n');
        var stack = info.getStackTrace();
        for (int i = 0; i < Math.min(maxFrames, stack.length); i++) {
            text.append("\tat ").append(stack[i]).append('\n');
            if (i == 0 && info.getLockInfo() != null) {
                var verb = info.getLockOwnerName() == null && isParked(stack[0]) ? "parking to wait for" : "waiting on";
                text.append("\t- ").append(verb).append(" <").append(info.getLockInfo()).append('>');
                if (info.getLockOwnerName() != null) text.append(" owned by \"").append(info.getLockOwnerName()).append('"');
                text.append('\n');
            }
        }
        if (stack.length > maxFrames) text.append("\t... ").append(stack.length - maxFrames).append(" more\n");
        var synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            text.append("   Locked ownable synchronizers:\n");
            for (var lock : synchronizers) text.append("\t- <").append(lock).append(">\n");
        }
        return text.toString();
    }

    /** Live non-daemon threads other than the caller: each one would keep the JVM alive after main returns. */
    /**
     * The non-daemon threads still alive after up to {@code grace}: a closed pool's workers have finished their
     * work when {@code close()} returns, but each still needs a moment to end its thread, and on a busy machine
     * that moment can be long. A thread that outlives the grace really leaked.
     */
    public static List<Thread> nonDaemonThreadsLeft(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : nonDaemonThreads()) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return nonDaemonThreads();
    }

    public static List<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                .sorted(Comparator.comparing(Thread::getName))
                .toList();
    }

    private static boolean isParked(StackTraceElement top) {
        return top.getMethodName().equals("park") || top.getMethodName().equals("parkNanos");
    }

    private ThreadDumps() {}
}
