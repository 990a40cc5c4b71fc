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
import java.util.Map;
import java.util.TreeSet;

import static futureskit.grading.judges.Evidence.ORDER_SLACK;
import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.summarize;
import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;
import static futureskit.grading.judges.Evidence.endTimes;
import static futureskit.grading.judges.Evidence.shownCodes;
import static futureskit.grading.judges.Evidence.inversions;
import static futureskit.grading.judges.Evidence.firstInversion;

/**
 * Exercise 03a: flags shown as soon as their downloads complete, each mapped back to its country. The helpers'
 * records say when each download ended and when each flag was shown: the order, and how long after its download.
 */
public final class AsCompletedJudge implements Judge {

    /** Latencies from 0.05 s to this: completion order far from submission order, a check well under a second. */
    static final double MAX_LATENCY = 0.6;

    @Override
    public Verdict judge(TrialContext c) {
        var server = c.server(Config.of(Mode.DELAY).withDelay(0.05, MAX_LATENCY).withSeed(42));
        c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        c.doing("AsCompleted.downloadMany(POP20_CC): 20 flags, latencies from 0.05 to " + MAX_LATENCY + " s");
        long t0 = System.nanoTime();
        Object result = c.call("AsCompleted", "downloadMany", ccs);
        double secs = seconds(t0);
        var stats = server.stats();
        if (Evidence.neverRequested(server)) {
            return Evidence.noRequest("downloadMany", "submit downloadOne(cc) for every cc to the pool (or the completion service)");
        }
        var flags = bytesMap(result, "downloadMany");
        // Completion handled on several threads (callbacks) and a plain HashMap filled there is a data race that
        // loses entries only now and then: judged on the map itself, every run.
        var showThreads = new TreeSet<String>();
        Events.of("show").forEach(e -> showThreads.add(e.thread()));
        var race = Evidence.dataRace(result, showThreads, "Flags.show", ", so your completion handling runs on several threads",
                "a map that several threads may fill at once (a ConcurrentHashMap), or one filled by a single thread",
                "use a ConcurrentHashMap for results put from callbacks, or take the completed futures"
                        + " on one thread (ExecutorCompletionService.take()) and fill the map there");
        if (race.isPresent()) {
            return race.get();
        }
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
        // "As soon as": each flag shown right after its own download, not all of them at the end in the right order.
        var shows = Events.of("show");
        int late = 0;
        double worst = 0;
        String worstCc = "";
        for (var show : shows) {
            String cc = show.key().strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
            Long end = ended.get(cc);
            if (end == null) {
                continue;
            }
            double lag = (show.end() - end) / 1e9;
            if (lag > ORDER_SLACK) {
                late++;
            }
            if (lag > worst) {
                worst = lag;
                worstCc = cc;
            }
        }
        // And by rank, which a busy machine cannot blur: shown as they complete, most flags are on screen before the
        // last download ends; shown after waiting for all of them, none is.
        long lastEnd = ended.values().stream().mapToLong(Long::longValue).max().orElse(0);
        int shownBeforeLast = (int) shows.stream().filter(e -> e.end() < lastEnd).count();
        if (late > ccs.size() / 4 || shownBeforeLast < ccs.size() / 4) {
            return Verdict.fail(String.format(Locale.ROOT, "flags were shown late, not as soon as each download completed"
                            + " (%d of 20 shows more than %.2f s after their download, %d before the last download ended)",
                            late, ORDER_SLACK, shownBeforeLast),
                    List.of(Line.expected("show(cc) right after that flag's download completes (within a few milliseconds)"),
                            Line.seen(String.format(Locale.ROOT, "the order was right, but %s was shown %.2f s after its"
                                    + " download ended; the first show came %.2f s after the start", worstCc, worst,
                                    (shows.getFirst().end() - t0) / 1e9)),
                            Line.next("show each flag when its future completes (take() it from the ExecutorCompletionService"
                                    + " and show it at once), not in a loop after the last download")));
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags shown in completion order in %.2f s, each mapped to its country", secs),
                List.of(Line.seen("shown: " + String.join(" ", shown)),
                        Line.more("(submission order was " + String.join(" ", ccs) + ")")));
    }
}
