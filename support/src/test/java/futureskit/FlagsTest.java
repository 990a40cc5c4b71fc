package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsTest {

    @Test
    void getFlagDownloadsTheFixtureAndThrowsTheStatusOfAnError() throws Exception {
        try (var server = FlagServer.start(FlagServer.Config.of(FlagServer.Mode.LOCAL).withPort(0))) {
            assertThat(Flags.getFlag(server.baseUrl(), "CN")).isEqualTo(Fixtures.flag("CN"));
            assertThatThrownBy(() -> Flags.getFlag(server.baseUrl(), "XX"))
                    .isInstanceOfSatisfying(HttpStatusException.class, e -> {
                        assertThat(e.code()).isEqualTo(404);
                        assertThat(e.url()).isEqualTo(server.baseUrl() + "/xx/xx.gif");
                    });
        }
    }

    @Test
    void saveFlagReplacesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path downloads = dir.resolve("downloads");
        Flags.save(downloads, new byte[] {1, 2}, "cn.gif");
        Flags.save(downloads, new byte[] {3}, "cn.gif");
        assertThat(Files.readAllBytes(downloads.resolve("cn.gif"))).containsExactly(3);
        try (var files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cn.gif");
        }
    }

    @Test
    void mainHandsThe20CodesToTheDownloaderAndReportsTheCount() throws Exception {
        var given = new ArrayList<String>();
        var printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Flags.show("CN");
            Flags.main(ccList -> { given.addAll(ccList); return ccList.size(); });
        } finally {
            System.setOut(out);
        }
        assertThat(given).isEqualTo(Fixtures.POP20_CC);
        assertThat(printed.toString(StandardCharsets.UTF_8)).matches("(?s)CN \\R20 flags downloaded in \\d+\\.\\d\\ds\\R");
    }
}
