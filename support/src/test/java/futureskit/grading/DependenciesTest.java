package futureskit.grading;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The grading classes depend on each other as a DAG (metadata and verdicts at the bottom, the front door on top). */
class DependenciesTest {

    @Test
    void theGradingPackageHasNoImportCycle() {
        var jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        var out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "-verbose:class", "-filter:none", Path.of("target", "classes").toString());
        assertThat(status).isZero();
        Map<String, Set<String>> uses = new HashMap<>();
        var edge = Pattern.compile("^\\s+(futureskit\\.grading\\S*)\\s+->\\s+(futureskit\\.grading\\S*)");
        for (String line : out.toString().lines().toList()) {
            var m = edge.matcher(line);
            if (m.find()) {
                String from = m.group(1).split("\\$")[0];
                String to = m.group(2).split("\\$")[0];
                if (!from.equals(to)) {
                    uses.computeIfAbsent(from, k -> new HashSet<>()).add(to);
                }
            }
        }
        assertThat(uses).as("jdeps saw the grading classes").containsKeys("futureskit.grading.Trial", "futureskit.grading.Exercises");
        assertThat(uses.get("futureskit.grading.Trial")).as("Trial loads judges by name, never imports one")
                .noneMatch(c -> c.startsWith("futureskit.grading.judges."));
        for (String start : uses.keySet()) {
            assertThat(cycleFrom(start, start, uses, new ArrayList<>(), new HashSet<>())).as("a cycle through " + start).isEmpty();
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> uses, List<String> path, Set<String> seen) {
        path.add(at);
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                var cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (seen.add(next)) {
                var found = cycleFrom(start, next, uses, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        path.removeLast();
        return List.of();
    }
}
