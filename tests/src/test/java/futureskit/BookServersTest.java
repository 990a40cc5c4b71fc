package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The book's setup: a flag server started apart in one shell (`jbang jbang/flag_server.java --mode ...`, on its
 * book port) and a download script in another (`--server LOCAL|ERROR`). Every other test uses ephemeral ports;
 * these use the book's ports on purpose, because the mapping from a server name to its port is what they check:
 * 8001 and 8003 in the first edition's layout (the default), 8000 and 8002 in the second's (--edition 2).
 */
@ResourceLock(BookServersTest.BOOK_PORTS)
class BookServersTest {
    /** Tests that bind the book's fixed ports hold this lock, so that they never run at the same time. */
    static final String BOOK_PORTS = "the book's ports 8000-8003";
    private static final long BOUND = 180; // seconds; generous for a first jbang build on a busy machine

    @Test
    void flagsThreadpoolDownloadsFromASeparateLocalServerOnPort8001() throws Exception {
        withBookServer(8001, List.of("--mode", "LOCAL", "--log"), log -> {
            var dir = Scripts.freshWorkDir("book-servers");
            var run = Scripts.jbang(dir, BOUND, "jbang/flags_threadpool.java", "--server", "LOCAL");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).contains("LOCAL site", "http://localhost:8001/flags", "20 flags downloaded in ");
            for (String cc : Fixtures.POP20_CC) {
                String lower = cc.toLowerCase();
                assertThat(Fixtures.matches(lower, Files.readAllBytes(dir.resolve("downloads/" + lower + ".gif"))))
                        .as("%s saved byte for byte", cc).isTrue();
            }
            // The separate server, not an embedded one, answered: its log has one line per flag.
            assertThat(Files.readAllLines(log)).filteredOn(line -> line.matches(".* GET /flags/[a-z]{2}/[a-z]{2}\\.gif 200 .*"))
                    .hasSize(20);
        });
    }

    @Test
    void flags2CountsAreExactAgainstASeparateSeededErrorServerOnPort8003() throws Exception {
        long seed = 11;
        withBookServer(8003, List.of("--mode", "ERROR", "--delay", "0.01-0.05", "--seed", Long.toString(seed)), log -> {
            var codes = new ArrayList<String>();
            for (char b = 'A'; b <= 'Z'; b++) codes.add("B" + b);  // "b": BA to BZ, as the book's command line expands it

            var run = Scripts.jbang(Scripts.freshWorkDir("book-servers"), BOUND, "jbang/flags2_threadpool.java", "-s", "ERROR", "b");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).contains("ERROR site: http://localhost:8003/flags",
                    "Searching for 26 flags: from BA to BZ",
                    Lessons6to7ScriptsTest.finalReport(Lessons6to7ScriptsTest.expectedCounts(codes, seed, 0.25), false));
        });
    }

    @Test
    void secondEditionLayoutServesLocalOn8000AndTheScriptsFollowWithEdition2() throws Exception {
        withBookServer(8000, List.of("--mode", "LOCAL", "--edition", "2", "--log"), log -> {
            var dir = Scripts.freshWorkDir("book-servers");
            var run = Scripts.jbang(dir, BOUND, "jbang/flags_threadpool.java", "--server", "LOCAL", "--edition", "2");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).contains("LOCAL site: http://localhost:8000/flags", "20 flags downloaded in ");
            assertThat(Files.readAllLines(log)).filteredOn(line -> line.matches(".* GET /flags/[a-z]{2}/[a-z]{2}\\.gif 200 .*"))
                    .hasSize(20);
        });
    }

    @Test
    void secondEditionLayoutServesErrorOn8002AndFlags2CountsExactly() throws Exception {
        long seed = 5;
        withBookServer(8002, List.of("--mode", "ERROR", "--edition", "2", "--delay", "0.01-0.05", "--seed", Long.toString(seed)), log -> {
            var codes = new ArrayList<String>();
            for (char b = 'A'; b <= 'Z'; b++) codes.add("C" + b);

            var run = Scripts.jbang(Scripts.freshWorkDir("book-servers"), BOUND, "jbang/flags2_sequential.java",
                    "-s", "ERROR", "--edition", "2", "c");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).contains("ERROR site: http://localhost:8002/flags",
                    Lessons6to7ScriptsTest.finalReport(Lessons6to7ScriptsTest.expectedCounts(codes, seed, 0.25), false));
        });
    }

    interface WithLog {
        void run(Path serverLog) throws Exception;
    }

    /** Runs {@code body} while `jbang/flag_server.java` serves on the book's {@code port}, then stops it. */
    private static void withBookServer(int port, List<String> args, WithLog body) throws Exception {
        assertPortFree(port);
        Path out = Files.createTempFile("book-server-out", ".txt");
        Path log = Files.createTempFile("book-server-log", ".txt");
        var process = Scripts.start(out, log, "jbang/flag_server.java", args.toArray(String[]::new));
        try {
            // No --port: the server must pick the book's port for its mode by itself.
            assertThat(FlagServerScriptTest.firstLine(out, process)).contains("http://127.0.0.1:" + port + "/flags");
            body.run(log);
            process.destroy();   // SIGTERM, like Ctrl-C
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
        } finally {
            Scripts.stop(process);
            Files.deleteIfExists(out);
            Files.deleteIfExists(log);
        }
    }

    static void assertPortFree(int port) throws IOException {
        try (var probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new AssertionError("port " + port + " is in use: this test starts the book's flag server there; "
                    + "stop the flag server you started (jbang jbang/flag_server.java) and run it again", e);
        }
    }
}
