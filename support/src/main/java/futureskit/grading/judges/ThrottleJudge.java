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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 06b: at most N requests in flight, as the server counts them, with N = 3 against a server that
 * never fails, then N = 7 against one that fails about half the downloads (a permit not given back by a failed
 * download then stalls the rest: the stall watch of exercise.toml ends that check at once). The downloads run on
 * virtual threads, as the statement asks. When a limit is not held, the learner's classes say whether a
 * semaphore was made per task; when downloads ran one at a time, the threads' dump says which lock they queued on.
 */
public final class ThrottleJudge implements Judge {

    static final double LATENCY = 0.1;
    /** With this seed, 10 of the 21 downloads fail: more than enough to leak all 7 permits. */
    static final long FAILING_SEED = 1;

    private record Run(int limit, Config config) {
    }

    @Override
    public Verdict judge(TrialContext c) {
        List<String> ccs = Fixtures.countryCodes().subList(0, 21);
        var runs = List.of(new Run(3, Config.of(Mode.DELAY).withDelay(LATENCY)),
                new Run(7, Config.of(Mode.ERROR).withDelay(LATENCY).withErrorRate(0.5).withSeed(FAILING_SEED)));
        var seen = new ArrayList<String>();
        for (Run run : runs) {
            FlagServer server = c.server(run.config());
            int limit = run.limit();
            var ok = new ArrayList<String>();
            for (String cc : ccs) {
                if (!run.config().firstOutcome(cc).fails()) {
                    ok.add(cc);
                }
            }
            int failing = ccs.size() - ok.size();
            Path dir = c.useServer(server.baseUrl());
            c.doing("Throttle.downloadMany(21 codes, " + limit + "): latency " + LATENCY + " s, at most " + limit + " in flight"
                    + (failing > 0 ? ", " + failing + " of the downloads fail with an HTTP error" : ""));
            var call = CallWatch.callWatchingLocks(c, "Throttle", "downloadMany", ccs, limit);
            Object result = call.result();
            var watch = call.watch();
            double secs = call.seconds();
            var stats = server.stats();
            var problems = savedProblems(dir, ok);
            if (Evidence.neverRequested(server)) {
                return Evidence.noRequest("downloadMany", "start a virtual thread per cc that calls downloadOne(cc)");
            }
            String line = String.format(Locale.ROOT, "limit %d: at most %d in flight, %d flags in %.2f s%s", limit,
                    stats.maxInFlight(), ok.size() - problems.size(), secs, failing > 0 ? " (" + failing + " failed)" : "");
            seen.add(line);
            if (!problems.isEmpty()) {
                return Verdict.fail(problems.size() + " of " + ok.size() + " flags were missing or wrong when downloadMany returned",
                        List.of(Line.seen(line + "; " + summarize(problems)),
                                Line.next("wait for every download before returning (close the executor)")));
            }
            if (!(result instanceof Integer n) || n != ok.size()) {
                return Verdict.fail("downloadMany returned " + result + " instead of " + ok.size()
                                + (failing > 0 ? " (21 codes, " + failing + " of them failed)" : ""),
                        List.of(Line.seen(line),
                                Line.next(failing > 0 ? "count only the downloads that succeeded: a future whose get() throws"
                                        + " ExecutionException is not a flag (the starter's loop does that)"
                                        : "return the number of flags downloaded")));
            }
            if (stats.maxInFlight() > limit) {
                return Verdict.fail("the server saw " + stats.maxInFlight() + " requests at once; the limit was " + limit,
                        List.of(Line.expected("never more than " + limit + " requests in flight"),
                                Line.seen(line),
                                Line.next(overLimitAdvice(c))));
            }
            if (stats.maxInFlight() < 2) {
                var lock = watch.busiestLock();
                String why = lock.map(q -> q.lock().equals("a Semaphore")
                        ? "your semaphore let 1 download through at a time: give it maxInFlight permits, new Semaphore(maxInFlight)"
                        : "a lock admits one thread at a time, so it serialises the downloads: " + q.describe()
                        + "; a Semaphore(maxInFlight) admits maxInFlight").orElse(null);
                return Verdict.fail("the server never saw more than 1 request at a time (limit " + limit + ")",
                        List.of(Line.expected("up to " + limit + " downloads in flight: a throttle, not a queue of one"),
                                Line.seen(line),
                                Line.next(why != null ? why : "start a task per flag and let the semaphore hold back all but " + limit)));
            }
            var platform = new TreeSet<String>();
            Events.of("getFlag").stream().filter(e -> !e.virtual()).forEach(e -> platform.add(e.thread()));
            if (!platform.isEmpty()) {
                return Verdict.fail("the downloads ran on platform threads, not on virtual threads",
                        List.of(Line.expected("one virtual thread per download, held back by a semaphore (the statement"
                                        + " asks to keep the virtual threads)"),
                                Line.seen(line + "; getFlag ran on " + Evidence.names(platform, 3)),
                                Line.next("keep Executors.newVirtualThreadPerTaskExecutor() and limit with a Semaphore: a pool"
                                        + " of maxInFlight platform threads limits too, but spends a platform thread per slot,"
                                        + " and the pool's queue hides the waiting a semaphore makes visible")));
            }
        }
        return Verdict.pass("the throttle held: " + String.join("; ", seen), List.of());
    }

    /** More in flight than the limit: no semaphore, one per task, or one not held for the whole download. */
    private static String overLimitAdvice(TrialContext c) {
        var made = LearnerCode.creations(c.classesFolder(), "java/util/concurrent/Semaphore", List.of("Flags"));
        var perTask = made.stream().filter(s -> s.inLambda() || s.inLoop()).findFirst();
        if (perTask.isPresent()) {
            return "a Semaphore made " + (perTask.get().inLambda() ? "inside each task" : "in the loop, once per task") + " ("
                    + perTask.get().where() + ") gives every task permits of its own, so it limits nothing: make one"
                    + " Semaphore(maxInFlight) before the loop, and let every task acquire from that shared one";
        }
        if (made.isEmpty()) {
            return "nothing limits the downloads yet: share one Semaphore(maxInFlight) between the tasks, acquire() before"
                    + " getFlag and release() in a finally block after it";
        }
        return "hold a permit for the whole download: semaphore.acquire() inside the task before getFlag, release() in a"
                + " finally block after it (a permit taken around submit() limits how fast you submit, not how many run)";
    }
}
