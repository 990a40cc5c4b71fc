///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25
//PREVIEW
//DEPS com.fasterxml.jackson.core:jackson-databind:2.21.1
//SOURCES lesson8_common.java
//SOURCES ../support/src/main/java/futureskit/ThreadTree.java

// Lesson 8: the flags download as a structured scope. StructuredTaskScope is a PREVIEW API of Java 25
// (JEP 505), changed again in 26 and 27: //PREVIEW makes JBang compile and run this script with
// --enable-preview, and //JAVA 25 (not 25+) keeps it on the JDK whose API it is written for.
// Every download is a subtask of one scope: the subtasks cannot outlive the try block, the first failure
// cancels the others, and a timeout cancels them all. Three runs against embedded servers:
//
//   jbang jbang/flags_structured.java    # 20 flags (with the scope in a thread dump); JP fails; a timeout

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.Flags;
import futureskit.ThreadTree;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;

Map<String, byte[]> downloadMany(List<String> ccList, String baseUrl, Duration timeout) throws InterruptedException {
    try (var scope = StructuredTaskScope.open(Joiner.<byte[]>awaitAllSuccessfulOrThrow(),
            config -> config.withName("flags").withTimeout(timeout))) {
        var subtasks = new LinkedHashMap<String, Subtask<byte[]>>();
        for (String cc : ccList) subtasks.put(cc, scope.fork(() -> Flags.getFlag(baseUrl, cc)));
        scope.join();   // all succeeded, or FailedException at the first failure, or TimeoutException
        var flags = new LinkedHashMap<String, byte[]>();
        subtasks.forEach((cc, subtask) -> flags.put(cc, subtask.get()));
        return flags;
    }   // here every subtask has ended: none outlives the scope
}

void main(String[] args) throws Exception {
    lesson8_common.parse("flags_structured", """
            usage: flags_structured
            Downloads the 20 flags as subtasks of one StructuredTaskScope (a preview API of Java 25),
            three times: from a healthy server, from one where JP fails and the others stall, and under
            a 0.5 s timeout from one where every flag stalls.""", args, Map.of());
    lesson8_common.warmUp();
    ThreadTree.scopes();   // the first thread dump of a JVM loads its code: not while the scope runs
    try (var healthy = FlagServer.start(Config.of(Mode.DELAY).withDelay(0.5))) {   // slow enough to see the scope
        // The scope and its subtasks in the JSON thread dump, taken once the server holds all 20 requests: a dump
        // lists a virtual thread only once it has started to run.
        var observer = Thread.ofVirtual().start(() -> {
            try {
                if (healthy.awaitInFlight(Flags.POP20_CC.size(), Duration.ofSeconds(2))) System.out.print(ThreadTree.scopes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long t0 = System.nanoTime();
        var flags = downloadMany(Flags.POP20_CC, healthy.baseUrl(), Duration.ofSeconds(5));
        observer.join();
        System.out.printf("%d flags downloaded in %.2fs%n", flags.size(), (System.nanoTime() - t0) / 1e9);
    }
    // Seed 3: JP fails at once (418), the 19 other flags stall.
    try (var failing = FlagServer.start(Config.of(Mode.DELAY).withDelay(0.05).withErrorRate(1).withStallRate(0.9).withSeed(3))) {
        long t0 = System.nanoTime();
        try {
            downloadMany(Flags.POP20_CC, failing.baseUrl(), Duration.ofSeconds(5));
        } catch (StructuredTaskScope.FailedException e) {
            System.out.printf("failed after %.2fs: %s: %s%n", (System.nanoTime() - t0) / 1e9, e.getClass().getSimpleName(),
                    e.getCause().getMessage());
            System.out.println(lesson8_common.abandoned(failing, 19, t0, "downloadMany started (JP fails after 0.05 s)"));
        }
    }
    try (var stalled = FlagServer.start(Config.of(Mode.DELAY).withStallRate(1))) {
        long t0 = System.nanoTime();
        try {
            downloadMany(Flags.POP20_CC, stalled.baseUrl(), Duration.ofMillis(500));
        } catch (StructuredTaskScope.TimeoutException e) {
            System.out.printf("timed out after %.2fs: the scope's timeout cancelled all 20 subtasks%n", (System.nanoTime() - t0) / 1e9);
            System.out.println(lesson8_common.abandoned(stalled, 20, t0 + Duration.ofMillis(500).toNanos(), "the timeout"));
        }
    }
}
