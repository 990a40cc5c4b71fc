package futureskit.grading.judges;

import futureskit.Events;
import futureskit.Fixtures;
import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 08a: one deadline for a batch. First a server that answers every flag quickly (everything must
 * arrive, and the call must end when the downloads do, not when the deadline does); then a seeded server on
 * which some flags stall and some fail, so the judge knows the exact counts, and sees on the server side
 * whether the stalled requests were really cancelled.
 */
public final class TimeoutsJudge implements Judge {

    static final Duration GENEROUS = Duration.ofSeconds(3);
    static final Duration DEADLINE = Duration.ofSeconds(1);
    /** Three codes of POP20_CC stall with this seed and three fail (418, 500, 503): see {@link #predict}. */
    static final long SEED = 8;
    /** Longer than a right answer takes (the deadline, on a busy machine) or three deadlines waited out one per future. */
    static final double STUCK_AFTER = 4.0;

    record Batch(Map<String, byte[]> flags, int size, int nulls, int cancelled, int failed) {}

    @Override
    public Verdict judge(TrialContext c) {
        List<String> ccs = Fixtures.POP20_CC;
        var fast = c.server(Config.of(Mode.DELAY).withDelay(0.05, 0.2));
        c.useServer(fast.baseUrl());
        c.doing("Timeouts.downloadMany(POP20_CC, 3 s) against a server that answers every flag in 0.05-0.2 s");
        Cancellation.Timed first;
        try {
            first = Cancellation.call(c, GENEROUS.toSeconds() + 2.0, "Timeouts", "downloadMany", ccs, GENEROUS);
        } catch (Cancellation.Stuck s) {
            return stuck(s, GENEROUS, "a server that answers every flag in 0.05-0.2 s", fast);
        }
        first.rethrow();
        Batch one = batch(first.value());
        long lastEnd = Events.of("getFlag").stream().mapToLong(Events.Event::end).max().orElse(first.start());
        double endedAfter = (lastEnd - first.start()) / 1e9;
        String seenFirst = seen(first.seconds(), one) + String.format(Locale.ROOT, "; the last download ended after %.2f s", endedAfter);
        if (one.nulls() > 0) {
            return nulls(one, seenFirst);
        }
        if (one.flags().size() < ccs.size() && one.cancelled() > 0 && first.seconds() < GENEROUS.toMillis() / 2000.0) {
            return Verdict.fail(String.format(Locale.ROOT, "downloadMany gave up after %.2f s with a 3 s deadline", first.seconds()),
                    List.of(Line.expected("all 20 flags: the server answers each in 0.05-0.2 s"),
                            Line.seen(seenFirst),
                            Line.next("check the unit of your timeout: invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS)"
                                    + " (deadline.toSeconds() with MILLISECONDS waits a thousand times too little, toMillis()"
                                    + " with SECONDS a thousand times too long)")));
        }
        var wrong = mappingProblems(one.flags(), ccs);
        if (!wrong.isEmpty()) {
            return Verdict.fail("with a fast server and a 3 s deadline, the batch should hold all 20 flags",
                    List.of(Line.seen(seenFirst + ": " + summarize(wrong)),
                            Line.next("put every flag that arrived in time into the map, keyed by its cc")));
        }
        if (one.cancelled() != 0 || one.failed() != 0) {
            return Verdict.fail("all 20 flags arrived, but the batch says " + one.cancelled() + " cancelled and " + one.failed() + " failed",
                    List.of(Line.seen(seenFirst), Line.next("count only the futures whose state() is CANCELLED, and those that are FAILED")));
        }
        if (first.seconds() - endedAfter > 1.0) {
            return Verdict.fail(String.format(Locale.ROOT, "downloadMany returned %.1f s after the last download had ended", first.seconds() - endedAfter),
                    List.of(Line.expected("return as soon as every download is done, or at the deadline, whichever comes first"),
                            Line.seen(seenFirst),
                            Line.next("wait for the futures, not for the clock: Thread.sleep(deadline) waits out the deadline"
                                    + " even when everything has arrived; invokeAll(tasks, timeout, unit) returns when all are done")));
        }

        var config = Config.of(Mode.DELAY).withDelay(0.05, 0.2).withErrorRate(0.2).withStallRate(0.25).withSeed(SEED);
        var expected = predict(config, ccs);
        var server = c.server(config);
        c.useServer(server.baseUrl());
        c.doing("Timeouts.downloadMany(POP20_CC, 1 s) against a server on which " + expected.stalled().size()
                + " flags stall (no answer) and " + expected.failed().size() + " fail");
        Cancellation.Timed second;
        try {
            second = Cancellation.call(c, STUCK_AFTER, "Timeouts", "downloadMany", ccs, DEADLINE);
        } catch (Cancellation.Stuck s) {
            return stuck(s, DEADLINE, "a server on which " + expected.stalled().size() + " flags stall (no answer, ever)", server);
        }
        second.rethrow();
        Batch two = batch(second.value());
        var stats = server.stats();
        String seenSecond = seen(second.seconds(), two) + "; the server: " + stats.requests() + " requests, "
                + expected.stalled().size() + " of them stalled";
        String counts = expected.done().size() + " flags, " + expected.stalled().size() + " cancelled (the stalled ones: "
                + String.join(", ", expected.stalled()) + "), " + expected.failed().size() + " failed (" + String.join(", ", expected.failed()) + ")";
        if (second.seconds() > DEADLINE.toMillis() / 1000.0 + 0.7) {
            boolean perFuture = second.seconds() >= 1.8 * DEADLINE.toMillis() / 1000.0;
            return Verdict.fail(String.format(Locale.ROOT, "downloadMany returned after %.2f s; the deadline for the whole batch was 1 s", second.seconds()),
                    List.of(Line.expected("return after about 1 s with " + counts),
                            Line.seen(seenSecond),
                            Line.next(perFuture
                                    ? "you gave each future the whole deadline in turn (" + expected.stalled().size() + " stalled downloads"
                                    + " waited out one after the other): give the batch one deadline, invokeAll(tasks, timeout, unit),"
                                    + " or compute what is left of it before each get"
                                    : "an executor's close() waits for its tasks: make sure the cancelled downloads end (virtual"
                                    + " threads, cancel(true)) before the try block closes")));
        }
        if (two.nulls() > 0) {
            return nulls(two, seenSecond);
        }
        var problems = new ArrayList<String>(mappingProblems(two.flags(), expected.done()));
        if (!problems.isEmpty()) {
            return Verdict.fail("the flags that arrived in time are not the ones in the batch",
                    List.of(Line.expected(counts), Line.seen(seenSecond + ": " + summarize(problems)),
                            Line.next("keep the result of every future whose state() is SUCCESS, and only those")));
        }
        if (two.cancelled() != expected.stalled().size() || two.failed() != expected.failed().size()) {
            boolean lumped = two.cancelled() == expected.stalled().size() + expected.failed().size() && two.failed() == 0;
            return Verdict.fail("the batch counts " + two.cancelled() + " cancelled and " + two.failed() + " failed",
                    List.of(Line.expected(counts),
                            Line.seen(seenSecond + "; the server answered " + stats.failures() + " requests with an error"),
                            Line.next(lumped ? "a download the server answered with an error before the deadline failed, it was"
                                    + " not cancelled: count the futures whose state() is FAILED apart from the CANCELLED ones"
                                    : "count future.state(): CANCELLED for the downloads still running at the deadline, FAILED for"
                                    + " those that threw")));
        }
        if (stats.requests() < ccs.size()) {
            return Verdict.fail("only " + stats.requests() + " of 20 requests reached the server",
                    List.of(Line.expected("all 20 downloads started at once, under one deadline"), Line.seen(seenSecond),
                            Line.next("submit every download before you wait")));
        }
        var gone = Cancellation.awaitAbandoned(server, expected.stalled().size());
        if (gone.size() < expected.stalled().size()) {
            var running = Cancellation.running();
            int open = expected.stalled().size() - gone.size();
            return Verdict.fail(open + " of " + expected.stalled().size() + " stalled requests were still open on the server 1 s after"
                            + " downloadMany returned",
                    List.of(Line.expected("the downloads still running at the deadline cancelled: the server sees their"
                                    + " connections close at once"),
                            Line.seen(seenSecond + "; the server saw " + gone.size() + " go: abandoned, not cancelled"),
                            Line.next(Cancellation.whyStillOpen(running))));
        }
        // invokeAll cancels at the deadline: from then to the server seeing each stalled connection close.
        double latest = gone.stream().mapToDouble(a -> a.since(second.start()).minus(DEADLINE).toNanos() / 1e9).max().orElse(0);
        return Verdict.pass(String.format(Locale.ROOT, "the batch was cut at %.2f s with %s", second.seconds(), counts),
                List.of(Line.seen(seenSecond),
                        Line.server(String.format(Locale.ROOT, "saw the %d stalled requests' connections close at most %.0f ms"
                                + " after the deadline", gone.size(), Math.max(0, latest) * 1000)),
                        Line.more(String.format(Locale.ROOT, "the fast server's 20 flags all arrived, and downloadMany returned"
                                + " %.2f s after the last one", Math.max(0, first.seconds() - endedAfter)))));
    }

    /** Which of {@code ccs} the seeded server will answer, stall on, and fail (their first attempt). */
    record Expected(List<String> done, List<String> stalled, List<String> failed) {}

    static Expected predict(Config config, List<String> ccs) {
        var done = new ArrayList<String>();
        var stalled = new ArrayList<String>();
        var failed = new ArrayList<String>();
        for (String cc : ccs) {
            var outcome = config.firstOutcome(cc);
            (outcome.stalls() ? stalled : outcome.fails() ? failed : done).add(cc);
        }
        return new Expected(done, stalled, failed);
    }

    private static Verdict stuck(Cancellation.Stuck s, Duration deadline, String against, FlagServer server) {
        String seen = String.format(Locale.ROOT, "still running %.1f s after it started, %s", s.seconds, s.describe());
        String next = switch (s.method()) {
            case "close" -> "an executor's close() waits for its tasks, and these do not end: "
                    + Cancellation.whyStillOpen(Cancellation.running());
            case "invokeAll" -> "invokeAll(tasks) with no timeout waits for every task, and a stalled download never ends;"
                    + " give it the deadline: invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS) (in the wrong unit,"
                    + " toMillis() with SECONDS, it waits a thousand times too long)";
            case "get", "join", "awaitDone", "take" -> "a get() with no timeout waits for ever on a download that stalls; wait"
                    + " once for the whole batch (invokeAll with a timeout), then look at each future's state()";
            case "sleep" -> "it sleeps: wait for the futures instead (invokeAll with a timeout returns when all are done)";
            default -> "bound every wait by the deadline (invokeAll(tasks, timeout, unit)), and cancel what is left";
        };
        return Verdict.fail("downloadMany was still waiting in " + s.waitingIn + " " + Evidence.fmt(s.seconds)
                        + " s after it started; the deadline was " + deadline.toSeconds() + " s",
                List.of(Line.expected("return by the deadline against " + against),
                        Line.seen(seen),
                        Line.server(server.config().describe() + ": " + server.stats()),
                        Line.next(next)));
    }

    private static Verdict nulls(Batch b, String seen) {
        return Verdict.fail(b.nulls() + " of the " + b.size() + " keys in the batch's map hold null instead of a flag",
                List.of(Line.expected("only the flags that arrived in time, so that done() counts them"),
                        Line.seen(seen),
                        Line.next("put a flag into the map only when its future's state() is SUCCESS; count the others as"
                                + " cancelled or failed")));
    }

    private static String seen(double seconds, Batch b) {
        return String.format(Locale.ROOT, "returned after %.2f s: %d flags, %d cancelled, %d failed", seconds,
                b.flags().size(), b.cancelled(), b.failed());
    }

    /** The learner's Timeouts.Batch, read through its accessors; flags counts only real flags (not null). */
    private static Batch batch(Object result) {
        if (result == null || !result.getClass().isRecord()) {
            throw new TrialContext.BadResult("downloadMany returned " + (result == null ? "null" : result.getClass().getSimpleName())
                    + " instead of a Timeouts.Batch(flags, cancelled, failed)");
        }
        Object flags = read(result, "flags");
        Object cancelled = read(result, "cancelled");
        Object failed = read(result, "failed");
        if (!(flags instanceof Map<?, ?> map) || !(cancelled instanceof Integer n) || !(failed instanceof Integer f)) {
            throw new TrialContext.BadResult("downloadMany returned a Batch whose flags, cancelled or failed are not a"
                    + " Map<String, byte[]>, an int and an int: keep the starter's Batch record");
        }
        int nulls = (int) map.values().stream().filter(v -> v == null).count();
        var real = new java.util.HashMap<String, byte[]>(bytesMap(map, "downloadMany"));
        return new Batch(real, map.size(), nulls, n, f);
    }

    private static Object read(Object record, String accessor) {
        try {
            Method m = record.getClass().getMethod(accessor);
            m.setAccessible(true);
            return m.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new TrialContext.BadResult("downloadMany returned a " + record.getClass().getSimpleName() + " without "
                    + accessor + "(): keep the starter's Batch(flags, cancelled, failed) record");
        }
    }
}
