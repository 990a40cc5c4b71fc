package futureskit.grading;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The exercises' front door, for the shell ({@code jbang exercises/grade.java ...}) and for notebooks
 * ({@code futureskit.grading.Exercises.check("01_threadpool");}). Both grade through the same
 * {@link Grader} and print the same {@link Verdict} text.
 *
 * <p>Progress (last verdict per exercise, the hints already shown) is kept in {@code .progress} inside the
 * graded folder, next to the learner's files.
 */
public final class Exercises {

    /** Points the grader at another folder of answers (e.g. solutions/), like --dir on the command line. */
    public static final String ENV = "FUTURESKIT_EXERCISES";
    public static final String PROPERTY = "futureskit.exercises";

    static final String SHELL = "jbang exercises/grade.java";

    private final Grader grader;
    private final Path hintsTree;
    private final PrintStream out;
    private final boolean notebook;

    private Exercises(Path tree, PrintStream out, boolean notebook) {
        Path root = repositoryRoot(tree);
        this.grader = new Grader(tree, root.resolve("exercises").resolve("common"));
        this.hintsTree = root.resolve("exercises");
        this.out = out;
        this.notebook = notebook;
    }

    // ------------------------------------------------------------------ notebook API

    /**
     * Grades an exercise and prints the verdict. Never throws: a notebook with an unsolved exercise still runs
     * top to bottom; the printed verdict is what the learner reads.
     */
    public static void check(String name) {
        try {
            var ex = new Exercises(locateTree(null), System.out, true);
            ex.printVerdict(ex.gradeAndRecord(name));
        } catch (RuntimeException e) {
            System.out.println("! " + name + ": the grader could not run: " + e.getMessage());
        }
        System.out.flush();
    }

    /** Grades an exercise and returns the verdict (records it in the progress file too). */
    public static Verdict grade(String name) {
        return new Exercises(locateTree(null), System.out, true).gradeAndRecord(name);
    }

    /** Prints the next hint of an exercise (one more each call). */
    public static void hint(String name) {
        try {
            new Exercises(locateTree(null), System.out, true).showHint(name, 0);
        } catch (RuntimeException e) {
            System.out.println("! " + e.getMessage());
        }
    }

    /** Prints hint number {@code level} (1 = gentlest). */
    public static void hint(String name, int level) {
        try {
            new Exercises(locateTree(null), System.out, true).showHint(name, level);
        } catch (RuntimeException e) {
            System.out.println("! " + e.getMessage());
        }
    }

    /** Prints every exercise with its status and the overall progress. */
    public static void list() {
        try {
            new Exercises(locateTree(null), System.out, true).printList();
        } catch (RuntimeException e) {
            System.out.println("! " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ command line

    /**
     * {@code list}, {@code check [NAME...|--all]}, {@code hint NAME [LEVEL]}; option {@code --dir DIR}.
     * Returns the exit status: 0 every exercise checked passed, 1 one did not, 2 usage or grader error.
     */
    public static int cli(String... args) {
        var rest = new ArrayList<String>();
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dir") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else if (args[i].startsWith("--dir=")) {
                dir = Path.of(args[i].substring("--dir=".length()));
            } else if (args[i].equals("-h") || args[i].equals("--help") || args[i].equals("help")) {
                System.out.print(usage());
                return 0;
            } else {
                rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            rest.add("list");
        }
        Exercises ex;
        try {
            ex = new Exercises(locateTree(dir), System.out, false);
        } catch (RuntimeException e) {
            System.err.println("grade: " + e.getMessage());
            return 2;
        }
        String command = rest.removeFirst();
        try {
            return switch (command) {
                case "list" -> {
                    ex.printList();
                    yield 0;
                }
                case "check" -> ex.checkCommand(rest);
                case "hint" -> {
                    if (!rest.isEmpty() && Catalog.resolve(rest.getFirst()) != null) {
                        rest.set(0, Catalog.resolve(rest.getFirst()));
                    }
                    if (rest.isEmpty() || rest.size() > 2 || !Catalog.exists(rest.getFirst())) {
                        System.err.print("grade: " + (rest.isEmpty() ? "hint needs an exercise name" : "no exercise named "
                                + rest.getFirst() + "; the exercises are " + Catalog.ALL.stream().map(Catalog.Exercise::name).toList())
                                + "\n" + usage());
                        yield 2;
                    }
                    ex.showHint(rest.get(0), rest.size() == 2 ? Integer.parseInt(rest.get(1)) : 0);
                    yield 0;
                }
                default -> {
                    System.err.print("grade: unknown command " + command + "\n" + usage());
                    yield 2;
                }
            };
        } catch (NumberFormatException e) {
            System.err.print("grade: a hint level is a number: " + e.getMessage() + "\n" + usage());
            return 2;
        }
    }

    static String usage() {
        return """
                usage: jbang exercises/grade.java [--dir DIR] COMMAND
                  list                 every exercise with its status, and your progress
                  check                grade the next exercise that does not pass yet
                  check NAME...        grade these exercises (--all: every one; "01" is enough for 01_threadpool)
                  hint NAME            the next hint for an exercise (one more each time)
                  hint NAME LEVEL      hint number LEVEL (1 is the gentlest)
                  --dir DIR            grade the answers in DIR instead of exercises/ (e.g. solutions)
                exit status: 0 all checked exercises pass, 1 one does not, 2 usage or grader error
                """;
    }

    private int checkCommand(List<String> names) {
        var todo = new ArrayList<String>();
        if (names.isEmpty()) {
            var progress = loadProgress();
            var next = Catalog.ALL.stream().filter(e -> !status(progress, e.name()).equals("done")).findFirst();
            if (next.isEmpty()) {
                out.println("All " + Catalog.ALL.size() + " exercises pass. Well done!");
                return 0;
            }
            todo.add(next.get().name());
        } else if (names.equals(List.of("--all"))) {
            Catalog.ALL.forEach(e -> todo.add(e.name()));
        } else {
            for (String given : names) {
                String n = Catalog.resolve(given);
                if (n == null) {
                    n = given;
                }
                if (!Catalog.exists(n)) {
                    System.err.println("grade: no exercise named " + n + "; the exercises are "
                            + Catalog.ALL.stream().map(Catalog.Exercise::name).toList());
                    return 2;
                }
                todo.add(n);
            }
        }
        int status = 0;
        for (String name : todo) {
            Verdict v = gradeAndRecord(name);
            printVerdict(v);
            if (v.status() == Verdict.Status.ERROR) {
                status = 2;
            } else if (!v.passed() && status == 0) {
                status = 1;
            }
        }
        if (todo.size() == 1 && status == 0 && names.isEmpty()) {
            out.println(progressLine(loadProgress()) + ". Next: " + SHELL + " check");
        }
        return status;
    }

    // ------------------------------------------------------------------ shared

    Verdict gradeAndRecord(String name) {
        if (!Catalog.exists(name)) {
            return new Verdict(name, Verdict.Status.ERROR, "no exercise named " + name + "; the exercises are "
                    + Catalog.ALL.stream().map(Catalog.Exercise::name).toList(), List.of(), 0);
        }
        Verdict v = grader.grade(name);
        if (v.status() != Verdict.Status.ERROR) {
            var progress = loadProgress();
            progress.setProperty(name + ".status", v.status().name());
            progress.setProperty(name + ".hash", sourceHash(name));
            saveProgress(progress);
        }
        return v;
    }

    private void printVerdict(Verdict v) {
        out.print(v.format(notebook ? "futureskit.grading.Exercises.hint(\"" + v.exercise() + "\")"
                : SHELL + " hint " + v.exercise()));
        out.flush();
    }

    void printList() {
        var progress = loadProgress();
        // One print: a notebook shows each write as its own output chunk.
        var text = new StringBuilder();
        text.append("Exercises in ").append(grader.tree()).append("  (").append(progressLine(progress)).append(")\n");
        for (var e : Catalog.ALL) {
            String status = status(progress, e.name());
            String mark = switch (status) {
                case "done" -> "✓";
                case "untried" -> "·";
                case "edited" -> "~";
                default -> "✗";
            };
            text.append(String.format("  %s %-16s %-10s lesson %-24s %s%n", mark, e.name(), status, e.lesson(), e.title()));
        }
        var next = Catalog.ALL.stream().filter(e -> !status(progress, e.name()).equals("done")).findFirst();
        next.ifPresent(e -> text.append("Next: ").append(notebook ? "futureskit.grading.Exercises.check(\"" + e.name() + "\");"
                : SHELL + " check " + e.name()).append('\n'));
        out.print(text);
        out.flush();
    }

    private String progressLine(Properties progress) {
        long done = Catalog.ALL.stream().filter(e -> status(progress, e.name()).equals("done")).count();
        return done + "/" + Catalog.ALL.size() + " done";
    }

    /** "done", "failing", "timed out", "edited" (changed since its last check) or "untried". */
    private String status(Properties progress, String name) {
        String last = progress.getProperty(name + ".status");
        if (last == null) {
            return "untried";
        }
        if (!sourceHash(name).equals(progress.getProperty(name + ".hash"))) {
            return "edited";
        }
        return switch (last) {
            case "PASS" -> "done";
            case "TIMEOUT" -> "timeout";
            case "COMPILE_ERROR" -> "no-compile";
            default -> "failing";
        };
    }

    void showHint(String name, int level) {
        var hints = hints(name);
        if (hints.isEmpty()) {
            out.println("No hints for " + name + ".");
            return;
        }
        var progress = loadProgress();
        int shown = Integer.parseInt(progress.getProperty(name + ".hints", "0"));
        int n = level > 0 ? Math.min(level, hints.size()) : Math.min(shown + 1, hints.size());
        var text = new StringBuilder();
        text.append("Hint ").append(n).append(" of ").append(hints.size()).append(" for ").append(name).append(":\n");
        text.append(hints.get(n - 1).strip()).append('\n');
        if (n < hints.size()) {
            text.append("(next hint: ").append(notebook ? "futureskit.grading.Exercises.hint(\"" + name + "\")" : SHELL + " hint " + name)
                    .append(")\n");
        } else {
            text.append("(that was the last hint; the README of the exercise has the why, your teacher has solutions/)\n");
        }
        out.print(text);
        if (n > shown) {
            progress.setProperty(name + ".hints", Integer.toString(n));
            saveProgress(progress);
        }
        out.flush();
    }

    /** The sections of exercises/NAME/hints.md that start with "## Hint", in order. */
    List<String> hints(String name) {
        Path file = hintsTree.resolve(name).resolve("hints.md");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        var hints = new ArrayList<String>();
        StringBuilder current = null;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("## ")) {
                    if (current != null) {
                        hints.add(current.toString());
                    }
                    // The title ("Hint 1") is replaced by "Hint 1 of 3 for ..." when shown; extra words stay.
                    String title = line.substring(3).strip().replaceFirst("^Hint \\d+\\s*[-:—]?\\s*", "");
                    current = new StringBuilder(title.isEmpty() ? "" : title + "\n");
                } else if (current != null) {
                    current.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (current != null) {
            hints.add(current.toString());
        }
        return hints;
    }

    private String sourceHash(String name) {
        var all = new StringBuilder();
        for (Path p : grader.sources(name)) {
            try {
                all.append(p.getFileName()).append('\0').append(Files.readString(p, StandardCharsets.UTF_8)).append('\0');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return futureskit.Fixtures.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Path progressFile() {
        return grader.tree().resolve(".progress");
    }

    private Properties loadProgress() {
        var p = new Properties();
        if (Files.isRegularFile(progressFile())) {
            try (Reader r = Files.newBufferedReader(progressFile(), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                // A damaged progress file only loses the record of past checks.
            }
        }
        return p;
    }

    private void saveProgress(Properties p) {
        try (Writer w = Files.newBufferedWriter(progressFile(), StandardCharsets.UTF_8)) {
            p.store(w, "futures kit: last verdict and hints shown per exercise (jbang exercises/grade.java list)");
        } catch (IOException e) {
            // Read-only checkout: grading still works, progress is just not remembered.
        }
    }

    // ------------------------------------------------------------------ where things are

    /**
     * The folder of answers to grade: {@code dir} if given, else the property {@value #PROPERTY}, else the
     * environment variable {@value #ENV}, else {@code exercises/} found walking up from the working directory
     * (a notebook runs in {@code notebooks/}, a sibling of {@code exercises/}).
     */
    static Path locateTree(Path dir) {
        if (dir == null) {
            String configured = System.getProperty(PROPERTY);
            if (configured == null || configured.isBlank()) {
                configured = System.getenv(ENV);
            }
            if (configured != null && !configured.isBlank()) {
                dir = Path.of(configured);
            }
        }
        if (dir != null) {
            Path abs = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw new IllegalStateException("no folder " + abs + " to grade");
            }
            return abs;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("exercises/common/Flags.java"))) {
                return d.resolve("exercises");
            }
        }
        throw new IllegalStateException("cannot find the kit's exercises/ folder in " + start + " or above it: run"
                + " from inside the kit (or set " + ENV + " to the folder of answers)");
    }

    /** The kit's root: the first folder at or above {@code tree} holding exercises/common/Flags.java. */
    static Path repositoryRoot(Path tree) {
        for (Path d = tree.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("exercises/common/Flags.java"))) {
                return d;
            }
        }
        throw new IllegalStateException("the folder " + tree + " is not inside the kit (no exercises/common/Flags.java above it)");
    }
}
