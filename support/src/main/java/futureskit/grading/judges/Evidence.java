package futureskit.grading.judges;

import futureskit.Events;
import futureskit.Fixtures;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The evidence judges share: flags saved against the fixtures' digests, a returned map checked flag by flag,
 * when each helper call ended and in which order, and short summaries for a verdict line.
 */
final class Evidence {

    /** Two events this far apart in time are clearly ordered, even on a busy machine. */
    static final double ORDER_SLACK = 0.25;

    private Evidence() {
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    static void sleep(double seconds) {
        try {
            Thread.sleep(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Problems with the flags saved in {@code dir} for these codes: missing, or bytes of the wrong flag. */
    static List<String> savedProblems(Path dir, Collection<String> ccs) {
        var problems = new ArrayList<String>();
        var digests = Fixtures.digests();
        for (String cc : ccs) {
            String lower = cc.toLowerCase(Locale.ROOT);
            Path file = dir.resolve(lower + ".gif");
            if (!Files.isRegularFile(file)) {
                problems.add(lower + ".gif missing");
                continue;
            }
            try {
                if (!Fixtures.sha256(Files.readAllBytes(file)).equals(digests.get(lower))) {
                    problems.add(lower + ".gif has the wrong bytes");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return problems;
    }

    static String summarize(List<String> problems) {
        return problems.size() <= 4 ? String.join(", ", problems)
                : String.join(", ", problems.subList(0, 4)) + " and " + (problems.size() - 4) + " more";
    }

    /** The learner's cc -> bytes map, keys upper-cased, or a BadResult failure naming what came back. */
    static Map<String, byte[]> bytesMap(Object result, String method) {
        if (!(result instanceof Map<?, ?> map)) {
            throw new TrialContext.BadResult(method + " returned " + (result == null ? "null" : result.getClass().getSimpleName())
                    + " instead of a Map<String, byte[]> from country code to flag");
        }
        // A live view: a map the learner's callbacks are still filling keeps growing (exercise 05a looks at that).
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, byte[]>> entrySet() {
                // The learner's map may be a plain HashMap that callbacks are still filling: retry a copy
                // that a concurrent modification interrupted.
                for (int attempt = 0; ; attempt++) {
                    try {
                        var copy = new LinkedHashMap<String, byte[]>();
                        for (var e : map.entrySet()) {
                            if (e.getKey() != null && e.getValue() instanceof byte[] b) {
                                copy.put(String.valueOf(e.getKey()).toUpperCase(Locale.ROOT), b);
                            }
                        }
                        return copy.entrySet();
                    } catch (ConcurrentModificationException e) {
                        if (attempt == 10) {
                            throw e;
                        }
                    }
                }
            }

            @Override
            public int size() {
                return map.size();
            }
        };
    }

    /** For each cc: missing, or holding another country's flag (named), or unknown bytes. */
    static List<String> mappingProblems(Map<String, byte[]> flags, List<String> ccs) {
        var digests = Fixtures.digests();
        var byDigest = new HashMap<String, String>();
        digests.forEach((cc, d) -> byDigest.put(d, cc.toUpperCase(Locale.ROOT)));
        var snapshot = new HashMap<>(flags);
        var problems = new ArrayList<String>();
        for (String cc : ccs) {
            byte[] bytes = snapshot.get(cc);
            if (bytes == null) {
                problems.add(cc + " missing");
                continue;
            }
            String digest = Fixtures.sha256(bytes);
            if (!digest.equals(digests.get(cc.toLowerCase(Locale.ROOT)))) {
                String other = byDigest.get(digest);
                problems.add(other != null ? cc + " holds the flag of " + other : cc + " holds bytes that are no flag");
            }
        }
        for (String key : snapshot.keySet()) {
            if (!ccs.contains(key)) {
                problems.add("unexpected key " + key);
            }
        }
        return problems;
    }

    static Map<String, Long> endTimes(String kind) {
        var ends = new HashMap<String, Long>();
        for (var e : Events.of(kind)) {
            ends.merge(e.key().toUpperCase(Locale.ROOT), e.end(), Math::max);
        }
        return ends;
    }

    static List<String> shownCodes() {
        return Events.of("show").stream()
                .map(e -> e.key().strip().split("\\s+")[0].toUpperCase(Locale.ROOT))
                .toList();
    }

    /** How many pairs were shown in the wrong order by more than the slack. */
    static int inversions(List<String> shown, Map<String, Long> ended) {
        int n = 0;
        for (int i = 0; i < shown.size(); i++) {
            for (int j = i + 1; j < shown.size(); j++) {
                Long a = ended.get(shown.get(i));
                Long b = ended.get(shown.get(j));
                if (a != null && b != null && (a - b) / 1e9 > ORDER_SLACK) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The first pair shown in the wrong order by more than the slack, described, or null. */
    static String firstInversion(List<String> shown, Map<String, Long> ended) {
        for (int i = 0; i < shown.size(); i++) {
            for (int j = i + 1; j < shown.size(); j++) {
                Long a = ended.get(shown.get(i));
                Long b = ended.get(shown.get(j));
                if (a != null && b != null && (a - b) / 1e9 > ORDER_SLACK) {
                    return String.format(Locale.ROOT, "%s was shown before %s, but its download ended %.2f s later",
                            shown.get(i), shown.get(j), (a - b) / 1e9);
                }
            }
        }
        return null;
    }

    /** "a, b, c" or "a, b, c and 36 more": long lists of thread names or codes stay one short line. */
    static String names(Collection<String> all, int max) {
        var list = List.copyOf(all);
        if (list.size() <= max + 1) {
            return String.join(", ", list);
        }
        return String.join(", ", list.subList(0, max)) + " and " + (list.size() - max) + " more";
    }

    /** The latest end time (System.nanoTime) among the events of these kinds, or 0 when there is none. */
    static long lastEnd(String... kinds) {
        long last = 0;
        for (String kind : kinds) {
            for (var e : Events.of(kind)) {
                last = Math.max(last, e.end());
            }
        }
        return last;
    }

    /**
     * Whether a map handed back is one made for several threads: true for concurrent, synchronized and immutable
     * maps, false for the plain ones (HashMap, LinkedHashMap, TreeMap, EnumMap...), null for a class of the
     * learner's own.
     */
    static Boolean threadSafe(Object map) {
        if (map instanceof java.util.concurrent.ConcurrentMap<?, ?> || map instanceof java.util.Hashtable<?, ?>) {
            return true;
        }
        String name = map.getClass().getName();
        if (name.startsWith("java.util.Collections$Synchronized") || name.startsWith("java.util.ImmutableCollections$")
                || name.startsWith("java.util.Collections$Unmodifiable") || name.startsWith("java.util.Collections$Empty")
                || name.startsWith("java.util.Collections$Singleton")) {
            return true;
        }
        return name.startsWith("java.util.") ? false : null;
    }

    /**
     * The verdict on a map that is not made for several threads but was filled from {@code threads} (names seen in
     * the helpers' events of {@code ranWhat}); empty when one thread filled it or the map is safe (or the learner's).
     */
    static java.util.Optional<Verdict> dataRace(Object map, Set<String> threads, String ranWhat, String so,
                                                String expected, String next) {
        if (threads.size() <= 1 || !Boolean.FALSE.equals(threadSafe(map))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Verdict.fail("a data race: the " + map.getClass().getSimpleName() + " you return was filled from "
                        + threads.size() + " threads",
                List.of(Line.expected(expected),
                        Line.seen(ranWhat + " ran on " + names(threads, 3) + so + "; " + map.getClass().getName()
                                + " is not thread-safe: entries can get lost, on some runs only"),
                        Line.next(next))));
    }

    /**
     * Whether no request reached the server, not even a little after the call returned (tasks an answer did not
     * wait for may not have started yet when it returned).
     */
    static boolean neverRequested(futureskit.FlagServer server) {
        if (server.stats().requests() > 0) {
            return false;
        }
        sleep(0.5);
        return server.stats().requests() == 0;
    }

    /** Nothing reached the server: said as it is, since "wait for your tasks" would send the learner the wrong way. */
    static Verdict noRequest(String method, String advice) {
        return Verdict.fail("no request reached the server: " + method + " never downloaded a flag",
                List.of(Line.expected("a request per flag, from your tasks calling the download helper"),
                        Line.seen("the server got 0 requests, and no flag was saved"),
                        Line.next(advice)));
    }

    static int countBefore(long[] sortedEnds, long t) {
        int n = 0;
        for (long e : sortedEnds) {
            if (e <= t) {
                n++;
            }
        }
        return n;
    }
}
