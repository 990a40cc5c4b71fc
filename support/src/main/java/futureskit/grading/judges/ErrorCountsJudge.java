package futureskit.grading.judges;

import futureskit.Fixtures;
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
import java.util.Map;
import java.util.TreeMap;

import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 06a: exact OK / NOT_FOUND / ERROR counts against a seeded ERROR server, whose answers are a
 * function of (seed, path, attempt); and errors handled where the statement says: downloadOne turns a 404 into
 * NOT_FOUND and lets every other error out, downloadMany counts those (checked by calling downloadOne itself
 * against a server that fails every request).
 */
public final class ErrorCountsJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        Config config = Config.of(Mode.ERROR).withDelay(0.01, 0.05).withSeed(1717);
        var server = c.server(config);
        Path dir = c.useServer(server.baseUrl());
        List<String> ccs = new ArrayList<>();
        for (char a = 'A'; a <= 'C'; a++) {
            for (char b = 'A'; b <= 'Z'; b++) {
                ccs.add("" + a + b);
            }
        }
        // The ERROR server's answers are a function of (seed, path, attempt): one attempt per code is exact.
        var digests = Fixtures.digests();
        Map<String, Integer> expected = new TreeMap<>(Map.of("OK", 0, "NOT_FOUND", 0, "ERROR", 0));
        List<String> okCodes = new ArrayList<>();
        for (String cc : ccs) {
            String lower = cc.toLowerCase(Locale.ROOT);
            if (config.firstOutcome(cc).fails()) {
                expected.merge("ERROR", 1, Integer::sum);
            } else if (digests.containsKey(lower)) {
                expected.merge("OK", 1, Integer::sum);
                okCodes.add(cc);
            } else {
                expected.merge("NOT_FOUND", 1, Integer::sum);
            }
        }
        c.doing("ErrorCounts.downloadMany(AA..CZ): 78 codes against an ERROR server (seed 1717, 25% errors)");
        long t0 = System.nanoTime();
        Object result = c.call("ErrorCounts", "downloadMany", ccs);
        double secs = seconds(t0);
        var stats = server.stats();
        if (!(result instanceof Map<?, ?> map)) {
            return Verdict.fail("downloadMany returned " + result + " instead of a map of counts",
                    List.of(Line.next("return the counter: a Map<DownloadStatus, Integer>")));
        }
        Map<String, Integer> got = new TreeMap<>(Map.of("OK", 0, "NOT_FOUND", 0, "ERROR", 0));
        map.forEach((k, v) -> got.put(String.valueOf(k), v instanceof Number n ? n.intValue() : -1));
        if (Evidence.neverRequested(server)) {
            return Evidence.noRequest("downloadMany", "submit downloadOne(cc) for every cc, then count what each future gives");
        }
        String seenCounts = counts(got);
        if (stats.requests() != ccs.size()) {
            return Verdict.fail("the server got " + stats.requests() + " requests for 78 country codes",
                    List.of(Line.expected("one request per code: no retries in this exercise, so the counts are exact"),
                            Line.seen("server: " + stats),
                            Line.next(stats.requests() > ccs.size() ? "request each code once" : "request every code in the list")));
        }
        if (!got.equals(expected)) {
            int expErrors = expected.get("ERROR");
            int expNotFound = expected.get("NOT_FOUND");
            String advice;
            if (got.get("NOT_FOUND") == 0 && got.get("ERROR") == expErrors + expNotFound) {
                advice = "404 was counted as an error: in downloadOne, catch HttpStatusException and return"
                        + " NOT_FOUND when e.code() == 404";
            } else if (got.get("ERROR") == 0 && got.get("NOT_FOUND") == expErrors + expNotFound) {
                advice = "every HTTP error was counted as not found: only code() == 404 means NOT_FOUND;"
                        + " rethrow the others and count them as ERROR in downloadMany";
            } else if (got.values().stream().mapToInt(Integer::intValue).sum() != ccs.size()) {
                advice = "the counts should add up to 78: count every future, whether it succeeds or throws";
            } else {
                advice = "compare your rule for each status with the book's: 200 OK, 404 NOT_FOUND, anything else ERROR";
            }
            return Verdict.fail("the counts do not match what the server answered",
                    List.of(Line.expected(counts(expected) + " (the server's seeded answers, one request per code)"),
                            Line.seen(seenCounts + "; server: " + stats),
                            Line.next(advice)));
        }
        var problems = savedProblems(dir, okCodes);
        if (!problems.isEmpty()) {
            return Verdict.fail(problems.size() + " of the " + okCodes.size() + " flags served were not saved correctly",
                    List.of(Line.seen(summarize(problems)), Line.next("save every flag that downloads, as downloadOne does")));
        }
        if (stats.maxInFlight() < 4) {
            return Verdict.fail("the counts are right, but the server saw at most " + stats.maxInFlight() + " request(s) at a time",
                    List.of(Line.expected("the downloads run concurrently (a pool of threads)"),
                            Line.next("submit every downloadOne to the executor first, then count the futures")));
        }
        var caught = errorCaughtInDownloadOne(c);
        if (caught != null) {
            return caught;
        }
        return Verdict.pass(String.format(Locale.ROOT, "exact counts %s in %.2f s, up to %d requests in flight",
                seenCounts, secs, stats.maxInFlight()), List.of(Line.seen("server: " + stats)));
    }

    /**
     * The statement: downloadOne lets errors other than 404 propagate, downloadMany counts them. An answer that
     * catches them in downloadOne gets the same counts, so downloadOne is asked for a flag from a server that
     * fails every request: it must throw. Null when it does.
     */
    private static Verdict errorCaughtInDownloadOne(TrialContext c) {
        var failing = c.server(Config.of(Mode.ERROR).withErrorRate(1.0).withDelay(0.01));
        c.useServer(failing.baseUrl());
        c.doing("ErrorCounts.downloadOne(\"BR\") against a server that answers every request with an error");
        Object status;
        try {
            status = c.call("ErrorCounts", "downloadOne", "BR");
        } catch (TrialContext.LearnerFailure e) {
            return null;  // it threw, as the statement says
        }
        var answered = failing.stats().byStatus().keySet();
        return Verdict.fail("downloadOne caught an HTTP error and returned " + status + " instead of letting it propagate",
                List.of(Line.expected("downloadOne(\"BR\") throws when the server answers " + answered
                                + ": only a 404 becomes NOT_FOUND there; downloadMany counts the other errors"),
                        Line.seen("downloadOne(\"BR\") returned " + status + " (your counts were right: the same work,"
                                + " done in the wrong place)"),
                        Line.next("in downloadOne, catch HttpStatusException only to return NOT_FOUND when e.code() == 404,"
                                + " and rethrow the others; count ERROR in downloadMany, where future.get() throws"
                                + " ExecutionException")));
    }

    private static String counts(Map<String, Integer> counts) {
        return "OK " + counts.get("OK") + ", NOT_FOUND " + counts.get("NOT_FOUND") + ", ERROR " + counts.get("ERROR");
    }
}
