package futureskit.grading;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The exercises' front door, for the shell ({@code jbang exercises/grade.java ...}) and for notebooks
 * ({@code futureskit.grading.Exercises.check("02a_threadpool");}). Both grade through the same
 * {@link Grader} and print the same {@link Verdict} text.
 *
 * <p>An exercise is named by its id, its former id ("01_threadpool" still grades 02a_threadpool, and says
 * so) or a unique prefix ("02a"). Progress (last verdict per exercise, the hints already shown) is kept in
 * {@code .progress} inside the graded folder, next to the learner's files ({@link ProgressFile}).
 */
public final class Exercises {

    /** Points the grader at another folder of answers (e.g. solutions/), like --dir on the command line. */
    public static final String ENV = "FUTURESKIT_EXERCISES";
    public static final String PROPERTY = "futureskit.exercises";

    static final String SHELL = "jbang exercises/grade.java";

    private final Catalog catalog;
    private final Grader grader;
    private final ProgressFile progressFile;
    private final PrintStream out;
    private final boolean notebook;

    private Exercises(Path tree, PrintStream out, boolean notebook) {
        Path exercises = repositoryRoot(tree).resolve("exercises");
        this.catalog = Catalog.scan(exercises);
        this.grader = new Grader(catalog, tree, exercises.resolve("common"));
        this.progressFile = new ProgressFile(grader.tree().resolve(".progress"), catalog.formerIds());
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
        hint(name, 0);
    }

    /** Prints hint number {@code level} (1 = gentlest; 0 = the next one). */
    public static void hint(String name, int level) {
        try {
            var ex = new Exercises(locateTree(null), System.out, true);
            ex.showHint(ex.resolve(name), level);
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
                    if (rest.isEmpty() || rest.size() > 2) {
                        System.err.print("grade: hint needs an exercise name (and at most a level)\n" + usage());
                        yield 2;
                    }
                    var exercise = ex.catalog.find(rest.getFirst());
                    if (exercise.isEmpty()) {
                        System.err.print("grade: " + ex.catalog.unknown(rest.getFirst()) + "\n" + usage());
                        yield 2;
                    }
                    ex.noteFormerName(rest.getFirst(), exercise.get());
                    ex.showHint(exercise.get(), rest.size() == 2 ? Integer.parseInt(rest.get(1)) : 0);
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
                  check NAME...        grade these exercises (--all: every one; "02a" is enough for 02a_threadpool)
                  hint NAME            the next hint for an exercise (one more each time)
                  hint NAME LEVEL      hint number LEVEL (1 is the gentlest)
                  --dir DIR            grade the answers in DIR instead of exercises/ (e.g. solutions, or
                                       one answer's folder such as solutions/02a_threadpool/wrong/two_workers)
                exit status: 0 all checked exercises pass, 1 one does not, 2 usage or grader error
                """;
    }

    private int checkCommand(List<String> names) {
        var todo = new ArrayList<Exercise>();
        if (names.isEmpty()) {
            var progress = progressFile.load();
            var next = catalog.all().stream().filter(e -> !status(progress, e).equals("done")).findFirst();
            if (next.isEmpty()) {
                out.println("All " + catalog.all().size() + " exercises pass. Well done!");
                return 0;
            }
            todo.add(next.get());
        } else if (names.equals(List.of("--all"))) {
            todo.addAll(catalog.all());
        } else {
            for (String given : names) {
                var exercise = catalog.find(given);
                if (exercise.isEmpty()) {
                    System.err.println("grade: " + catalog.unknown(given));
                    return 2;
                }
                noteFormerName(given, exercise.get());
                todo.add(exercise.get());
            }
        }
        int status = 0;
        for (Exercise exercise : todo) {
            Verdict v = gradeAndRecord(exercise);
            printVerdict(v);
            if (v.status() == Verdict.Status.ERROR) {
                status = 2;
            } else if (!v.passed() && status == 0) {
                status = 1;
            }
        }
        if (todo.size() == 1 && status == 0 && names.isEmpty()) {
            out.println(progressLine(progressFile.load()) + ". Next: " + SHELL + " check");
        }
        return status;
    }

    // ------------------------------------------------------------------ shared

    /** The exercise {@code name} means; says the new name when an old one was used. */
    Exercise resolve(String name) {
        Exercise exercise = catalog.get(name);
        noteFormerName(name, exercise);
        return exercise;
    }

    private void noteFormerName(String given, Exercise exercise) {
        if (!exercise.id().startsWith(given)) {
            exercise.formerIds().stream().filter(f -> f.startsWith(given)).findFirst()
                    .ifPresent(former -> out.println("(" + former + " is now called " + exercise.id() + ")"));
        }
    }

    Verdict gradeAndRecord(String name) {
        var exercise = catalog.find(name);
        if (exercise.isEmpty()) {
            return new Verdict(name, Verdict.Status.ERROR, catalog.unknown(name), List.of(), 0);
        }
        noteFormerName(name, exercise.get());
        return gradeAndRecord(exercise.get());
    }

    Verdict gradeAndRecord(Exercise exercise) {
        Verdict v = grader.grade(exercise);
        if (v.status() != Verdict.Status.ERROR) {
            var progress = progressFile.load();
            progress.setProperty(exercise.id() + ".status", v.status().name());
            progress.setProperty(exercise.id() + ".hash", sourceHash(exercise));
            progressFile.save(progress);
        }
        return v;
    }

    private void printVerdict(Verdict v) {
        out.print(v.format(notebook ? "futureskit.grading.Exercises.hint(\"" + v.exercise() + "\")"
                : SHELL + " hint " + v.exercise()));
        out.flush();
    }

    /** The catalogue: every exercise from its metadata, with the learner's status. */
    void printList() {
        var progress = progressFile.load();
        // One print: a notebook shows each write as its own output chunk.
        var text = new StringBuilder();
        text.append("Exercises in ").append(grader.tree()).append("  (").append(progressLine(progress)).append(")\n");
        for (var e : catalog.all()) {
            String status = status(progress, e);
            String mark = switch (status) {
                case "done" -> "✓";
                case "untried" -> "·";
                case "edited" -> "~";
                default -> "✗";
            };
            text.append(String.format("  %s %-16s %-10s lesson %-24s %s%n", mark, e.id(), status, e.lesson(), e.title()));
        }
        var next = catalog.all().stream().filter(e -> !status(progress, e).equals("done")).findFirst();
        next.ifPresent(e -> text.append("Next: ").append(notebook ? "futureskit.grading.Exercises.check(\"" + e.id() + "\");"
                : SHELL + " check " + e.id()).append('\n'));
        out.print(text);
        out.flush();
    }

    private String progressLine(Properties progress) {
        long done = catalog.all().stream().filter(e -> status(progress, e).equals("done")).count();
        return done + "/" + catalog.all().size() + " done";
    }

    /**
     * "untried" (never checked), "edited" (changed since its last check), else the last verdict: "done",
     * "failing", "timeout" or "no-compile".
     */
    private String status(Properties progress, Exercise exercise) {
        String last = progress.getProperty(exercise.id() + ".status");
        if (last == null) {
            return "untried";
        }
        if (!sourceHash(exercise).equals(progress.getProperty(exercise.id() + ".hash"))) {
            return "edited";
        }
        return switch (last) {
            case "PASS" -> "done";
            case "TIMEOUT" -> "timeout";
            case "COMPILE_ERROR" -> "no-compile";
            default -> "failing";
        };
    }

    void showHint(Exercise exercise, int level) {
        String name = exercise.id();
        var hints = hints(exercise);
        if (hints.isEmpty()) {
            out.println("No hints for " + name + ".");
            return;
        }
        var progress = progressFile.load();
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
            progressFile.save(progress);
        }
        out.flush();
    }

    /** The sections of exercises/ID/hints.md that start with "## Hint", in order. */
    List<String> hints(Exercise exercise) {
        Path file = catalog.folder(exercise).resolve("hints.md");
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

    private String sourceHash(Exercise exercise) {
        var all = new StringBuilder();
        for (Path p : grader.sources(exercise)) {
            try {
                all.append(p.getFileName()).append('\0').append(Files.readString(p, StandardCharsets.UTF_8)).append('\0');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return futureskit.Fixtures.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
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
