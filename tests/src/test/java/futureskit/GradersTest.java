package futureskit;

import futureskit.grading.Catalog;
import futureskit.grading.Exercise;
import futureskit.grading.Exercises;
import futureskit.grading.Expectations;
import futureskit.grading.Grader;
import futureskit.grading.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The graders are honest: every reference solution passes, every untouched starter fails with what its
 * exercise.toml's starter_expect says, and each plausible wrong answer in solutions/ID/wrong/MISTAKE fails
 * with what its own "// Expect:" header says. Nothing here lists exercises or answers: they are discovered,
 * so adding one is adding a folder. Solutions, starters, hints and old ids go through exercises/grade.java,
 * the command a learner runs; the wrong answers (and answers that attack the grader) go through the same
 * Grader the notebook check calls, from this JVM, two at a time: each still runs in a child JVM of its own,
 * and the JBang start-up saved per answer is most of a check's cost.
 */
class GradersTest {

    private static final String GRADE = "exercises/grade.java";
    private static final Catalog CATALOG = Catalog.scan(Scripts.ROOT.resolve("exercises"));
    private static final List<String> NAMES = CATALOG.ids();
    /** Answers graded side by side: verdicts must hold on a busy 2-core machine, which two checks at once make. */
    private static final int PARALLEL = 2;
    private static Map<String, Verdict> verdicts;

    /** A wrong answer: the folder solutions/ID/wrong/MISTAKE, with the exercise's file in it. */
    record WrongAnswer(Exercise exercise, String mistake, Path folder) {
        Expectations expectations() {
            return Expectations.fromHeader(folder.resolve(exercise.file()));
        }

        @Override
        public String toString() {
            return exercise.id() + "/wrong/" + mistake;
        }
    }

    /** Every solutions/ID/wrong/MISTAKE/ folder; one whose ID is no exercise or that lacks the exercise's file fails here. */
    static List<WrongAnswer> wrongAnswers() throws IOException {
        var found = new ArrayList<WrongAnswer>();
        try (Stream<Path> folders = Files.list(Scripts.ROOT.resolve("solutions"))) {
            for (Path solution : folders.filter(Files::isDirectory).sorted().toList()) {
                Path wrong = solution.resolve("wrong");
                if (!Files.isDirectory(wrong)) {
                    continue;
                }
                var exercise = CATALOG.all().stream().filter(e -> e.id().equals(solution.getFileName().toString())).findFirst();
                assertThat(exercise).as("%s belongs to an exercise of exercises/", wrong).isPresent();
                try (Stream<Path> mistakes = Files.list(wrong)) {
                    for (Path folder : mistakes.filter(Files::isDirectory).sorted().toList()) {
                        assertThat(folder.resolve(exercise.get().file())).as("a wrong answer holds the exercise's file").isRegularFile();
                        found.add(new WrongAnswer(exercise.get(), folder.getFileName().toString(), folder));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyExerciseHasAStatementHintsAStarterAndASolution() throws IOException {
        assertThat(NAMES).hasSizeGreaterThanOrEqualTo(8);
        for (var e : CATALOG.all()) {
            Path exercise = Scripts.ROOT.resolve("exercises").resolve(e.id());
            assertThat(exercise.resolve("README.md")).as(e.id()).isRegularFile();
            assertThat(exercise.resolve(e.file())).as(e.id()).isRegularFile();
            assertThat(Scripts.ROOT.resolve("solutions").resolve(e.id()).resolve(e.file())).as(e.id()).isRegularFile();
            assertThat(Files.readString(exercise.resolve("hints.md"))).as(e.id()).contains("## Hint 1", "## Hint 2", "## Hint 3");
            assertThat(Files.readString(exercise.resolve(e.file()))).as(e.id()).contains("TODO");
            assertThat(e.starterExpect()).as(e.id() + ": starter_expect says what the starter is told").hasSizeGreaterThanOrEqualTo(2);
            // The statement's title carries the id's lesson prefix, and the lesson its metadata names is a notebook
            // that ends with the exercise's check cell: renaming one without the other fails here.
            assertThat(Files.readString(exercise.resolve("README.md"))).as(e.id() + "'s statement")
                    .startsWith("# " + e.id().substring(0, e.id().indexOf('_')) + " · ");
            Path notebook = Scripts.ROOT.resolve("notebooks").resolve(e.lesson() + ".ipynb");
            assertThat(notebook).as(e.id() + ": lesson = \"" + e.lesson() + "\" names a notebook").isRegularFile();
            assertThat(Files.readString(notebook)).as(e.id() + ": " + notebook.getFileName() + " has its check cell")
                    .contains("Exercises.check(\\\"" + e.id() + "\\\")");
        }
        for (String tree : List.of("exercises", "solutions")) {
            try (Stream<Path> dirs = Files.list(Scripts.ROOT.resolve(tree))) {
                var folders = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> !n.equals("common")).sorted().toList();
                assertThat(folders).as("every folder of %s/ is an exercise that is graded", tree).isEqualTo(NAMES);
            }
        }
        assertThat(wrongAnswers()).as("wrong answers discovered").hasSizeGreaterThanOrEqualTo(28);
    }

    @Test
    void everySolutionPasses() throws Exception {
        Path tree = copyOf("solutions", "solutions");
        var run = Scripts.jbang(400, GRADE, "--dir", tree.toString(), "check", "--all");
        assertThat(run.exitCode()).as(run.all()).isZero();
        for (String name : NAMES) {
            assertThat(run.stdout()).contains("✓ " + name + ": passed");
        }
        assertThat(run.stdout()).doesNotContain("✗");

        var list = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(list.stdout()).contains(NAMES.size() + "/" + NAMES.size() + " done", "✓ " + NAMES.getFirst());
        var next = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "check");
        assertThat(next.exitCode()).isZero();
        assertThat(next.stdout()).contains("All " + NAMES.size() + " exercises pass");
    }

    @Test
    void everyUntouchedStarterFailsWithTheExercisesOwnMistake() throws Exception {
        Path tree = copyOf("exercises", "starters");
        var before = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(before.exitCode()).isZero();
        assertThat(before.stdout()).contains("0/" + NAMES.size() + " done", "· " + NAMES.getFirst(), "untried",
                "Next: jbang exercises/grade.java check " + NAMES.getFirst());

        var run = Scripts.jbang(400, GRADE, "--dir", tree.toString(), "check", "--all");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout()).doesNotContain("✓");
        for (var e : CATALOG.all()) {
            String name = e.id();
            String verdict = verdictOf(run.stdout(), name);
            assertThat(verdict).as(name).startsWith("✗ " + name + ": ").contains(e.starterExpect())
                    .contains("hint:     jbang exercises/grade.java hint " + name);
            assertThat(Expectations.of("starter", e.starterExpect()).unmet(name, verdict)).as(verdict).isEmpty();
        }

        var after = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(after.stdout()).contains("0/" + NAMES.size() + " done", "✗ " + NAMES.getFirst(), "failing", "timeout")
                .doesNotContain("untried");
    }

    /**
     * An answer made to break the grader rather than to solve the exercise (of 02a unless said otherwise): its
     * file's text, and what its verdict says.
     */
    record HostileAnswer(String name, String exercise, String file, String source, List<String> expect) {
        HostileAnswer(String name, String source, List<String> expect) {
            this(name, "02a_threadpool", "ThreadPool.java", source, expect);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Answers that attack the grader: the verdict must stay the grader's, and nothing may outlive the check. */
    static List<HostileAnswer> hostileAnswers() {
        return List.of(
                new HostileAnswer("forges_a_passing_verdict", """
                        import java.nio.file.*;
                        import java.util.List;
                        public class ThreadPool {
                            public static int downloadMany(List<String> ccs) throws Exception {
                                var args = ProcessHandle.current().info().arguments().orElseThrow();
                                Files.writeString(Path.of(args[args.length - 2]), "PASS\\n20 flags in 0.01 s\\n");
                                Runtime.getRuntime().halt(0);
                                return 20;
                            }
                        }
                        """, List.of("✗ 02a_threadpool: not yet", "the report file was not the grader's", "starting \"PASS\"")),
                new HostileAnswer("leaves_processes_running", """
                        import java.util.List;
                        public class ThreadPool {
                            public static int downloadMany(List<String> ccs) throws Exception {
                                new ProcessBuilder("sleep", "97.25").start();
                                new ProcessBuilder("sh", "-c", "sleep 97.5 &").start().waitFor();
                                return 20;
                            }
                        }
                        """, List.of("✗ 02a_threadpool: not yet", "process:  your code left 2 processes running (2 sleep);"
                        + " the grader ended them")),
                new HostileAnswer("prints_a_flood", """
                        import java.util.List;
                        public class ThreadPool {
                            public static int downloadMany(List<String> ccs) throws Exception {
                                String line = "x".repeat(1023);
                                for (int i = 0; i < 40 * 1024; i++) System.out.println(line);
                                return 0;
                            }
                        }
                        """, List.of("✗ 02a_threadpool: not yet", "output:   your code printed 40.0 MB; the grader read it all")),
                new HostileAnswer("ends_the_jvm", """
                        import java.util.List;
                        public class ThreadPool {
                            public static int downloadMany(List<String> ccs) throws Exception {
                                System.exit(0);
                                return 20;
                            }
                        }
                        """, List.of("✗ 02a_threadpool: not yet", "your code ended the JVM before the grader could judge it")),
                // Keeps the heap full until the time limit: no thread dump fits, the verdict says what memory shows.
                new HostileAnswer("thrashes_the_heap", "04a_deadlock", "Deadlock.java", """
                        import java.util.ArrayList;
                        import java.util.List;
                        public class Deadlock {
                            public static int downloadMany(List<String> ccs) {
                                var keep = new ArrayList<byte[]>();
                                while (true) {
                                    try {
                                        keep.add(new byte[64 * 1024]);
                                    } catch (OutOfMemoryError e) {
                                        keep.subList(0, 16).clear();
                                    }
                                }
                            }
                        }
                        """, List.of("✗ 04a_deadlock: timed out", "memory:   the heap was", "your code is running out of memory")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongAnswers")
    void aPlausibleWrongAnswerFailsWithTheMessageItsHeaderDeclares(WrongAnswer answer) throws Exception {
        var expected = answer.expectations();
        String text = verdicts().get(answer.toString()).format("jbang exercises/grade.java hint " + answer.exercise().id());
        assertThat(text).startsWith(expected.status().mark + " " + answer.exercise().id() + ": " + expected.status().word)
                .contains(expected.texts());
        assertThat(expected.unmet(answer.exercise().id(), text)).as(text).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileAnswers")
    void anAnswerThatAttacksTheGraderGetsAVerdictAndLeavesNothingBehind(HostileAnswer answer) throws Exception {
        String text = verdicts().get("hostile/" + answer.name()).format(null);
        assertThat(text).contains(answer.expect());
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 97.")))
                .as("processes the answers started").isEmpty();
    }

    /**
     * Every wrong and hostile answer, graded once from a copy (no progress file in solutions/), {@link #PARALLEL}
     * at a time; each invocation above reads its own verdict.
     */
    private static synchronized Map<String, Verdict> verdicts() throws Exception {
        if (verdicts != null) {
            return verdicts;
        }
        Path root = Scripts.ROOT.resolve("tests/target/graders/answers");
        deleteTree(root);
        var jobs = new java.util.LinkedHashMap<String, java.util.concurrent.Callable<Verdict>>();
        for (var answer : wrongAnswers()) {
            Path tree = Files.createDirectories(root.resolve(answer.exercise().id()).resolve(answer.mistake()));
            Files.copy(answer.folder().resolve(answer.exercise().file()), tree.resolve(answer.exercise().file()));
            jobs.put(answer.toString(), () -> grader(tree).grade(answer.exercise()));
        }
        // After the wrong answers, so that a normal check has made the child JVM's class-data archive (a check
        // that ends otherwise makes none); the slowest first of these.
        for (var answer : hostileAnswers().reversed()) {
            Path tree = Files.createDirectories(root.resolve("hostile").resolve(answer.name()));
            Files.writeString(tree.resolve(answer.file()), answer.source());
            jobs.put("hostile/" + answer.name(), () -> grader(tree).grade(CATALOG.get(answer.exercise())));
        }
        var graded = new ConcurrentHashMap<String, Verdict>();
        try (var pool = Executors.newFixedThreadPool(PARALLEL)) {
            var futures = new java.util.LinkedHashMap<String, java.util.concurrent.Future<Verdict>>();
            jobs.forEach((name, job) -> futures.put(name, pool.submit(job)));
            for (var e : futures.entrySet()) {
                graded.put(e.getKey(), e.getValue().get());
            }
        }
        verdicts = graded;
        return verdicts;
    }

    private static Grader grader(Path tree) {
        return new Grader(CATALOG, tree, Scripts.ROOT.resolve("exercises/common"));
    }

    @Test
    void codeThatDoesNotCompileGetsTheCompilersFirstErrors() throws Exception {
        Path tree = Scripts.ROOT.resolve("tests/target/graders/broken");
        deleteTree(tree);
        Path file = Files.createDirectories(tree.resolve("02a_threadpool")).resolve("ThreadPool.java");
        Files.writeString(file, """
                import java.util.List;
                public class ThreadPool {
                    public static int downloadMany(List<String> ccs) throws Exception {
                        return ccs.size() + undefinedHelper();
                    }
                }
                """);
        var run = Scripts.jbang(200, GRADE, "--dir", tree.toString(), "check", "02a_threadpool");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("✗ 02a_threadpool: does not compile")
                .contains("ThreadPool.java:4: cannot find symbol", "undefinedHelper()");
    }

    @Test
    void hintsComeOneAtATimeAndUsageErrorsExitWith2() throws Exception {
        Path tree = copyOf("exercises", "hints");
        var first = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "06b");
        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).startsWith("Hint 1 of 3 for 06b_throttle:").contains("Semaphore")
                .contains("next hint: jbang exercises/grade.java hint 06b_throttle");
        var second = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "06b_throttle");
        assertThat(second.stdout()).startsWith("Hint 2 of 3 for 06b_throttle:").contains("finally");
        var third = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "06b_throttle", "3");
        assertThat(third.stdout()).startsWith("Hint 3 of 3").contains("permits.acquire()", "that was the last hint");

        var unknown = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "check", "99_nothing");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("grade: no exercise named 99_nothing");
        // The other usage errors through the same entry point, in this JVM (grade.java only passes its arguments on).
        for (var args : List.of(List.of("hint"), List.of("check", "06"), List.of("frobnicate"))) {
            var err = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            int status;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                status = Exercises.cli(Stream.concat(Stream.of("--dir", tree.toString()), args.stream()).toArray(String[]::new));
            } finally {
                System.setErr(saved);
            }
            assertThat(status).as("%s", args).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as("%s", args).contains("grade: ");
        }
    }

    @Test
    void oldIdsOldLayoutsAndAnOldProgressFileStillWork() throws Exception {
        // A learner's tree from before the renaming: the answer in 01_threadpool/, progress under the old ids.
        Path tree = Scripts.ROOT.resolve("tests/target/graders/old");
        deleteTree(tree);
        Path old = Files.createDirectories(tree.resolve("01_threadpool"));
        Files.copy(Scripts.ROOT.resolve("solutions/02a_threadpool/ThreadPool.java"), old.resolve("ThreadPool.java"));
        var check = Scripts.jbang(200, GRADE, "--dir", tree.toString(), "check", "01_threadpool");
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).startsWith("(01_threadpool is now called 02a_threadpool)\n✓ 02a_threadpool: passed");

        Path progress = tree.resolve(".progress");
        Files.writeString(progress, Files.readString(progress).replace("02a_threadpool.", "01_threadpool.") + "01_threadpool.hints=2\n");
        var list = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "list");
        assertThat(list.stdout()).contains("1/" + NAMES.size() + " done", "✓ 02a_threadpool   done").doesNotContain("01_threadpool");
        var hint = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "01_threadpool");
        assertThat(hint.stdout()).startsWith("(01_threadpool is now called 02a_threadpool)\nHint 3 of 3 for 02a_threadpool:");
        // "08_" names no id (lesson 8's are 08a_...) but starts a former one, renamed twice since.
        var byOldPrefix = Scripts.jbang(120, GRADE, "--dir", tree.toString(), "hint", "08_", "1");
        assertThat(byOldPrefix.stdout()).startsWith("(08_timeouts is now called 08a_timeouts)\nHint 1 of 3 for 08a_timeouts:");
    }

    /** Verdict block of one exercise in a check --all output: from its mark line to the next mark line. */
    private static String verdictOf(String output, String name) {
        int start = output.indexOf("✗ " + name + ": ");
        if (start < 0) {
            start = output.indexOf("✓ " + name + ": ");
        }
        assertThat(start).as("a verdict for " + name + " in:\n" + output).isNotNegative();
        int end = output.length();
        for (String other : NAMES) {
            for (String mark : List.of("✗ ", "✓ ")) {
                int at = output.indexOf(mark + other + ": ", start + 1);
                if (at > start && at < end) {
                    end = at;
                }
            }
        }
        return output.substring(start, end);
    }

    /** A fresh copy of the committed tree's exercise folders, so grading leaves no progress file behind there. */
    private static Path copyOf(String source, String name) throws IOException {
        Path tree = Scripts.ROOT.resolve("tests/target/graders").resolve(name);
        deleteTree(tree);
        for (String exercise : NAMES) {
            Path from = Scripts.ROOT.resolve(source).resolve(exercise);
            Path to = Files.createDirectories(tree.resolve(exercise));
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return tree;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
