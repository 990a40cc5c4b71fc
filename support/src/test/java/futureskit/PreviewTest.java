package futureskit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check lesson 8's preview cells start with: silent where StructuredTaskScope runs, one clear sentence elsewhere. */
class PreviewTest {

    @Test
    void withoutPreviewTheCheckSaysWhatTheCellsNeed() {
        assertThat(Preview.enabled()).as("the test JVM runs without --enable-preview").isFalse();
        assertThat(Preview.available()).isFalse();
        assertThatThrownBy(() -> Preview.require("StructuredTaskScope")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("StructuredTaskScope is a preview API of Java 25 (JEP 505)")
                .hasMessageContaining("without preview APIs", "JJAVA_JVM_OPTS=--enable-preview",
                        "JJAVA_COMPILER_OPTS=\"--enable-preview --release 25\"", "IJAVA_COMPILER_OPTS", "./kit setup")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void withPreviewEnabledTheCheckIsSilent() throws Exception {
        // A JVM of its own, started as the kit's kernel is: with --enable-preview.
        Path out = Files.createTempFile("preview", ".txt");
        try {
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var process = new ProcessBuilder(List.of(java, "--enable-preview", "-cp", System.getProperty("java.class.path"),
                    PreviewTest.class.getName() + "$Probe")).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(out)).isEqualTo("available=true\n");
            assertThat(process.exitValue()).isZero();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static final class Probe {
        public static void main(String[] args) {
            Preview.require("StructuredTaskScope");
            System.out.print("available=" + Preview.available() + "\n");
        }
    }
}
