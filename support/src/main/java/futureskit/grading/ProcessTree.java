package futureskit.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ends the processes a graded answer started, so that none outlives its check.
 *
 * <p>A process whose parent ended is re-parented and leaves the tree, so the tree is not enough: the grader ends
 * every process that carries the check's marker in its environment ({@link #MARKER}, inherited by everything the
 * answer starts unless it clears its environment on purpose), which needs Linux's {@code /proc}. Elsewhere the
 * child JVM ends its own descendants before it halts, and the grader the child's if it had to stop it.
 */
final class ProcessTree {

    /** The environment variable whose value names one check. */
    static final String MARKER = "FUTURESKIT_CHECK";

    private ProcessTree() {
    }

    /** Whether {@link #endMarked} can find the processes of a check (Linux's /proc is there). */
    static boolean canFindMarked() {
        return Files.isDirectory(Path.of("/proc/self"));
    }

    /** Ends the live descendants of {@code root} (deepest last is fine: SIGKILL does not wait); how many. */
    static int endDescendants(ProcessHandle root) {
        int ended = 0;
        // A process may start another while it is being ended: look again a few times.
        for (int round = 0; round < 5; round++) {
            var live = root.descendants().filter(ProcessHandle::isAlive).toList();
            if (live.isEmpty()) {
                break;
            }
            for (ProcessHandle p : live) {
                if (p.destroyForcibly()) {
                    ended++;
                }
            }
        }
        return ended;
    }

    /** What {@link #endMarked} ended, by command name, and whether its last look found no marked process left. */
    record Swept(Map<String, Integer> ended, boolean clean) {
    }

    /**
     * Ends every process of this user whose environment has {@code MARKER=check}, and what it started; returns
     * the names of the commands it ended (for the verdict), and whether it looked until none was left (it gives up
     * after 10 rounds of processes that start others as fast as they are ended).
     */
    static Swept endMarked(String check) {
        var ended = new LinkedHashMap<Long, String>();
        boolean clean = false;
        String variable = MARKER + "=" + check;
        for (int round = 0; round < 10; round++) {
            var marked = marked(variable);
            if (marked.isEmpty()) {
                clean = true;
                break;
            }
            for (ProcessHandle p : marked) {
                String command = p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("a process");
                endDescendants(p);
                p.destroyForcibly();
                ended.putIfAbsent(p.pid(), command);
            }
            // A killed process stays visible until it is gone: wait for that before looking again.
            for (ProcessHandle p : marked) {
                try {
                    p.onExit().get(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Looked at again in the next round.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        var byCommand = new LinkedHashMap<String, Integer>();
        ended.values().forEach(command -> byCommand.merge(command, 1, Integer::sum));
        return new Swept(byCommand, clean);
    }

    private static List<ProcessHandle> marked(String variable) {
        var found = new ArrayList<ProcessHandle>();
        if (!canFindMarked()) {
            return found;
        }
        Path proc = Path.of("/proc");
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                byte[] environ;
                try {
                    environ = Files.readAllBytes(entry.resolve("environ"));
                } catch (IOException | SecurityException e) {
                    continue;  // gone, or another user's: not ours to end
                }
                if (holds(environ, variable)) {
                    ProcessHandle.of(Long.parseLong(name)).filter(ProcessHandle::isAlive).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    // The environment is NUL-separated: the variable whole, at the start or after a NUL, up to a NUL or the end.
    private static boolean holds(byte[] environ, String variable) {
        return ("\0" + new String(environ, StandardCharsets.ISO_8859_1) + "\0").contains("\0" + variable + "\0");
    }
}
