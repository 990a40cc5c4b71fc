package futureskit.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChildClasspathTest {

    @Test
    void picksTheHighestVersionFromTheLocalRepository(@TempDir Path repo) throws Exception {
        for (String v : new String[] {"3.9.0", "3.18.1", "3.10.2", "4.0.0-alpha"}) {
            Path dir = Files.createDirectories(repo.resolve("com/squareup/okio/okio-jvm").resolve(v));
            if (!v.contains("alpha")) {
                Files.writeString(dir.resolve("okio-jvm-" + v + ".jar"), "");
            }
        }
        String before = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", repo.toString());
        try {
            assertThat(ChildClasspath.newestInLocalRepository("com/squareup/okio/okio-jvm"))
                    .hasValue(repo.resolve("com/squareup/okio/okio-jvm/3.18.1/okio-jvm-3.18.1.jar"));
            assertThat(ChildClasspath.newestInLocalRepository("com/example/absent")).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }
}
