package futureskit.grading;

import futureskit.Events;
import futureskit.FlagServer;
import futureskit.grading.Verdict.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a {@link Judge} needs in the child JVM: flag servers, a downloads folder, calls into the learner's
 * classes, and what to tell on a timeout or an exception.
 */
public final class TrialContext {

    /** The learner's code threw ({@link #getCause()}); a judge that expects it to throw catches this. */
    public static final class LearnerFailure extends RuntimeException {
        final String call;

        LearnerFailure(String call, Throwable cause) {
            super(cause);
            this.call = call;
        }
    }

    /** The learner's method returned something the exercise did not ask for (null, another type). */
    public static final class BadResult extends RuntimeException {
        public BadResult(String message) {
            super(message);
        }
    }

    /** A class or method the grader calls is not there. */
    static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message);
        }
    }

    /** The answer's heap (ChildJvm's {@code -Xmx}), which every verdict about memory names. */
    static final int HEAP_MB = 512;

    /** What every verdict about memory advises, after "your code ran (or is running) out of memory". */
    static final String MEMORY_ADVICE = "(the grader gives it " + HEAP_MB + " MB): look for a collection that keeps"
            + " growing, or tasks submitted faster than they finish";

    private final Path classes;
    private final Set<String> learnerClasses;
    private final ClassLoader learnerLoader;
    private final List<FlagServer> servers = new ArrayList<>();
    private volatile String doing = "starting";
    private volatile long callStart;
    private volatile boolean inCall;
    private volatile long gcAtCallStart;

    TrialContext(Path classes) {
        this.classes = classes;
        this.learnerClasses = topLevelClasses(classes);
        // The answer's classes get a loader of their own: the child's class path holds only jars, which the
        // grader's class-data-sharing archive can cover (a folder on it would keep the archive from being made).
        try {
            // Unnamed, so that stack traces read as the learner's own ("Deadlock.downloadOne", no loader prefix).
            this.learnerLoader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, TrialContext.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The folder of the answer's compiled classes (the learner's and the helpers'), e.g. to read their bytecode. */
    public Path classesFolder() {
        return classes;
    }

    /** The top-level class names of the answer and its helpers (Flags, Progress...). */
    public Set<String> learnerClassNames() {
        return learnerClasses;
    }

    ClassLoader learnerLoader() {
        return learnerLoader;
    }

    /** Starts a flag server for this trial; the watchdog reports its statistics. */
    public synchronized FlagServer server(FlagServer.Config config) {
        var server = FlagServer.start(config);
        servers.add(server);
        return server;
    }

    /** Says what the learner's code is being asked to do, for the timeout verdict. */
    public void doing(String what) {
        this.doing = what;
    }

    /** Points the exercises' helpers (Flags.BASE_URL, Flags.DEST_DIR) at a server and a fresh folder. */
    public Path useServer(String baseUrl) {
        try {
            Path dir = Files.createTempDirectory("grader-downloads");
            Class<?> flags = learnerClass("Flags");
            flags.getField("BASE_URL").set(null, baseUrl);
            flags.getField("DEST_DIR").set(null, dir);
            Events.clear();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("exercises/common/Flags.java lacks BASE_URL or DEST_DIR: " + e, e);
        }
    }

    public Class<?> learnerClass(String name) {
        try {
            return Class.forName(name, true, learnerLoader);
        } catch (ClassNotFoundException e) {
            throw new Missing("there is no class " + name + " in your answer");
        }
    }

    /** Creates an instance of a helper class (e.g. Progress) with the given constructor arguments. */
    public Object create(String className, Object... args) {
        try {
            for (var c : learnerClass(className).getConstructors()) {
                if (c.getParameterCount() == args.length) {
                    return c.newInstance(args);
                }
            }
            throw new Missing("no constructor " + className + "(" + args.length + " arguments)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls {@code className.method(args)} (static, any visibility) and returns its result. */
    public Object call(String className, String method, Object... args) {
        Class<?> c = learnerClass(className);
        Method m = Stream.of(c.getDeclaredMethods())
                .filter(x -> x.getName().equals(method) && x.getParameterCount() == args.length
                        && Modifier.isStatic(x.getModifiers()))
                .findFirst()
                .orElseThrow(() -> new Missing("there is no static method " + className + "." + method
                        + " with " + args.length + " parameter" + (args.length == 1 ? "" : "s") + " in your answer"));
        m.setAccessible(true);
        gcAtCallStart = gcMillis();
        callStart = System.nanoTime();
        inCall = true;
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new LearnerFailure(className + "." + method, e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new Missing(className + "." + method + " cannot be called as the exercise says: " + e.getMessage()
                    + " (keep the starter's parameter types)");
        } finally {
            inCall = false;
        }
    }

    /** Calls a method on an instance (e.g. Progress.count()). */
    public Object callOn(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    Verdict threw(LearnerFailure e, String advice) {
        var details = new ArrayList<Line>();
        Throwable t = e.getCause();
        var chain = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (!chain.isEmpty()) {
                chain.append(" caused by ");
            }
            chain.append(c.getClass().getSimpleName());
            if (c.getMessage() != null && !(c.getCause() != null && c.getMessage().equals(c.getCause().toString()))) {
                chain.append(": ").append(c.getMessage());
            }
        }
        details.add(Line.seen(chain.toString()));
        String where = whereInLearnerCode(t);
        if (where != null) {
            details.add(Line.where(where));
        }
        details.add(Line.next(advice));
        return Verdict.fail(e.call + " threw " + t.getClass().getSimpleName() + " instead of returning", details);
    }

    private String whereInLearnerCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (StackTraceElement f : c.getStackTrace()) {
                String top = ThreadSummary.topLevel(f.getClassName());
                if (learnerClasses.contains(top) && !top.equals("Flags")) {
                    return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
                }
            }
        }
        return null;
    }

    synchronized Verdict timedOut(Exercise exercise) {
        return timeout(exercise, limitHeadline(exercise));
    }

    /**
     * The time-limit verdict for an answer that leaves the heap too full to make one then (no thread dump, no
     * reading): made at the start, and written by the child when that moment comes.
     */
    static Verdict heapFull(Exercise exercise) {
        return new Verdict("", Verdict.Status.TIMEOUT, limitHeadline(exercise),
                List.of(Line.expected(exercise.expectedTime()),
                        new Line("memory", "the heap was full: the grader could not even take a thread dump"),
                        Line.next("your code is running out of memory " + MEMORY_ADVICE)), 0);
    }

    private static String limitHeadline(Exercise exercise) {
        return "your code did not finish within " + exercise.limitSeconds() + " s (the grader stopped it)";
    }

    /**
     * Watches a running answer until it stalls: nothing happened for the exercise's {@code stall_seconds} (no
     * helper call recorded, no new request and none in flight on the trial's servers) and every thread of the
     * answer waits without a timeout (none runnable, none sleeping). Then returns the timeout verdict to write. Never returns for an answer that keeps moving.
     */
    Verdict watchForStall(Exercise exercise) {
        long stall = Math.round(exercise.stallSeconds() * 1e9);
        long quietSince = System.nanoTime();
        String last = "";
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                // An answer may interrupt any thread: the watch goes on.
            }
            long now = System.nanoTime();
            String activity = activity();
            if (!inCall || activity == null || !activity.equals(last)) {
                last = activity == null ? "" : activity;
                quietSince = now;
                continue;
            }
            if (now - quietSince < stall) {
                continue;
            }
            var summary = ThreadSummary.summary(learnerClasses, 6);
            if (summary.runnable() || summary.timedWait()) {
                // Computing, or waiting for a time that will pass (a sleep, a get with a timeout): not stuck, and
                // the judge or the time limit decides.
                quietSince = now;
                continue;
            }
            return timeout(exercise, String.format(Locale.ROOT, "your code stopped making progress: nothing happened"
                    + " for %.1f s, and no thread of it could run (the grader stopped it)", (now - quietSince) / 1e9), memoryPressure(), summary);
        }
    }

    /** A reading of everything that moves while an answer works; null while a request is in flight. */
    private synchronized String activity() {
        var reading = new StringBuilder().append(Events.recorded());
        for (FlagServer s : servers) {
            var stats = s.stats();
            if (stats.inFlight() > 0) {
                return null;
            }
            reading.append('/').append(stats.requests());
        }
        return reading.toString();
    }

    private Verdict timeout(Exercise exercise, String headline) {
        String memory = memoryPressure();
        // With the heap full, a thread dump (a file written, then parsed) takes longer than the grace left: skip it.
        var summary = memory != null ? new ThreadSummary.Summary(List.of(), false, List.of())
                : ThreadSummary.summary(learnerClasses, 6);
        return timeout(exercise, headline, memory, summary);
    }

    private synchronized Verdict timeout(Exercise exercise, String headline, String memory, ThreadSummary.Summary summary) {
        var details = new ArrayList<Line>();
        details.add(Line.expected(exercise.expectedTime()));
        details.add(Line.seen(doing));
        if (callStart != 0) {
            details.add(Line.more(String.format(Locale.ROOT, "still running after %.1f s", (System.nanoTime() - callStart) / 1e9)));
        }
        for (FlagServer s : servers) {
            details.add(Line.server(s.config().describe() + ": " + s.stats()));
        }
        if (memory != null) {
            details.add(new Line("memory", memory));
        }
        if (memory != null && !summary.anyThread()) {
            details.add(Line.threads("not looked at: a thread dump needs memory, and your code holds nearly all of it"));
        } else if (summary.anyThread()) {
            details.add(Line.threads("where your code is waiting (a thread dump, like jcmd Thread.print):"));
        } else {
            details.add(Line.threads("no thread was in your code when the grader looked (it may be waiting in a"
                    + " pool's close() or a join):"));
        }
        for (String line : summary.lines()) {
            details.add(Line.more(line));
        }
        details.add(Line.next(memory != null ? "your code is running out of memory " + MEMORY_ADVICE
                : exercise.timeoutAdvice(summary.lines())));
        return new Verdict("", Verdict.Status.TIMEOUT, headline, details, 0);
    }

    /** What the heap and the collector say when memory is what holds the answer up; null when it is not. */
    private String memoryPressure() {
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        double full = max > 0 ? (double) heap.getUsed() / max : 0;
        double elapsed = callStart == 0 ? 0 : (System.nanoTime() - callStart) / 1e6;
        double gc = elapsed > 0 ? (gcMillis() - gcAtCallStart) / elapsed : 0;
        if (full < 0.85 && gc < 0.4) {
            return null;
        }
        return String.format(Locale.ROOT, "the heap was %d%% full (%d of %d MB) and the JVM spent %d%% of the time"
                + " since your code started collecting garbage", Math.round(full * 100), heap.getUsed() >> 20, max >> 20,
                Math.round(Math.min(1, gc) * 100));
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static Set<String> topLevelClasses(Path classes) {
        var names = new TreeSet<String>();
        try (var files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String rel = classes.relativize(p).toString().replace('/', '.').replace('\\', '.');
                String name = rel.substring(0, rel.length() - ".class".length());
                names.add(ThreadSummary.topLevel(name));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
