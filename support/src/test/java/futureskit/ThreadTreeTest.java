package futureskit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON thread dump as a tree: a scope's threads under the scope, the scope under its owner's container. */
class ThreadTreeTest {

    @Test
    void anExecutorsVirtualThreadsAreGroupedInItsContainer() throws Exception {
        var release = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var started = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                executor.submit(() -> {
                    started.countDown();
                    release.await();
                    return null;
                });
            }
            started.await();
            String tree = ThreadTree.now();
            assertThat(tree).startsWith("<root>: ").containsPattern("\\n  └─ java\\.util\\.concurrent\\.ThreadPerTaskExecutor@\\p{XDigit}+: 3 virtual threads");
            assertThat(ThreadTree.scopes()).as("no scope open: the root alone").startsWith("<root>: ").doesNotContain("└─");
            release.countDown();
        }
    }

    @Test
    void aStructuredTaskScopeIsNamedAndOwnedByTheThreadThatOpenedIt() throws Exception {
        // The shape of a real Java 25 dump of StructuredTaskScope.open(..., cf -> cf.withName("flags")), trimmed.
        String json = """
                {"threadDump": {"threadContainers": [
                  {"container": "<root>", "parent": null, "owner": null,
                   "threads": [{"tid": "3", "name": "main", "virtual": false, "stack": []}]},
                  {"container": "ForkJoinPool.commonPool/jdk.internal.vm.SharedThreadContainer@7cc355be", "parent": "<root>",
                   "owner": null, "threads": []},
                  {"container": "flags/jdk.internal.misc.ThreadFlock$ThreadContainerImpl@34c45dca", "parent": "<root>", "owner": "3",
                   "threads": [
                     {"tid": "22", "name": "", "virtual": true, "stack": [
                       "java.base/java.lang.VirtualThread.parkNanos(VirtualThread.java:784)",
                       "Flags.getFlag(Flags.java:40)",
                       "java.base/java.lang.VirtualThread.run(VirtualThread.java:460)"]},
                     {"tid": "24", "name": "", "virtual": true, "stack": []}]}
                ]}}""";
        var dump = new ObjectMapper().readTree(json);
        String tree = """
                <root>: 1 thread (main)
                  └─ flags (a StructuredTaskScope) owned by main: 2 virtual threads (e.g. in Flags.getFlag)
                """;
        assertThat(ThreadTree.render(dump, false)).isEqualTo(tree);
        assertThat(ThreadTree.render(dump, true)).as("only scopes: the same here, the pool has no threads").isEqualTo(tree);
    }
}
