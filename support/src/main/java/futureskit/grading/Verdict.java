package futureskit.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of grading one exercise: a status, a one-line headline, and the lines that explain it
 * (what was expected, what was seen, what to try next).
 *
 * <p>The child JVM that runs the learner's code writes its verdict with {@link #serialize()}; the shell
 * grader and the notebook check both print {@link #format(String)}, so a learner reads the same words in both.
 */
public record Verdict(String exercise, Status status, String headline, List<String> details, double seconds) {

    public enum Status {
        /** Everything the grader checks holds. */
        PASS("✓", "passed"),
        /** The code ran to the end but did something the exercise does not want. */
        FAIL("✗", "not yet"),
        /** The code did not finish within the exercise's time limit (a deadlock, a missing timeout...). */
        TIMEOUT("✗", "timed out"),
        /** The code does not compile. */
        COMPILE_ERROR("✗", "does not compile"),
        /** The grader itself could not run (no exercise folder, no OkHttp on the classpath...). */
        ERROR("!", "grader error");

        public final String mark;
        public final String word;

        Status(String mark, String word) {
            this.mark = mark;
            this.word = word;
        }
    }

    public Verdict {
        details = List.copyOf(details);
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    public Verdict withExercise(String name) {
        return new Verdict(name, status, headline, details, seconds);
    }

    public Verdict withSeconds(double s) {
        return new Verdict(exercise, status, headline, details, s);
    }

    public static Verdict pass(String headline, List<String> details) {
        return new Verdict("", Status.PASS, headline, details, 0);
    }

    public static Verdict fail(String headline, List<String> details) {
        return new Verdict("", Status.FAIL, headline, details, 0);
    }

    /**
     * The text a learner reads. {@code hintCommand} is how to ask for a hint where they are, e.g.
     * "jbang exercises/grade.java hint 01_threadpool" or "Exercises.hint(\"01_threadpool\")"; null for none.
     */
    public String format(String hintCommand) {
        var out = new StringBuilder();
        out.append(status.mark).append(' ').append(exercise).append(": ").append(status.word);
        if (seconds > 0) {
            out.append(String.format(Locale.ROOT, " (graded in %.1f s)", seconds));
        }
        out.append('\n');
        out.append("  ").append(headline).append('\n');
        for (String line : details) {
            out.append("  ").append(line).append('\n');
        }
        if (!passed() && hintCommand != null && status != Status.ERROR) {
            out.append("  hint:     ").append(hintCommand).append('\n');
        }
        return out.toString();
    }

    /** One line per field, the details last; {@link #parse} reads it back. */
    public String serialize() {
        var lines = new ArrayList<String>();
        lines.add(status.name());
        lines.add(oneLine(headline));
        for (String d : details) {
            lines.add(oneLine(d));
        }
        return String.join("\n", lines) + "\n";
    }

    public static Verdict parse(String exercise, String text) {
        var lines = text.lines().toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException("not a verdict: " + text);
        }
        return new Verdict(exercise, Status.valueOf(lines.get(0).strip()), lines.get(1),
                lines.subList(2, lines.size()), 0);
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
