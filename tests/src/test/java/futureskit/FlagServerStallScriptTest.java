package futureskit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lesson 8's options of jbang/flag_server.java: a server whose requests stall, a mirror with another latency,
 * and a summary that counts the requests clients abandoned. One server run and one usage error.
 */
class FlagServerStallScriptTest {

    private static final String SCRIPT = "jbang/flag_server.java";

    @Test
    void stalledRequestsAreAbandonedByTheirClientsAndTheMirrorAnswers() throws Exception {
        int port = FlagServerScriptTest.freePort();
        Path out = Files.createTempFile("flag-server-out", ".txt");
        Path log = Files.createTempFile("flag-server-log", ".txt");
        var process = Scripts.start(out, log, SCRIPT, "--mode", "DELAY", "--port", Integer.toString(port), "--delay", "0.01",
                "--stall-rate", "1", "--mirror-delay", "0.05", "--log");
        try {
            String banner = FlagServerScriptTest.firstLine(out, process);
            assertThat(banner).isEqualTo("DELAY flag server on http://127.0.0.1:" + port
                    + "/flags (delay 0.01s, 100% stall (no answer), seed 42) — Ctrl-C to stop");
            String mirrorLine = FlagServerScriptTest.line(out, process, 2, 60);
            var mirror = Pattern.compile("mirror: DELAY flag server on http://127\\.0\\.0\\.1:(\\d+)/flags \\(delay 0\\.05s, 100% stall.*")
                    .matcher(mirrorLine);
            assertThat(mirror.matches()).as(mirrorLine).isTrue();

            try (var client = new Socket("127.0.0.1", port)) {   // every request stalls: this client gives up
                client.setSoTimeout(200);
                client.getOutputStream().write("GET /flags/cn/cn.gif HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(log).contains("(not delivered: the client had gone)") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            process.destroy();   // SIGTERM, like Ctrl-C
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(out)).contains("stopped: 1 request, 1 not delivered (client gone)",
                    "mirror stopped: 0 requests");
            assertThat(Files.readString(log)).contains("127.0.0.1 GET /flags/cn/cn.gif - 0.", "(not delivered: the client had gone)");
        } finally {
            Scripts.stop(process);
            Files.deleteIfExists(out);
            Files.deleteIfExists(log);
        }
        var bad = Scripts.jbang(180, SCRIPT, "--stall-rate", "2");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).startsWith("flag_server: --stall-rate is a fraction from 0 to 1, not 2.0").doesNotContain("\tat ");
    }
}
