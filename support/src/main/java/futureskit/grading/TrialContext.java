package futureskit.grading;

import futureskit.Events;
import futureskit.FlagServer;
import futureskit.grading.Verdict.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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

    /** The learner's code threw. */
    static final class LearnerFailure extends RuntimeException {
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

    private final Set<String> learnerClasses;
    private final List<FlagServer> servers = new ArrayList<>();
    private volatile String doing = "starting";
    private volatile long callStart;

    TrialContext(Path classes) {
        this.learnerClasses = topLevelClasses(classes);
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
            return Class.forName(name, true, TrialContext.class.getClassLoader());
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
        callStart = System.nanoTime();
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new LearnerFailure(className + "." + method, e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new Missing(className + "." + method + " cannot be called as the exercise says: " + e.getMessage()
                    + " (keep the starter's parameter types)");
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
                String top = f.getClassName().contains("$") ? f.getClassName().substring(0, f.getClassName().indexOf('$')) : f.getClassName();
                if (learnerClasses.contains(top) && !top.equals("Flags")) {
                    return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
                }
            }
        }
        return null;
    }

    synchronized Verdict timedOut(Exercise exercise) {
        var details = new ArrayList<Line>();
        details.add(Line.expected(exercise.expectedTime()));
        details.add(Line.seen(doing));
        if (callStart != 0) {
            details.add(Line.more(String.format(Locale.ROOT, "still running after %.1f s", (System.nanoTime() - callStart) / 1e9)));
        }
        for (FlagServer s : servers) {
            details.add(Line.server(s.config().describe() + ": " + s.stats()));
        }
        details.add(Line.threads("where your code is waiting (a thread dump, like jcmd Thread.print):"));
        for (String line : ThreadSummary.of(learnerClasses, 6)) {
            details.add(Line.more(line));
        }
        details.add(Line.next(exercise.timeoutAdvice()));
        return new Verdict("", Verdict.Status.TIMEOUT,
                "your code did not finish within " + exercise.limitSeconds() + " s (the grader stopped it)", details, 0);
    }

    private static Set<String> topLevelClasses(Path classes) {
        var names = new TreeSet<String>();
        try (var files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String rel = classes.relativize(p).toString().replace('/', '.').replace('\\', '.');
                String name = rel.substring(0, rel.length() - ".class".length());
                int dollar = name.indexOf('$');
                names.add(dollar < 0 ? name : name.substring(0, dollar));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
