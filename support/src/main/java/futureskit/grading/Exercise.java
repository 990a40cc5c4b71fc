package futureskit.grading;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One exercise, as its folder's {@code exercise.toml} describes it: nothing about an exercise is written in
 * Java except its judgement, which {@link #judge()} names.
 *
 * @param id              the folder name under {@code exercises/}, e.g. "02a_threadpool" (lesson 2, first exercise)
 * @param title           what the learner does, one line
 * @param lesson          the lesson notebook it follows, e.g. "02_threadpool_map"
 * @param file            the file the learner edits, e.g. "ThreadPool.java"
 * @param judge           the class that judges an answer, a {@link Judge}
 * @param formerly        the id it had before its latest renaming, or "" (still accepted); the first of {@code formerIds}
 * @param limitSeconds    the time an answer gets before the grader stops it
 * @param expectedTime    what a right answer takes, said in a timeout verdict
 * @param timeoutAdvice   the next step a timeout verdict suggests
 * @param exceptionAdvice the next step a verdict suggests when the answer threw
 * @param starterExpect   what the untouched starter's verdict must contain: its status word first (the tests check it)
 * @param formerIds       every id it had before, latest first ({@code formerly = ["06c_timeouts", "08_timeouts"]}
 *                        in the TOML, or one string); all are still accepted
 * @param preview         the answer uses a preview API of Java 25 ({@code preview = true}): compiled with
 *                        {@code --enable-preview --release 25} and run with {@code --enable-preview}
 * @param needs           libraries the answer and its judge need beyond the support library (lesson 9: the cluster
 *                        library and Hazelcast), put on the grading JVM's classpath; usually none
 * @param stallSeconds    optional: when nothing happens this long while the answer runs (no helper call, no request
 *                        in flight, no thread of the answer runnable), the grader stops it at once with a "timed out"
 *                        verdict instead of waiting for the time limit; 0 (the default) waits for the limit. Only
 *                        for exercises where a right answer is never idle
 * @param timeoutHints    optional: advice for a timed-out answer whose threads wait at a given place, the first whose
 *                        {@code seen} text appears in the thread summary replaces {@code timeoutAdvice}
 */
public record Exercise(String id, String title, String lesson, String file, String judge, String formerly,
                       int limitSeconds, String expectedTime, String timeoutAdvice, String exceptionAdvice,
                       List<String> starterExpect, List<String> formerIds, boolean preview, List<Library> needs,
                       double stallSeconds, List<TimeoutHint> timeoutHints) {

    /**
     * A library an exercise needs, from its {@code [[needs]]} tables: a class it holds (how the grader finds
     * its jar among the loaded ones) and its Maven coordinates, "group:artifact:version" (how a notebook loads
     * it with {@code %maven}, and where the grader looks in the local Maven repository).
     */
    public record Library(String className, String maven) {
        /** "group/artifact", the folder of the artifact in a Maven repository. */
        public String repositoryPath() {
            String[] parts = maven.split(":");
            return parts[0].replace('.', '/') + "/" + parts[1];
        }
    }

    /**
     * "When a thread of the answer waits in {@code seen}, say {@code next}": a {@code [[timeout_hint]]} table of
     * exercise.toml, e.g. seen = "ExecutorCompletionService.take", next = "submit through the completion service".
     */
    public record TimeoutHint(String seen, String next) {
    }

    /** The file in each exercise folder that makes it an exercise. */
    public static final String METADATA = "exercise.toml";

    private static final Set<String> KEYS = Set.of("title", "lesson", "file", "judge", "formerly", "limit_seconds",
            "expected_time", "timeout_advice", "exception_advice", "starter_expect", "preview", "needs",
            "stall_seconds", "timeout_hint");
    private static final TomlMapper TOML = new TomlMapper();

    public Exercise {
        starterExpect = List.copyOf(starterExpect);
        formerIds = List.copyOf(formerIds.isEmpty() && !formerly.isEmpty() ? List.of(formerly) : formerIds);
        formerly = formerIds.isEmpty() ? "" : formerIds.getFirst();
        needs = List.copyOf(needs);
        timeoutHints = List.copyOf(timeoutHints);
    }

    /**
     * An exercise renamed at most once, using no preview API, needing nothing beyond the support library, without
     * the optional stall watch and timeout hints.
     */
    public Exercise(String id, String title, String lesson, String file, String judge, String formerly,
                    int limitSeconds, String expectedTime, String timeoutAdvice, String exceptionAdvice,
                    List<String> starterExpect) {
        this(id, title, lesson, file, judge, formerly, limitSeconds, expectedTime, timeoutAdvice, exceptionAdvice,
                starterExpect, List.of(), false, List.of(), 0, List.of());
    }

    /** The timeout advice that fits where the answer's threads wait (the summary's lines), else the general one. */
    public String timeoutAdvice(List<String> threadLines) {
        for (TimeoutHint hint : timeoutHints) {
            if (threadLines.stream().anyMatch(l -> l.contains(hint.seen()))) {
                return hint.next();
            }
        }
        return timeoutAdvice;
    }

    /** Reads {@code exercises/<id>/exercise.toml}; a malformed file is an IllegalArgumentException naming it. */
    public static Exercise load(Path toml) {
        Path folder = toml.toAbsolutePath().normalize().getParent();
        String where = folder.getFileName() + "/" + toml.getFileName();
        JsonNode root;
        try {
            root = TOML.readTree(Files.readString(toml));
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(where + (at == null ? "" : ":" + at.getLineNr())
                    + ": not valid TOML: " + e.getOriginalMessage().lines().findFirst().orElse("").strip());
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read it: " + e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + ": empty, expected the keys " + new java.util.TreeSet<>(KEYS));
        }
        var unknown = new ArrayList<String>();
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": unknown key " + String.join(", ", unknown)
                    + " (the keys are " + new java.util.TreeSet<>(KEYS) + ")");
        }
        JsonNode limit = root.get("limit_seconds");
        if (limit == null || !limit.canConvertToInt() || !limit.isIntegralNumber() || limit.intValue() < 1) {
            throw new IllegalArgumentException(where + ": limit_seconds must be a whole number of seconds, at least 1");
        }
        var expect = new ArrayList<String>();
        JsonNode list = root.get("starter_expect");
        if (list != null) {
            if (!list.isArray()) {
                throw new IllegalArgumentException(where + ": starter_expect must be a list of strings");
            }
            list.forEach(n -> expect.add(n.asText()));
        }
        var former = new ArrayList<String>();
        JsonNode formerly = root.get("formerly");
        if (formerly != null && formerly.isArray()) {
            formerly.forEach(n -> former.add(n.asText().strip()));
            if (former.isEmpty() || former.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException(where + ": formerly must be an id or a list of ids, latest first");
            }
        } else if (formerly != null) {
            former.add(text(root, "formerly", where, false));
        }
        JsonNode preview = root.get("preview");
        if (preview != null && !preview.isBoolean()) {
            throw new IllegalArgumentException(where + ": preview must be true or false");
        }
        var needs = new ArrayList<Library>();
        for (JsonNode library : tables(root, "needs", where, "class and maven")) {
            String maven = text(library, "maven", where + " [[needs]]", true);
            if (!maven.matches("[\\w.-]+:[\\w.-]+:[\\w.-]+")) {
                throw new IllegalArgumentException(where + ": [[needs]] maven is group:artifact:version, not " + maven);
            }
            needs.add(new Library(text(library, "class", where + " [[needs]]", true), maven));
        }
        double stall = 0;
        JsonNode stallNode = root.get("stall_seconds");
        if (stallNode != null) {
            if (!stallNode.isNumber() || stallNode.doubleValue() < 0.5 || stallNode.doubleValue() > limit.intValue()) {
                throw new IllegalArgumentException(where + ": stall_seconds must be a number of seconds from 0.5 to limit_seconds");
            }
            stall = stallNode.doubleValue();
        }
        var hints = new ArrayList<TimeoutHint>();
        for (JsonNode h : tables(root, "timeout_hint", where, "seen and next")) {
            hints.add(new TimeoutHint(text(h, "seen", where + " [[timeout_hint]]", true),
                    text(h, "next", where + " [[timeout_hint]]", true)));
        }
        String file = text(root, "file", where, true);
        if (!file.endsWith(".java")) {
            throw new IllegalArgumentException(where + ": file must name a .java file, not " + file);
        }
        return new Exercise(folder.getFileName().toString(), text(root, "title", where, true),
                text(root, "lesson", where, true), file, text(root, "judge", where, true),
                former.isEmpty() ? "" : former.getFirst(), limit.intValue(), text(root, "expected_time", where, true),
                text(root, "timeout_advice", where, true), text(root, "exception_advice", where, true), expect,
                former, preview != null && preview.booleanValue(), needs, stall, hints);
    }

    /** The tables written {@code [[key]]} (none when the key is absent); anything else under the key is an error. */
    private static List<JsonNode> tables(JsonNode root, String key, String where, String fields) {
        JsonNode node = root.get(key);
        var tables = new ArrayList<JsonNode>();
        if (node != null && node.isArray()) {
            node.forEach(tables::add);
        }
        if (node != null && (!node.isArray() || tables.stream().anyMatch(t -> !t.isObject()))) {
            throw new IllegalArgumentException(where + ": " + key + " must be tables [[" + key + "]] with " + fields);
        }
        return tables;
    }

    private static String text(JsonNode root, String key, String where, boolean required) {
        JsonNode node = root.get(key);
        if (node == null && !required) {
            return "";
        }
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a non-empty string");
        }
        return node.asText().strip();
    }
}
