package futureskit.grading.judges;

import futureskit.Events;
import futureskit.Fixtures;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static futureskit.grading.judges.Evidence.ORDER_SLACK;
import static futureskit.grading.judges.Evidence.sleep;
import static futureskit.grading.judges.Evidence.summarize;
import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;
import static futureskit.grading.judges.Evidence.countBefore;

/**
 * Exercise 05a: callbacks fill the results map and step the progress counter as each download completes; the
 * map is one made for several threads; downloadMany waits for the callbacks, not for a fixed time.
 */
public final class CallbacksJudge implements Judge {

    /** Latencies from 0.05 s to this: completions spread out enough to see a counter lag, a check under a second. */
    static final double MAX_LATENCY = 0.6;

    @Override
    public Verdict judge(TrialContext c) {
        var server = c.server(Config.of(Mode.DELAY).withDelay(0.05, MAX_LATENCY).withSeed(7));
        c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        Object progress = c.create("Progress", ccs.size());
        c.doing("Callbacks.downloadMany(POP20_CC, progress): 20 flags, latencies 0.05-" + MAX_LATENCY + " s");
        var call = CallWatch.call(c, "Callbacks", "downloadMany", ccs, progress);
        Object result = call.result();
        long t0 = call.t0();
        var watch = call.watch();
        double secs = call.seconds();
        var flags = bytesMap(result, "downloadMany");
        int atReturn = flags.size();
        int stepsAtReturn = (Integer) c.callOn(progress, "count");
        if (Evidence.neverRequested(server)) {
            return Evidence.noRequest("downloadMany", "start a download per cc: CompletableFuture.supplyAsync(() -> download(cc), executor)");
        }
        // Callbacks run on whichever thread completes the future (or attaches to a completed one): a plain map put
        // from them is a data race that loses entries only now and then, so it is judged on the map itself.
        var callbackThreads = Events.of("step").stream().map(Events.Event::thread).collect(Collectors.toCollection(TreeSet::new));
        var race = Evidence.dataRace(result, callbackThreads, "progress.step()", "",
                "a map made for several threads (the starter's ConcurrentHashMap), since your callbacks run on several"
                        + " threads at once",
                "keep the ConcurrentHashMap of the starter (or Collections.synchronizedMap) for the map your callbacks fill");
        if (race.isPresent()) {
            return race.get();
        }
        var sleptAtAll = watch.sleptAfter(t0);
        if (atReturn < ccs.size() && sleptAtAll.isPresent()) {
            return sleptVerdict("downloadMany slept instead of waiting: when it returned from Thread.sleep, its map held "
                    + atReturn + " of 20 flags", "the callbacks were not done; downloadMany was sleeping in "
                    + sleptAtAll.get().where());
        }
        if (atReturn < ccs.size()) {
            sleep(1.5);
            int later = flags.size();
            return Verdict.fail("downloadMany returned with " + atReturn + " of 20 flags in its map",
                    List.of(Line.expected("all 20 flags in the map when downloadMany returns"),
                            Line.seen(later > atReturn ? later + " flags were in the map 1.5 s later: callbacks were still"
                                    + " running after you returned" : "the map stayed at " + later + " entries"),
                            Line.next(later > atReturn ? "wait for every future before returning: CompletableFuture.allOf(futures).join()"
                                    : "put each flag into the map in a callback: thenAccept / whenComplete on each future")));
        }
        var wrong = mappingProblems(flags, ccs);
        if (!wrong.isEmpty()) {
            return Verdict.fail("the map does not tie each country code to its own flag",
                    List.of(Line.seen(summarize(wrong)), Line.next("in the callback, put(cc, image) with the cc of that download")));
        }
        var steps = Events.of("step");
        if (stepsAtReturn != ccs.size() || steps.size() != ccs.size()) {
            return Verdict.fail("the progress counter moved " + steps.size() + " times for 20 downloads ("
                            + stepsAtReturn + " when downloadMany returned)",
                    List.of(Line.expected("progress.step() once per completed download"),
                            Line.next("call progress.step() in the same callback that stores the flag")));
        }
        var ends = Events.of("getFlag").stream().mapToLong(Events.Event::end).sorted().toArray();
        // The k-th step against the k-th completion. One callback thread held up by a busy machine lags a
        // step or two; stepping after waiting for everything makes most steps lag.
        double worstLag = 0;
        int worstAt = 0;
        int lagging = 0;
        for (int k = 0; k < steps.size() && k < ends.length; k++) {
            double lag = (steps.get(k).end() - ends[k]) / 1e9;
            if (lag > ORDER_SLACK) {
                lagging++;
            }
            if (lag > worstLag) {
                worstLag = lag;
                worstAt = k + 1;
            }
        }
        // Also by rank, which a busy machine cannot blur: a counter stepped in callbacks has moved for most downloads
        // by the time the last one ends; one stepped after waiting for all of them has not moved at all.
        long lastEnd = ends.length == 0 ? 0 : ends[ends.length - 1];
        int stepsBeforeLast = (int) steps.stream().filter(e -> e.end() < lastEnd).count();
        if (lagging > ccs.size() / 4 || stepsBeforeLast < (ccs.size() - 1) / 2) {
            double firstStep = (steps.getFirst().end() - t0) / 1e9;
            return Verdict.fail(String.format(Locale.ROOT, "the progress counter lagged behind the downloads (%d of 20 steps"
                                    + " more than %.2f s late, up to %.2f s; %d of 20 before the last download ended)",
                            lagging, ORDER_SLACK, worstLag, stepsBeforeLast),
                    List.of(Line.expected("the counter moves as each download completes (within a few milliseconds)"),
                            Line.seen(String.format(Locale.ROOT, "the first step came %.2f s after the start, when %d downloads"
                                    + " had already finished; step %d came %.2f s after its download", firstStep,
                                    countBefore(ends, steps.getFirst().end()), worstAt, worstLag)),
                            Line.next("step the counter inside a callback (whenComplete / thenAccept) on each future,"
                                    + " not in a loop after waiting")));
        }
        var late = call.sleptPast("getFlag", "step");
        if (late.isPresent()) {
            return sleptVerdict(String.format(Locale.ROOT, "downloadMany slept: it returned %.2f s after the last callback"
                    + " ran, waiting in Thread.sleep", late.get().seconds()), "the map was full, but downloadMany was sleeping in "
                    + late.get().sleep().where());
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s; the counter kept up with every completion", secs),
                List.of(Line.seen("callbacks ran on " + callbackThreads.size() + " thread(s), e.g. " + callbackThreads.first()
                                + " (which thread runs a callback is not yours to choose: use thenAcceptAsync(fn, executor)"
                                + " when it matters)"),
                        Line.more(String.format(Locale.ROOT, "the slowest step came %.3f s after its download", worstLag))));
    }

    private static Verdict sleptVerdict(String headline, String seen) {
        return Verdict.fail(headline,
                List.of(Line.expected("downloadMany returns as soon as the last callback has run"),
                        Line.seen(seen),
                        Line.next("wait for the callbacks' futures: CompletableFuture.allOf(...).join() returns when the"
                                + " last one is done; a sleep only guesses how long that takes")));
    }
}
