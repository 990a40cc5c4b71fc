package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavesTest {

    @TempDir
    Path dir;

    @Test
    void aSaveWritesTheWholeFileAndLeavesNoTemporaryFile() throws Exception {
        Path downloads = Saves.folder(dir.resolve("downloads"));
        Saves.atomically(downloads, "cn.gif", new byte[] {1, 2, 3});
        Saves.atomically(downloads, "cn.gif", new byte[] {4, 5});   // a second run replaces the flag

        assertThat(Files.readAllBytes(downloads.resolve("cn.gif"))).containsExactly(4, 5);
        try (Stream<Path> files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cn.gif");
        }
    }

    @Test
    void aFileWhereTheFolderShouldBeIsOneClearLine() throws Exception {
        Path downloads = Files.writeString(dir.resolve("downloads"), "not a folder");
        assertThatThrownBy(() -> Saves.folder(downloads)).isInstanceOf(Saves.CannotSave.class)
                .hasMessage("cannot save flags in " + downloads + "/: " + downloads + " is a file, not a folder:"
                        + " move it away or run from another folder");
    }

    @Test
    void aFlagThatCannotBeWrittenIsCannotSaveAndLeavesNoTemporaryFile() throws Exception {
        Path downloads = Saves.folder(dir.resolve("downloads"));
        Files.createDirectories(downloads.resolve("br.gif").resolve("inside"));   // a folder where the flag goes

        assertThatThrownBy(() -> Saves.atomically(downloads, "br.gif", new byte[] {1}))
                .isInstanceOf(Saves.CannotSave.class)
                .hasMessage("cannot save flags in " + downloads + "/: br.gif is a folder");
        try (Stream<Path> files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("br.gif");
        }
    }
}
