package futureskit.grading;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A short account of where the learner's threads are stuck, for a timeout verdict: one line per group of
 * threads blocked at the same place, e.g.
 * {@code pool-1-thread-1 (WAITING) in FutureTask.get ← Deadlock.downloadOne(Deadlock.java:31)}.
 *
 * <p>Uses the JDK's thread dump (the one {@code jcmd Thread.dump_to_file} writes) because, unlike
 * {@code Thread.getAllStackTraces()}, it includes virtual threads.
 */
public final class ThreadSummary {

    public record Frame(String className, String method, String source) {
        public String topLevelClass() {
            return topLevel(className);
        }

        public String shortText() {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return simple + "." + method + "(" + source + ")";
        }
    }

    /**
     * One thread of a dump; {@code blockedOn} is what its top frame waits for, as the dump names it (e.g.
     * {@code java.util.concurrent.Semaphore$NonfairSync@5876a9af}, {@code java.lang.Object@79924b}), or "".
     */
    public record ThreadDump(String name, boolean virtual, String state, List<Frame> frames, String blockedOn) {
        public ThreadDump(String name, boolean virtual, String state, List<Frame> frames) {
            this(name, virtual, state, frames, "");
        }

        /** The index of the first frame in the learner's code, or -1. */
        public int firstLearnerFrame(Set<String> learnerClasses) {
            for (int i = 0; i < frames.size(); i++) {
                if (learnerClasses.contains(frames.get(i).topLevelClass())) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * A summary: the lines to show (none when no thread was in the learner's code), whether any such thread was
     * there, and whether one of them was runnable (computing, or reading a socket) rather than waiting.
     */
    record Summary(List<String> lines, boolean runnable, List<ThreadDump> threads) {
        boolean anyThread() {
            return !threads.isEmpty();
        }

        /** Whether a thread of the learner's code waits with a timeout (a sleep, a get(timeout)): it wakes by itself. */
        boolean timedWait() {
            return threads.stream().anyMatch(t -> t.state().equals("TIMED_WAITING"));
        }
    }

    private ThreadSummary() {
    }

    /** The top-level class a class belongs to: "Deadlock" for "Deadlock$1" or "Deadlock$Task" (also "a/b/C$1"). */
    public static String topLevel(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    /** A live summary of the learner's threads; a dump that fails is a summary of nothing, runnable (so no stall). */
    static Summary summary(Set<String> learnerClasses, int maxLines) {
        List<ThreadDump> threads;
        try {
            threads = capture();
        } catch (IOException | RuntimeException e) {
            return new Summary(List.of("(no thread dump: " + e + ")"), true, List.of());
        }
        var mine = threads.stream().filter(t -> t.firstLearnerFrame(learnerClasses) >= 0).toList();
        boolean runnable = mine.stream().anyMatch(t -> t.state().equals("RUNNABLE"));
        return new Summary(mine.isEmpty() ? List.of() : summarize(mine, learnerClasses, maxLines),
                runnable, mine);
    }

    static List<String> summarize(List<ThreadDump> threads, Set<String> learnerClasses, int maxLines) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ThreadDump t : threads) {
            int first = t.firstLearnerFrame(learnerClasses);
            if (first < 0) {
                continue;
            }
            var where = new StringBuilder();
            where.append(first > 0 ? "in " + t.frames().get(first - 1).shortText() + " ← " : "running ");
            where.append(t.frames().get(first).shortText());
            // One more frame of the learner's code, if any, tells who called it.
            for (int i = first + 1; i < t.frames().size(); i++) {
                if (learnerClasses.contains(t.frames().get(i).topLevelClass())) {
                    where.append(" ← ").append(t.frames().get(i).shortText());
                    break;
                }
            }
            String key = (t.virtual() ? "virtual " : "") + "(" + t.state() + ") " + where;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t.name().isEmpty() ? "unnamed" : t.name());
        }
        var lines = new ArrayList<String>();
        groups.forEach((key, names) -> lines.add(who(names) + " " + key));
        if (lines.size() > maxLines) {
            int more = lines.size() - maxLines;
            lines.subList(maxLines, lines.size()).clear();
            lines.add("... and " + more + " more groups of threads");
        }
        if (lines.isEmpty()) {
            lines.add("no thread was running your code (it may be waiting in a pool's close() or a join)");
        }
        return lines;
    }

    /** "thread main", "2 threads (a, b)", "39 threads (pool-1-thread-1, pool-1-thread-2, pool-1-thread-3 and 36 more)". */
    static String who(List<String> names) {
        if (names.size() == 1) {
            return "thread " + names.getFirst();
        }
        if (names.stream().allMatch(n -> n.equals("unnamed"))) {
            return names.size() + " unnamed threads";
        }
        return names.size() + " threads (" + String.join(", ", names.subList(0, Math.min(3, names.size())))
                + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "") + ")";
    }

    /** Every thread of this JVM, virtual ones included, as the JDK's thread dump shows them now. */
    public static List<ThreadDump> capture() throws IOException {
        Path dir = Files.createTempDirectory("grader-dump");
        Path file = dir.resolve("threads.txt");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return parse(Files.readAllLines(file));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Parses the JDK's plain-text thread dump: {@code #id "name" [virtual] STATE time}, then {@code at} lines. */
    static List<ThreadDump> parse(List<String> lines) {
        var threads = new ArrayList<ThreadDump>();
        String name = null;
        boolean virtual = false;
        String state = "";
        List<Frame> frames = null;
        String blockedOn = "";
        for (String line : lines) {
            if (line.startsWith("#") && line.contains("\"")) {
                if (name != null) {
                    threads.add(new ThreadDump(name, virtual, state, frames, blockedOn));
                }
                blockedOn = "";
                int open = line.indexOf('"');
                int close = line.indexOf('"', open + 1);
                name = line.substring(open + 1, close);
                String[] rest = line.substring(close + 1).trim().split("\\s+");
                virtual = rest.length > 0 && rest[0].equals("virtual");
                state = rest.length > (virtual ? 1 : 0) ? rest[virtual ? 1 : 0] : "";
                frames = new ArrayList<>();
            } else if (name != null && frames.size() == 1 && blockedOn.isEmpty()
                    && (line.strip().startsWith("- waiting to lock <") || line.strip().startsWith("- parking to wait for <")
                    || line.strip().startsWith("- waiting on <"))) {
                // What the top frame waits for: a monitor, a lock's or a semaphore's synchronizer, a future.
                String text = line.strip();
                blockedOn = text.substring(text.indexOf('<') + 1, text.endsWith(">") ? text.length() - 1 : text.length());
            } else if (name != null && line.strip().startsWith("at ")) {
                String text = line.strip().substring(3);
                int paren = text.indexOf('(');
                if (paren < 0) {
                    continue;
                }
                String qualified = text.substring(0, paren);
                // "loader/module@version/Class.method": the class name is after the last slash.
                int slash = qualified.lastIndexOf('/');
                if (slash >= 0) {
                    qualified = qualified.substring(slash + 1);
                }
                int dot = qualified.lastIndexOf('.');
                if (dot < 0) {
                    continue;
                }
                String source = text.substring(paren + 1, text.endsWith(")") ? text.length() - 1 : text.length());
                frames.add(new Frame(qualified.substring(0, dot), qualified.substring(dot + 1), source));
            }
        }
        if (name != null) {
            threads.add(new ThreadDump(name, virtual, state, frames, blockedOn));
        }
        return threads;
    }
}
