package futureskit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a notebook's code cells in order the way IJava 1.3.0 runs them, without IJava: JShell with the in-process
 * execution engine (the JDK's DirectExecutionControl, which IJava's engine extends, and which cannot redefine a
 * class) and IJava's default imports only. IJava splits a cell into snippets and evaluates them one by one; so
 * does this. Its magics are not run: the jars that the notebook's {@code %maven} lines load are given on the
 * command line and added to the shell's class path, as {@code %maven} does.
 *
 * <pre>
 *   java -cp TEST_CLASSES:GSON futureskit.IJavaConditions NOTEBOOK SHELL_CLASSPATH [--twice|--once] [--preview]
 * </pre>
 *
 * With {@code --preview} (for lesson 8's StructuredTaskScope, a preview API of Java 25) the shell compiles with
 * {@code --enable-preview --release 25}, as the kit's kernelspec has IJava and JJava do; this JVM must then run with
 * {@code --enable-preview} too, because the in-process engine runs the cells in it.
 *
 * Run it with the notebook's folder as working directory, as Jupyter does. With {@code --twice} every cell runs
 * a second time right after the first, as the JJava test does. The cells' output goes to stdout; the first
 * problem goes to stderr and ends the run with status 1: an error in a cell not tagged "raises-exception", no
 * error in a cell tagged so, or a variable of an earlier cell that was set and became null (or 0, or false)
 * although no cell assigned it: the mark of JShell recompiling earlier cells on an engine that cannot redefine
 * their classes.
 */
public final class IJavaConditions {

    /** IJava 1.3.0's src/main/resources/ijava-jshell-init.jshell, less its static imports of IJava's runtime. */
    static final String IJAVA_STARTUP = """
            import java.util.*;
            import java.io.*;
            import java.math.*;
            import java.net.*;
            import java.util.concurrent.*;
            import java.util.prefs.*;
            import java.util.regex.*;

            public void printf(String format, Object... args) {
                System.out.printf(format, args);
            }
            """;

    static final String RAISES = "raises-exception";
    static final Set<String> PORTABLE_MAGICS = Set.of("%maven", "%classpath", "%jars");
    static final Set<String> EMPTY_VALUES = Set.of("null", "0", "0.0", "false");
    static final long CELL_DEADLINE_SECONDS = 300;

    record Cell(int index, String source, boolean raises) {}

    /** A variable set by an earlier cell: what it held when last seen, and in which cell it was declared. */
    record Seen(String name, int cell, String value) {}

    static final class Problem extends Exception {
        Problem(String message) { super(message); }
    }

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Seen> seen = new LinkedHashMap<>();   // by snippet id
    private final Map<String, Integer> declaredIn = new LinkedHashMap<>();
    private final Map<String, Snippet> recompiledBy = new LinkedHashMap<>();   // by snippet id: what made JShell do it

    IJavaConditions(List<String> classpath) {
        this(classpath, false);
    }

    IJavaConditions(List<String> classpath, boolean preview) {
        var builder = JShell.builder().executionEngine(new Direct(), Map.of());
        if (preview) {
            builder.compilerOptions("--enable-preview", "--release", Integer.toString(Runtime.version().feature()));
        }
        shell = builder.build();
        analysis = shell.sourceCodeAnalysis();
        classpath.forEach(shell::addToClasspath);
    }

    /**
     * IJava's engine: a DirectExecutionControl, which runs each snippet on the calling thread. Not the JDK's
     * LocalExecutionControl (`jshell --execution local`), which also cannot redefine classes but rewrites every
     * snippet's bytecode and, after each snippet, joins every thread the snippet started: a cell that starts a
     * server (whose accept thread runs until it is closed) then hangs, or not, depending on a race.
     */
    static final class Direct implements ExecutionControlProvider {
        @Override
        public String name() {
            return "ijava-direct";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new DirectExecutionControl();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IJavaConditions NOTEBOOK SHELL_CLASSPATH [--twice]");
            System.exit(2);
        }
        Path notebook = Path.of(args[0]);
        List<String> classpath = List.of(args[1].split(java.io.File.pathSeparator));
        boolean twice = args.length > 2 && args[2].equals("--twice");
        boolean preview = args.length > 3 && args[3].equals("--preview");
        int status = 0;
        var runner = new IJavaConditions(classpath, preview);
        try {
            runner.startup();
            runner.run(cells(notebook), twice);
            System.out.println("[IJava conditions] " + notebook.getFileName() + ": every cell ran"
                    + (twice ? " twice" : "") + ", no variable lost its value");
        } catch (Problem p) {
            System.out.flush();
            System.err.println(notebook.getFileName() + ": " + p.getMessage());
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);   // cells may leave non-daemon threads behind: the JJava test judges that
    }

    static List<Cell> cells(Path notebook) throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        var cells = new ArrayList<Cell>();
        var all = nb.getAsJsonArray("cells");
        for (int i = 0; i < all.size(); i++) {
            JsonObject cell = all.get(i).getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) continue;
            boolean raises = false;
            if (cell.has("metadata") && cell.getAsJsonObject("metadata").has("tags")) {
                for (JsonElement tag : cell.getAsJsonObject("metadata").getAsJsonArray("tags")) {
                    raises |= tag.getAsString().equals(RAISES);
                }
            }
            cells.add(new Cell(i, text(cell.get("source")), raises));
        }
        return cells;
    }

    private static String text(JsonElement source) {
        if (source.isJsonPrimitive()) return source.getAsString();
        var text = new StringBuilder();
        source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
        return text.toString();
    }

    void startup() throws Problem {
        try {
            eval(IJAVA_STARTUP);
        } catch (Problem p) {
            throw new Problem("IJava's default imports failed: " + p.getMessage());
        }
    }

    void run(List<Cell> cells, boolean twice) throws Problem {
        for (Cell cell : cells) {
            String code = withoutMagics(cell);
            for (int run = 1; run <= (twice ? 2 : 1); run++) {
                String where = "cell " + cell.index() + (twice ? (run == 1 ? " (first run)" : " (run again right after)") : "");
                System.out.println("[IJava conditions] " + where);
                String error = null;
                try {
                    withDeadline(where, () -> eval(code, cell.index()));
                } catch (Problem p) {
                    error = p.getMessage();
                }
                var lost = forgotten(cell);
                if (!lost.isEmpty()) {
                    throw new Problem(where + " made earlier variables lose their values, as IJava's in-process"
                            + " engine does when JShell recompiles earlier cells:\n" + indent(cell.source())
                            + "\n  -> " + String.join("\n  -> ", lost)
                            + (error == null ? "" : "\n  -> and then: " + error)
                            + "\n  JShell recompiles earlier cells when a cell has a star import after its first line,"
                            + " or declares a top-level name that an earlier cell uses (even as a local variable):"
                            + " put each star import on the first line of its own cell (or import the classes one"
                            + " by one), and give new top-level variables and methods names the earlier cells"
                            + " do not use.");
                }
                if (error != null && !cell.raises()) {
                    throw new Problem(where + ":\n" + indent(cell.source()) + "\n  -> " + error);
                }
                if (error == null && cell.raises()) {
                    throw new Problem(where + " is tagged " + RAISES + " but raised nothing:\n" + indent(cell.source()));
                }
            }
        }
    }

    /** IJava turns magic lines into calls of its own; here their jars are on the class path already. */
    private static String withoutMagics(Cell cell) throws Problem {
        var lines = new ArrayList<String>();
        for (String line : cell.source().split("\n", -1)) {
            String word = line.strip().split("\\s+", 2)[0];
            if (word.startsWith("%")) {
                if (!PORTABLE_MAGICS.contains(word)) {
                    throw new Problem("cell " + cell.index() + ": magic " + word + " is not one IJava and JJava both know");
                }
                lines.add("");   // keeps line numbers
            } else {
                lines.add(line);
            }
        }
        return String.join("\n", lines);
    }

    private void eval(String code) throws Problem {
        eval(code, -1);
    }

    /** IJava's CodeEvaluator.eval: one snippet at a time, as SourceCodeAnalysis splits the cell. */
    private void eval(String code, int cellIndex) throws Problem {
        SourceCodeAnalysis.CompletionInfo info;
        for (info = analysis.analyzeCompletion(code); info.completeness().isComplete();
             info = analysis.analyzeCompletion(info.remaining())) {
            evalSnippet(info.source(), cellIndex);
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new Problem("incomplete input: " + info.remaining().strip());
        }
    }

    private void evalSnippet(String source, int cellIndex) throws Problem {
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {   // an earlier snippet recompiled: judged after the cell
                recompiledBy.putIfAbsent(event.snippet().id(), event.causeSnippet());
                continue;
            }
            Snippet snippet = event.snippet();
            if (snippet instanceof VarSnippet && event.status().isDefined()) declaredIn.put(snippet.id(), cellIndex);
            JShellException e = event.exception();
            if (e != null) {
                String name = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
                throw new Problem(name + ": " + e.getMessage());
            }
            if (!event.status().isDefined()) {
                String diagnostics = shell.diagnostics(snippet)
                        .map(d -> d.getMessage(null))
                        .collect(Collectors.joining("\n     "));
                String unresolved = snippet instanceof DeclarationSnippet d
                        ? shell.unresolvedDependencies(d).collect(Collectors.joining(", ")) : "";
                throw new Problem("does not compile: " + diagnostics
                        + (unresolved.isEmpty() ? "" : "\n     unresolved: " + unresolved)
                        + "\n     in: " + source.strip().lines().findFirst().orElse(""));
            }
        }
    }

    /**
     * What earlier cells set and this cell lost, unless this cell declared it again: on IJava a recompiled
     * variable silently starts again from null (or 0, or false), and the variable is no longer defined when its
     * declaration no longer compiles.
     */
    private List<String> forgotten(Cell cell) {
        try {
            return forgottenSince(cell);
        } finally {
            recompiledBy.clear();
        }
    }

    private List<String> forgottenSince(Cell cell) {
        var lost = new ArrayList<String>();
        var current = new LinkedHashMap<String, Seen>();
        for (VarSnippet v : shell.variables().toList()) {
            Integer declared = declaredIn.get(v.id());
            if (declared == null || declared < 0) continue;    // IJava's own startup
            Seen before = seen.get(v.id());
            if (shell.status(v) != Snippet.Status.VALID) {
                if (before != null) lost.add(before.name() + " (declared in cell " + before.cell() + ") is no longer defined");
                continue;
            }
            String value;
            try {
                value = shell.varValue(v);
            } catch (RuntimeException e) {
                value = "<" + e.getClass().getSimpleName() + ">";
            }
            if (before != null && declared != cell.index() && !EMPTY_VALUES.contains(before.value())
                    && EMPTY_VALUES.contains(value)) {
                lost.add(v.name() + " (declared in cell " + declared + ") was " + shorten(before.value())
                        + ", now " + value + cause(v));
            }
            current.put(v.id(), new Seen(v.name(), declared, value));
        }
        seen.clear();
        seen.putAll(current);
        return lost;
    }

    /** The chain of recompilations that reached {@code v}, from the snippet of this cell that started it. */
    private String cause(VarSnippet v) {
        var chain = new ArrayList<String>();
        for (Snippet s = recompiledBy.get(v.id()); s != null && chain.size() < 10; s = recompiledBy.get(s.id())) {
            chain.addFirst("`" + s.source().strip().lines().findFirst().orElse("") + "`");
        }
        return chain.isEmpty() ? "" : "; JShell recompiled it because of " + String.join(", then ", chain);
    }

    interface Body { void run() throws Problem; }

    /** A cell that hangs fails the run with a thread dump instead of waiting for the test's own timeout. */
    private static void withDeadline(String where, Body body) throws Problem {
        var watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(CELL_DEADLINE_SECONDS * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(where + " did not finish within " + CELL_DEADLINE_SECONDS + " s; its threads:");
            Thread.getAllStackTraces().forEach((t, stack) -> {
                System.err.println("  " + t.getName() + " " + t.getState());
                for (var frame : stack) System.err.println("      at " + frame);
            });
            Runtime.getRuntime().halt(1);
        });
        try {
            body.run();
        } finally {
            watchdog.interrupt();
        }
    }

    private static String indent(String source) {
        return source.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }
}
