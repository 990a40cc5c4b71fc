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
 * {@link #format} is the one place that lays out the lines: nothing else pads a label.
 */
public record Verdict(String exercise, Status status, String headline, List<Line> details, double seconds) {

    /** How a verdict starts: "✗ 02a_threadpool: not yet". The word is what the learner reads. */
    public enum Status {
        /** Everything the grader checks holds: "passed". */
        PASS("✓", "passed"),
        /** The code ran to the end but did something the exercise does not want: "not yet". */
        FAIL("✗", "not yet"),
        /** The code did not finish within the exercise's time limit (a deadlock, a missing timeout...): "timed out". */
        TIMEOUT("✗", "timed out"),
        /** The code does not compile: "does not compile". */
        COMPILE_ERROR("✗", "does not compile"),
        /** The grader itself could not run (no exercise folder, no OkHttp on the classpath...): "grader error". */
        ERROR("!", "grader error");

        public final String mark;
        public final String word;

        Status(String mark, String word) {
            this.mark = mark;
            this.word = word;
        }
    }

    /**
     * One line of explanation: a label ("expected", "seen", "next"...) and its text. A line with an empty
     * label continues the one above it.
     */
    public record Line(String label, String text) {

        /** Labels are padded to this width (the longest, "expected: ", fits). */
        static final int WIDTH = 10;

        public Line {
            if (label.length() + 2 > WIDTH) {
                throw new IllegalArgumentException("a verdict label fits in " + (WIDTH - 2) + " characters: " + label);
            }
        }

        public static Line expected(String text) {
            return new Line("expected", text);
        }

        public static Line seen(String text) {
            return new Line("seen", text);
        }

        public static Line next(String text) {
            return new Line("next", text);
        }

        public static Line where(String text) {
            return new Line("where", text);
        }

        public static Line server(String text) {
            return new Line("server", text);
        }

        public static Line threads(String text) {
            return new Line("threads", text);
        }

        public static Line output(String text) {
            return new Line("output", text);
        }

        public static Line error(String text) {
            return new Line("error", text);
        }

        public static Line hint(String text) {
            return new Line("hint", text);
        }

        /** More of the line above, indented under its text. */
        public static Line more(String text) {
            return new Line("", text);
        }

        /** "seen:     text": the label and its colon padded to {@link #WIDTH}, then the text. */
        public String render() {
            return String.format(Locale.ROOT, "%-" + WIDTH + "s%s", label.isEmpty() ? "" : label + ":", text);
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

    public static Verdict pass(String headline, List<Line> details) {
        return new Verdict("", Status.PASS, headline, details, 0);
    }

    public static Verdict fail(String headline, List<Line> details) {
        return new Verdict("", Status.FAIL, headline, details, 0);
    }

    /**
     * The text a learner reads. {@code hintCommand} is how to ask for a hint where they are, e.g.
     * "jbang exercises/grade.java hint 02a_threadpool" or "Exercises.hint(\"02a_threadpool\")"; null for none.
     */
    public String format(String hintCommand) {
        var out = new StringBuilder();
        out.append(status.mark).append(' ').append(exercise).append(": ").append(status.word);
        if (seconds > 0) {
            out.append(String.format(Locale.ROOT, " (graded in %.1f s)", seconds));
        }
        out.append('\n');
        out.append("  ").append(headline).append('\n');
        var lines = new ArrayList<>(details);
        if (!passed() && hintCommand != null && status != Status.ERROR) {
            lines.add(Line.hint(hintCommand));
        }
        for (Line line : lines) {
            out.append("  ").append(line.render()).append('\n');
        }
        return out.toString();
    }

    /** One line per field, the details last as label TAB text; {@link #parse} reads it back. */
    public String serialize() {
        var lines = new ArrayList<String>();
        lines.add(status.name());
        lines.add(oneLine(headline));
        for (Line d : details) {
            lines.add(d.label() + '\t' + oneLine(d.text()));
        }
        return String.join("\n", lines) + "\n";
    }

    public static Verdict parse(String exercise, String text) {
        var lines = text.lines().toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException("not a verdict: " + text);
        }
        var details = new ArrayList<Line>();
        for (String line : lines.subList(2, lines.size())) {
            int tab = line.indexOf('\t');
            details.add(tab < 0 ? Line.more(line) : new Line(line.substring(0, tab), line.substring(tab + 1)));
        }
        return new Verdict(exercise, Status.valueOf(lines.get(0).strip()), lines.get(1), details, 0);
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }
}
