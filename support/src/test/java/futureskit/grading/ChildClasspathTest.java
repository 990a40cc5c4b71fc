package futureskit.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** OkHttp comes from the classpath when it is loaded, else from the local repository, else a clear error. */
    @Test
    void withoutOkHttpAnywhereTheGraderSaysHowToGetIt(@TempDir Path emptyRepo) throws Exception {
        String before = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", emptyRepo.toString());
        try {
            boolean loaded;
            try {
                Class.forName("okhttp3.OkHttpClient");
                loaded = true;
            } catch (ClassNotFoundException e) {
                loaded = false;
            }
            if (loaded) {
                assertThat(ChildClasspath.resolve()).anySatisfy(p -> assertThat(p.toString()).contains("okhttp"));
            } else {
                assertThatThrownBy(ChildClasspath::resolve).isInstanceOf(ChildClasspath.GradingError.class)
                        .hasMessageContaining("okhttp3.OkHttpClient")
                        .hasMessageContaining("%maven com.squareup.okhttp3:okhttp-jvm:5.5.1");
            }
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }

    /** A library an exercise needs: from the loaded classes when there, else a message that says how to load it. */
    @Test
    void aLibraryAnExerciseNeedsIsFoundOrNamedWithItsMavenCoordinates(@TempDir Path emptyRepo) throws Exception {
        String before = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", emptyRepo.toString());
        try {
            var loaded = new Exercise.Library("org.junit.jupiter.api.Test", "org.junit.jupiter:junit-jupiter-api:5.0.0");
            assertThat(ChildClasspath.resolve(java.util.List.of(loaded)))
                    .anySatisfy(p -> assertThat(p.toString()).contains("junit-jupiter-api"));
            var absent = new Exercise.Library("com.example.Absent", "com.example:absent:1.0");
            assertThatThrownBy(() -> ChildClasspath.resolve(java.util.List.of(absent)))
                    .isInstanceOf(ChildClasspath.GradingError.class)
                    .hasMessageContaining("cannot find com.example:absent:1.0, which this exercise needs")
                    .hasMessageContaining("%maven com.example:absent:1.0");
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }
}
