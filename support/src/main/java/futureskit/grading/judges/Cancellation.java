package futureskit.grading.judges;

import futureskit.FlagServer;
import futureskit.grading.ThreadSummary;
import futureskit.grading.TrialContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lesson 8's evidence: a call of the learner's code under the judge's own deadline (so that code stuck in
 * {@code close()} or in a wait with the wrong unit gets advice about that, not only a timeout), and why requests
 * were still running after the learner's code gave up on them.
 */
final class Cancellation {

    /** The helpers of exercises/common: their frames are not the learner's code. */
    private static final Set<String> HELPERS = Set.of("Flags", "Progress", "Digests", "DownloadStatus");

    private Cancellation() {
    }

    /** What a call came to: its value, or what it threw (the learner's exception, wrapped by TrialContext), and when. */
    record Timed(Object value, RuntimeException thrown, long start, double seconds) {
        /** The learner's own exception, or null when the call returned (or the grader could not call it). */
        Throwable learnerException() {
            return thrown == null ? null : thrown.getCause();
        }

        /** Throws what the grader's call threw (the learner's exception, wrapped), if it threw. */
        void rethrow() {
            if (thrown != null) {
                throw thrown;
            }
        }
    }

    /** The requests {@code server}'s clients abandoned, once {@code count} are (or after 1 s, however many). */
    static List<FlagServer.Abandoned> awaitAbandoned(FlagServer server, int count) {
        try {
            return server.awaitAbandoned(count, java.time.Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The call had not returned by the judge's deadline: where the learner's code was waiting. */
    static final class Stuck extends Exception {
        final double seconds;
        final String waitingIn;
        final String where;

        Stuck(double seconds, String waitingIn, String where) {
            super("still running after " + seconds + " s", null, false, false);
            this.seconds = seconds;
            this.waitingIn = waitingIn;
            this.where = where;
        }

        /** The method the learner's code called and is waiting in, e.g. "close" for ExecutorService.close. */
        String method() {
            return waitingIn.substring(waitingIn.lastIndexOf('.') + 1);
        }

        /** E.g. "in ExecutorService.close, called from Timeouts.downloadMany(Timeouts.java:31)". */
        String describe() {
            return "in " + waitingIn + (where == null ? "" : ", called from " + where);
        }
    }

    /**
     * Calls {@code className.method(args)} on a thread of its own and waits at most {@code limitSeconds}. A call
     * that throws is returned with what it threw (Missing and BadResult are rethrown: they are not the learner's
     * exceptions); one still running then is a {@link Stuck}, and keeps running until the trial ends.
     */
    static Timed call(TrialContext c, double limitSeconds, String className, String method, Object... args) throws Stuck {
        var value = new AtomicReference<Object>();
        var thrown = new AtomicReference<RuntimeException>();
        long t0 = System.nanoTime();
        var caller = Thread.ofPlatform().daemon().name("grader-call").start(() -> {
            try {
                value.set(c.call(className, method, args));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        try {
            caller.join(Math.round(limitSeconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = Evidence.seconds(t0);
        if (caller.isAlive()) {
            throw stuck(caller, seconds);
        }
        RuntimeException e = thrown.get();
        if (e != null && e.getCause() == null) {
            throw e;   // the answer's shape (a missing method, a result of the wrong type): the Trial reports it
        }
        return new Timed(value.get(), e, t0, seconds);
    }

    private static Stuck stuck(Thread caller, double seconds) {
        StackTraceElement[] stack = caller.getStackTrace();
        String where = null;
        String waitingIn = "?";
        for (int i = 0; i < stack.length; i++) {
            if (isLearners(stack[i])) {
                where = stack[i].getClassName() + "." + stack[i].getMethodName() + "(" + stack[i].getFileName() + ":"
                        + stack[i].getLineNumber() + ")";
                waitingIn = i == 0 ? where : calledFrom(stack, i);
                break;
            }
        }
        return new Stuck(seconds, waitingIn, where);
    }

    // The JDK (or helper) method the learner's frame at i called, named as a reader knows it: the outermost
    // frame of the library it entered (ExecutorService.close rather than ThreadPoolExecutor.awaitTermination).
    private static String calledFrom(StackTraceElement[] stack, int learner) {
        StackTraceElement entered = stack[learner - 1];
        String simple = entered.getClassName().substring(entered.getClassName().lastIndexOf('.') + 1);
        return simple + "." + entered.getMethodName();
    }

    private static boolean isLearners(StackTraceElement frame) {
        String name = frame.getClassName();
        if (name.contains(".")) {
            return false;
        }
        return !HELPERS.contains(ThreadSummary.topLevel(name));
    }

    /** Threads still inside {@code Flags.getFlag}: the platform threads among them, interrupted or not. */
    record Downloads(int interrupted, int notInterrupted) {
        int platform() {
            return interrupted + notInterrupted;
        }
    }

    /** The platform threads in a download now (virtual threads are not listed by the JDK's thread snapshot). */
    static Downloads running() {
        int interrupted = 0;
        int not = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            boolean downloading = Arrays.stream(e.getValue())
                    .anyMatch(f -> f.getClassName().equals("Flags") && f.getMethodName().equals("getFlag"));
            if (downloading) {
                if (e.getKey().isInterrupted()) {
                    interrupted++;
                } else {
                    not++;
                }
            }
        }
        return new Downloads(interrupted, not);
    }

    /**
     * The next step for requests that outlived their cancellation, from the threads running them: platform threads
     * that were interrupted (an interrupt does not unblock a socket read), threads nobody interrupted
     * ({@code CompletableFuture.cancel} does not interrupt), or, when none is listed, virtual threads nobody
     * interrupted (an interrupt would have closed their sockets).
     */
    static String whyStillOpen(Downloads d) {
        if (d.interrupted() > 0) {
            return String.format(Locale.ROOT, "%d platform thread%s %s interrupted but still blocked reading a socket: an"
                    + " interrupt does not unblock a platform thread's socket read. Run the downloads on virtual threads"
                    + " (Executors.newVirtualThreadPerTaskExecutor(): an interrupt closes a virtual thread's socket)",
                    d.interrupted(), d.interrupted() == 1 ? "" : "s", d.interrupted() == 1 ? "was" : "were");
        }
        if (d.notInterrupted() > 0) {
            return String.format(Locale.ROOT, "%d thread%s still downloading %s never interrupted: CompletableFuture.cancel"
                    + "(true) does not interrupt the thread running it, and orTimeout/completeOnTimeout only complete the"
                    + " future. Cancel the Futures an ExecutorService returned (cancel(true), or invokeAll/invokeAny with a"
                    + " timeout), on virtual threads", d.notInterrupted(), d.notInterrupted() == 1 ? "" : "s",
                    d.notInterrupted() == 1 ? "was" : "were");
        }
        return "the downloads kept running on threads nobody interrupted (an interrupt closes a virtual thread's socket):"
                + " CompletableFuture.cancel(true) does not interrupt, and orTimeout/completeOnTimeout only complete the"
                + " future. Cancel the Futures an ExecutorService returned (cancel(true), or invokeAll/invokeAny with a timeout)";
    }
}
