package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The kit's JBang launcher (kit.d/jbang-launcher) keeps the command JBang printed for a script and runs it
 * directly while nothing the script compiles has changed: an edit of a file the script only reaches through
 * //SOURCES must still reach the next run, and the arguments must arrive as given, whatever they contain.
 */
class LauncherTest {

    @Test
    void anEditedSourceReachesTheNextRunAndArgumentsArriveAsGiven() throws Exception {
        Path dir = Scripts.freshWorkDir("launcher");
        Files.createDirectories(dir.resolve("lib"));
        Path script = Files.writeString(dir.resolve("hello.java"), """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //JAVA 25+
                //SOURCES lib/Greeting.java
                void main(String[] args) {
                    IO.println(Greeting.TEXT + ":" + String.join("|", args));
                    System.exit(args.length);
                }
                """);
        Files.writeString(dir.resolve("lib/Greeting.java"), "class Greeting { static final String TEXT = \"one\"; }\n");
        String[] args = {"a b", "it's", "$HOME", "\"q\"", ""};

        for (int run = 1; run <= 2; run++) {   // the second run is the one the launcher answers from its cache
            var result = Scripts.jbang(dir, 180, script.toString(), args);
            assertThat(result.stdout()).as("run %d: %s", run, result.stderr()).isEqualTo("one:a b|it's|$HOME|\"q\"|\n");
            assertThat(result.exitCode()).as("the script's own exit status").isEqualTo(args.length);
        }

        Files.writeString(dir.resolve("lib/Greeting.java"), "class Greeting { static final String TEXT = \"two\"; }\n");
        var edited = Scripts.jbang(dir, 180, script.toString(), "x");
        assertThat(edited.stdout()).as(edited.stderr()).isEqualTo("two:x\n");
        assertThat(edited.exitCode()).isEqualTo(1);
    }
}
