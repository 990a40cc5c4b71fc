package futureskit.grading;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A process an answer starts, even one that left the tree (its parent ended), is found by its check's marker and ended. */
class ProcessTreeTest {

    @Test
    void anOrphanCarryingTheMarkerIsEndedAndOthersAreLeftAlone() throws Exception {
        // The suite runs where the kit's CI does (Linux: ./kit test installs Chromium from Debian's packages), and
        // there the grader must find re-parented processes: no /proc is a failure here, not a reason to skip.
        assertThat(ProcessTree.canFindMarked()).as("/proc is there, so the grader can find a check's orphans").isTrue();
        String check = "test" + ProcessHandle.current().pid() + System.nanoTime();
        // sh starts a sleep in the background and ends: the sleep is re-parented, out of any tree we hold (its output
        // goes elsewhere, or reading the shell's would wait for the sleep).
        var builder = new ProcessBuilder("sh", "-c", "sleep 61.5 >/dev/null 2>&1 & echo $!");
        builder.environment().put(ProcessTree.MARKER, check);
        var shell = builder.start();
        long orphan = Long.parseLong(new String(shell.getInputStream().readAllBytes()).strip());
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        var other = new ProcessBuilder("sleep", "61.6").start();  // no marker: not the check's
        try {
            assertThat(ProcessHandle.of(orphan)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            var sweep = ProcessTree.endMarked(check);
            assertThat(sweep.ended()).containsEntry("sleep", 1);
            assertThat(sweep.clean()).as("it looked again and found none left").isTrue();
            Thread.sleep(200);
            assertThat(running(orphan)).as("the orphan sleep is gone (or a zombie)").isFalse();
            assertThat(other.isAlive()).isTrue();
            assertThat(ProcessTree.endMarked(check).ended()).isEmpty();
        } finally {
            other.destroyForcibly();
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Running or sleeping, as /proc says; a zombie (ended, not yet reaped by its new parent) is not running. */
    private static boolean running(long pid) throws java.io.IOException {
        var stat = java.nio.file.Path.of("/proc", Long.toString(pid), "stat");
        if (!java.nio.file.Files.exists(stat)) {
            return false;
        }
        String text = java.nio.file.Files.readString(stat);
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
