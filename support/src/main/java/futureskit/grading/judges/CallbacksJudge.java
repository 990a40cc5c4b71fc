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
import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.sleep;
import static futureskit.grading.judges.Evidence.summarize;
import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;
import static futureskit.grading.judges.Evidence.countBefore;

/**
 * Exercise 05a: callbacks fill the results map and step the progress counter as each download completes.
 */
public final class CallbacksJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        var server = c.server(Config.of(Mode.DELAY).withDelay(0.05, 1.0).withSeed(7));
        c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        Object progress = c.create("Progress", ccs.size());
        c.doing("Callbacks.downloadMany(POP20_CC, progress): 20 flags, latencies 0.05-1 s");
        long t0 = System.nanoTime();
        Object result = c.call("Callbacks", "downloadMany", ccs, progress);
        double secs = seconds(t0);
        var flags = bytesMap(result, "downloadMany");
        int atReturn = flags.size();
        int stepsAtReturn = (Integer) c.callOn(progress, "count");
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
        if (lagging > ccs.size() / 4) {
            double firstStep = (steps.getFirst().end() - t0) / 1e9;
            return Verdict.fail(String.format(Locale.ROOT, "the progress counter lagged behind the downloads (%d of 20 steps"
                                    + " more than %.2f s late, up to %.2f s)", lagging, ORDER_SLACK, worstLag),
                    List.of(Line.expected("the counter moves as each download completes (within a few milliseconds)"),
                            Line.seen(String.format(Locale.ROOT, "the first step came %.2f s after the start, when %d downloads"
                                    + " had already finished; step %d came %.2f s after its download", firstStep,
                                    countBefore(ends, steps.getFirst().end()), worstAt, worstLag)),
                            Line.next("step the counter inside a callback (whenComplete / thenAccept) on each future,"
                                    + " not in a loop after waiting")));
        }
        var callbackThreads = steps.stream().map(Events.Event::thread).collect(Collectors.toCollection(TreeSet::new));
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s; the counter kept up with every completion", secs),
                List.of(Line.seen("callbacks ran on " + callbackThreads.size() + " thread(s), e.g. " + callbackThreads.first()),
                        Line.more(String.format(Locale.ROOT, "the slowest step came %.3f s after its download", worstLag))));
    }
}
