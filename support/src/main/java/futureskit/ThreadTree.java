package futureskit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This JVM's threads as the JDK's JSON thread dump groups them ({@code jcmd <pid> Thread.dump_to_file -format=json},
 * here through {@code HotSpotDiagnosticMXBean.dumpThreads}): a tree of thread containers. A
 * {@code StructuredTaskScope} is a container of its own, a child of the container of the thread that opened it,
 * with that thread as its owner and its subtasks' virtual threads inside; an executor's threads sit in the
 * executor's container. Unlike {@code jstack}'s flat list, the tree shows which threads belong to which scope.
 */
public final class ThreadTree {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ThreadTree() {
    }

    /** The tree now, one line per container that holds threads, indented under its parent. */
    public static String now() {
        return render(dump(), false);
    }

    /**
     * Only the StructuredTaskScopes now, under the containers they were opened in: what a lesson shows, without the
     * flag server's and the HTTP client's own threads.
     */
    public static String scopes() {
        return render(dump(), true);
    }

    /** Renders a JSON thread dump (the JDK's format) as {@link #now()}, or {@link #scopes()}, does. */
    static String render(JsonNode dump, boolean onlyScopes) {
        var containers = dump.path("threadDump").path("threadContainers");
        var names = new HashMap<String, String>();   // tid -> thread name, for owners
        var children = new LinkedHashMap<String, List<JsonNode>>();
        for (JsonNode c : containers) {
            for (JsonNode t : c.path("threads")) {
                names.put(t.path("tid").asText(), t.path("name").asText().isEmpty() ? "#" + t.path("tid").asText() : t.path("name").asText());
            }
            children.computeIfAbsent(c.path("parent").asText("-"), k -> new ArrayList<>()).add(c);
        }
        var out = new StringBuilder();
        for (JsonNode root : children.getOrDefault("null", children.getOrDefault("-", List.of()))) {
            render(root, children, names, 0, onlyScopes, out);
        }
        return out.toString();
    }

    private static void render(JsonNode c, Map<String, List<JsonNode>> children, Map<String, String> names, int depth,
                               boolean onlyScopes, StringBuilder out) {
        var kids = children.getOrDefault(c.path("container").asText(), List.of());
        boolean shown = depth == 0 || leadsTo(List.of(c), children, onlyScopes);
        if (shown) {
            out.append("  ".repeat(depth)).append(depth == 0 ? "" : "└─ ").append(describe(c, names)).append('\n');
        }
        for (JsonNode kid : kids) {
            render(kid, children, names, depth + 1, onlyScopes, out);
        }
    }

    private static boolean isScope(JsonNode c) {
        return c.path("container").asText().contains("ThreadFlock");
    }

    // Whether one of these containers, or a container below them, is a scope (or, for the whole tree, has threads).
    private static boolean leadsTo(List<JsonNode> containers, Map<String, List<JsonNode>> children, boolean scopes) {
        for (JsonNode c : containers) {
            if ((scopes ? isScope(c) : c.path("threads").size() > 0)
                    || leadsTo(children.getOrDefault(c.path("container").asText(), List.of()), children, scopes)) {
                return true;
            }
        }
        return false;
    }

    // "flags (a StructuredTaskScope) owned by main: 20 virtual threads, e.g. #31 in Flags.getFlag".
    private static String describe(JsonNode c, Map<String, String> names) {
        String id = c.path("container").asText();
        boolean scope = isScope(c);
        String name = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
        if (scope && name.startsWith("java.util.concurrent.StructuredTaskScope")) {
            name = "an unnamed scope";
        }
        var text = new StringBuilder(name);
        if (scope) {
            text.append(" (a StructuredTaskScope)");
        }
        JsonNode owner = c.path("owner");
        if (!owner.isNull() && !owner.isMissingNode()) {
            text.append(" owned by ").append(names.getOrDefault(owner.asText(), "#" + owner.asText()));
        }
        var threads = c.path("threads");
        int virtual = 0;
        var shown = new ArrayList<String>();
        for (JsonNode t : threads) {
            if (t.path("virtual").asBoolean()) {
                virtual++;
            } else if (shown.size() < 3) {
                shown.add(t.path("name").asText());
            }
        }
        text.append(": ");
        if (virtual > 0) {
            text.append(virtual).append(virtual == 1 ? " virtual thread" : " virtual threads");
            String where = firstLearnerFrame(threads);
            if (where != null) {
                text.append(" (e.g. in ").append(where).append(')');
            }
        }
        int platform = threads.size() - virtual;
        if (platform > 0) {
            text.append(virtual > 0 ? ", " : "").append(platform).append(platform == 1 ? " thread" : " threads")
                    .append(" (").append(String.join(", ", shown)).append(platform > shown.size() ? ", ..." : "").append(')');
        }
        return text.toString();
    }

    // The first frame of a virtual thread's stack that is not the JDK's: where the subtasks are.
    private static String firstLearnerFrame(JsonNode threads) {
        for (JsonNode t : threads) {
            if (!t.path("virtual").asBoolean()) {
                continue;
            }
            for (JsonNode frame : t.path("stack")) {
                String f = frame.asText();
                if (!f.startsWith("java.base/") && !f.startsWith("jdk.") && !f.startsWith("okhttp3.") && !f.startsWith("okio.")) {
                    String method = f.contains("(") ? f.substring(0, f.indexOf('(')) : f;
                    int dot = method.lastIndexOf('.', method.lastIndexOf('.') - 1);
                    return method.substring(dot + 1);
                }
            }
        }
        return null;
    }

    private static JsonNode dump() {
        try {
            Path dir = Files.createTempDirectory("thread-dump");
            Path file = dir.resolve("threads.json");   // dumpThreads refuses a file that exists
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                return JSON.readTree(file.toFile());
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
