package futureskit.grading.judges;

import futureskit.Fixtures;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.summarize;
import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;
import static futureskit.grading.judges.Evidence.endTimes;
import static futureskit.grading.judges.Evidence.shownCodes;
import static futureskit.grading.judges.Evidence.inversions;
import static futureskit.grading.judges.Evidence.firstInversion;

/**
 * Exercise 03a: flags shown as their downloads complete, each mapped back to its country. The helpers'
 * records say when each download ended and in which order flags were shown.
 */
public final class AsCompletedJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        var server = c.server(Config.of(Mode.DELAY).withDelay(0.05, 1.0).withSeed(42));
        c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        c.doing("AsCompleted.downloadMany(POP20_CC): 20 flags, latencies from 0.05 to 1 s");
        long t0 = System.nanoTime();
        Object result = c.call("AsCompleted", "downloadMany", ccs);
        double secs = seconds(t0);
        var stats = server.stats();
        var flags = bytesMap(result, "downloadMany");
        var wrong = mappingProblems(flags, ccs);
        if (!wrong.isEmpty()) {
            return Verdict.fail("the map returned does not tie each country code to its own flag",
                    List.of(Line.expected("a map with 20 entries, CN -> the bytes of China's flag, and so on"),
                            Line.seen(summarize(wrong)),
                            Line.next("keep a Map<Future<byte[]>, String> from each future to the cc it downloads,"
                                    + " and look the cc up when the future completes")));
        }
        Map<String, Long> ended = endTimes("getFlag");
        List<String> shown = shownCodes();
        if (shown.size() != ccs.size() || !new TreeSet<>(shown).equals(new TreeSet<>(ccs))) {
            return Verdict.fail("show(cc) was called " + shown.size() + " times for 20 flags",
                    List.of(Line.expected("show(cc) once per flag, with its country code, as each download completes"),
                            Line.seen("shown: " + String.join(" ", shown)),
                            Line.next("call Flags.show(cc) for each completed future")));
        }
        if (stats.maxInFlight() < 4) {
            return Verdict.fail("the server saw at most " + stats.maxInFlight() + " request(s) at a time",
                    List.of(Line.expected("the 20 downloads in flight together, so they can finish in any order"),
                            Line.next("submit every download to the pool before waiting for any of them")));
        }
        List<String> byCompletion = ccs.stream().sorted((a, b) -> Long.compare(ended.get(a), ended.get(b))).toList();
        // A thread descheduled between its download and its future's completion can swap two neighbours on a
        // busy machine; showing in another order than completion's leaves many pairs clearly swapped.
        int inversions = inversions(shown, ended);
        String inversion = firstInversion(shown, ended);
        if (inversions > 2) {
            boolean submission = shown.equals(ccs);
            return Verdict.fail(submission ? "flags were shown in submission order, not as they completed"
                            : "flags were not shown in the order their downloads completed",
                    List.of(Line.expected("completion order: " + String.join(" ", byCompletion)),
                            Line.seen("shown: " + String.join(" ", shown) + " (" + inversions + " pairs swapped; " + inversion + ")"),
                            Line.next("take futures as they complete: an ExecutorCompletionService's take(), or a"
                                    + " CompletableFuture callback; a loop of get() over the list waits in submission order")));
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags shown in completion order in %.2f s, each mapped to its country", secs),
                List.of(Line.seen("shown: " + String.join(" ", shown)),
                        Line.more("(submission order was " + String.join(" ", ccs) + ")")));
    }
}
