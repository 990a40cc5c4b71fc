package futureskit.grading.judges;

import futureskit.Fixtures;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static futureskit.grading.judges.Evidence.fmt;
import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.sleep;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 02a: the sequential downloadMany turned into a thread pool. The server says how many requests were
 * in flight at once; the saved files must match their digests; the call must return when its downloads end
 * (not a fixed time later), and when the downloads ran one at a time, the locks the threads queued on say why.
 */
public final class ThreadPoolJudge implements Judge {

    /**
     * A pool sized for 20 downloads that wait on the network has most of them in flight together; a busy machine
     * spreads their starts (14 of 20 seen at once at load 15), so the bar is lower, yet above the 4 cores the
     * answer is shown, so that a pool sized to the cores fails on every machine.
     */
    static final int ENOUGH_IN_FLIGHT = 5;

    @Override
    public Verdict judge(TrialContext c) {
        double latency = 0.15;
        var server = c.server(Config.of(Mode.DELAY).withDelay(latency));
        Path dir = c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        double sequential = ccs.size() * latency;
        c.doing("ThreadPool.downloadMany(POP20_CC): 20 flags from a server with " + latency + " s latency");
        var call = CallWatch.callWatchingLocks(c, "ThreadPool", "downloadMany", ccs);
        Object result = call.result();
        long t0 = call.t0();
        var watch = call.watch();
        double secs = call.seconds();
        var problems = savedProblems(dir, ccs);
        var stats = server.stats();
        String seen = String.format(Locale.ROOT, "%d flags saved in %.2f s, at most %d request%s in flight",
                ccs.size() - problems.size(), secs, stats.maxInFlight(), stats.maxInFlight() == 1 ? "" : "s");
        if (Evidence.neverRequested(server)) {
            return Evidence.noRequest("downloadMany", "submit downloadOne(cc) for every cc and keep the futures"
                    + " (a stream of submit(...) calls runs only when a terminal operation needs its elements:"
                    + " count() may skip map() and submit nothing)");
        }
        if (!problems.isEmpty()) {
            sleep(0.5);
            int later = savedProblems(dir, ccs).size();
            var slept = watch.sleptAfter(t0);
            if (later < problems.size() && slept.isPresent()) {
                return sleptVerdict(problems.size() + " of 20 flags were not saved yet when it returned; "
                        + (problems.size() - later) + " more were saved 0.5 s later", slept.get(),
                        "downloadMany slept instead of waiting: when it returned from Thread.sleep, "
                                + problems.size() + " of 20 flags were not saved yet");
            }
            return Verdict.fail(problems.size() + " of 20 flags were missing or wrong when downloadMany returned",
                    List.of(Line.expected("20 flags saved in the downloads folder, each matching its digest"),
                            Line.seen(seen + "; " + summarize(problems)),
                            later < problems.size()
                                    ? Line.more((problems.size() - later) + " more were saved 0.5 s later: your tasks were still"
                                    + " running when downloadMany returned")
                                    : Line.more("the server got " + stats.requests() + " requests for 20 flags"),
                            Line.next(later < problems.size()
                                    ? "wait for every task before returning: closing the executor (try-with-resources) waits for them"
                                    : "run downloadOne(cc) for every cc: each one downloads and saves its flag")));
        }
        if (!(result instanceof Integer n) || n != ccs.size()) {
            return Verdict.fail("downloadMany returned " + result + " instead of 20 (the number of flags downloaded)",
                    List.of(Line.seen(seen), Line.next("count the results of your futures and return that count")));
        }
        // Returning well after the last download ended, from Thread.sleep: a fixed wait, too long here, too short elsewhere.
        var late = call.sleptPast("getFlag", "saveFlag", "show");
        if (late.isPresent()) {
            return sleptVerdict(seen, late.get().sleep(), String.format(Locale.ROOT, "downloadMany slept: it returned %.2f s"
                    + " after the last download ended, waiting in Thread.sleep", late.get().seconds()));
        }
        if (stats.maxInFlight() <= 1) {
            var lock = watch.busiestLock();
            if (lock.isPresent()) {
                return Verdict.fail("a lock let one download run at a time: the server never saw more than 1 request at a time",
                        List.of(Line.expected("several downloads in flight at once, about " + latency + " s in all instead of "
                                        + fmt(sequential) + " s"),
                                Line.seen(seen + "; " + lock.get().describe()),
                                Line.next("downloads need no lock: each saves its own file, and Flags.getFlag is"
                                        + " thread-safe; remove the synchronized (or the lock) around downloadOne")));
            }
            return Verdict.fail("the server never saw more than 1 request at a time",
                    List.of(Line.expected("several downloads in flight at once, about " + latency + " s in all instead of "
                                    + fmt(sequential) + " s"),
                            Line.seen(seen + ": one after the other, as in the sequential version"),
                            Line.next("run downloadOne(cc) as tasks on a pool: submit one for every cc first, and only then"
                                    + " collect the results (a get() right after each submit waits for that download"
                                    + " before the next one starts)")));
        }
        if (stats.maxInFlight() < ENOUGH_IN_FLIGHT) {
            int cores = Runtime.getRuntime().availableProcessors();
            boolean byCores = stats.maxInFlight() == cores || stats.maxInFlight() == cores - 1;
            return Verdict.fail("the server saw at most " + stats.maxInFlight() + " requests at a time",
                    List.of(Line.expected("about 20 downloads in flight at once: they mostly wait on the network"),
                            Line.seen(seen),
                            Line.next(byCores
                                    ? "a pool sized to the cores (the grader reports " + cores + " on every machine, so that"
                                    + " the verdict does not depend on yours) suits CPU-bound work; downloads wait on the"
                                    + " network: size the pool for I/O, workers = min(MAX_WORKERS, ccs.size())"
                                    : "size the pool for I/O-bound work: workers = min(MAX_WORKERS, ccs.size())")));
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s with up to %d requests in flight"
                                + " (one after the other: at least %s s)", secs, stats.maxInFlight(), fmt(sequential)),
                List.of(Line.seen(seen + "; every flag matches its digest")));
    }

    /** A fixed wait in place of waiting for the work: too long on a fast machine, too short on a slow one. */
    private static Verdict sleptVerdict(String seen, CallWatch.Sleep slept, String headline) {
        return Verdict.fail(headline,
                List.of(Line.expected("downloadMany returns as soon as its downloads are done"),
                        Line.seen(seen + "; sleeping in " + slept.where()),
                        Line.next("wait for the futures (get() each one, or let try-with-resources close the executor),"
                                + " not for a fixed time: a sleep is too long on a fast machine and too short on a slow one")));
    }
}
