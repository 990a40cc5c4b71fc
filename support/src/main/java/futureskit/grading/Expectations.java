package futureskit.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a verdict must say: its status word ("not yet", "timed out"...), then texts it contains. A wrong
 * answer declares them in its header, so the tests that grade it need no list of their own:
 * <pre>
 * // Wrong answer: only two workers, so at most 2 downloads overlap.
 * // Expect: not yet
 * // Expect: the server saw at most 2 requests at a time
 * </pre>
 * An untouched starter's come from its exercise's {@code starter_expect}.
 *
 * @param about  what is wrong, from the "Wrong answer:" line ("" if none)
 * @param status the status the verdict must have
 * @param texts  what the verdict's text must contain
 */
public record Expectations(String about, Verdict.Status status, List<String> texts) {

    private static final String EXPECT = "Expect:";
    private static final String ABOUT = "Wrong answer:";

    public Expectations {
        texts = List.copyOf(texts);
    }

    /** From a list whose first item is the status word, e.g. an exercise's starter_expect. */
    public static Expectations of(String about, List<String> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no expectations: the first one is the status word, one of " + words());
        }
        var status = Arrays.stream(Verdict.Status.values()).filter(s -> s.word.equals(items.getFirst())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the first expectation is the status word, one of "
                        + words() + ", not \"" + items.getFirst() + "\""));
        return new Expectations(about, status, items.subList(1, items.size()));
    }

    /** The {@code // Expect:} lines of the comment block that opens {@code source}. */
    public static Expectations fromHeader(String source) {
        var items = new ArrayList<String>();
        String about = "";
        for (String line : source.lines().toList()) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.startsWith("//")) {
                break;
            }
            String comment = s.substring(2).strip();
            if (comment.startsWith(EXPECT)) {
                String item = comment.substring(EXPECT.length()).strip();
                if (item.isEmpty()) {
                    throw new IllegalArgumentException("an empty \"// Expect:\" line");
                }
                items.add(item);
            } else if (comment.startsWith(ABOUT)) {
                about = comment.substring(ABOUT.length()).strip();
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no \"// Expect: <status word>\" line in the comment that opens the file");
        }
        return of(about, items);
    }

    /** As {@link #fromHeader(String)}; the error names the file. */
    public static Expectations fromHeader(Path file) {
        try {
            return fromHeader(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the printed verdict of exercise {@code id} fails to say; empty when it says all of it. */
    public List<String> unmet(String id, String verdictText) {
        var unmet = new ArrayList<String>();
        String start = status.mark + " " + id + ": " + status.word;
        if (!verdictText.startsWith(start)) {
            unmet.add("starts with \"" + start + "\"");
        }
        for (String text : texts) {
            if (!verdictText.contains(text)) {
                unmet.add("contains \"" + text + "\"");
            }
        }
        return unmet;
    }

    private static List<String> words() {
        return Arrays.stream(Verdict.Status.values()).map(s -> s.word).toList();
    }
}
