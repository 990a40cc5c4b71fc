///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../support/src/main/java/futureskit/Speedup.java

// SHA-256 of 12 arrays of 1 MB, on 1 to N worker threads (the book's sha_futures.py, which needed a
// ProcessPoolExecutor to get around Python's GIL; Java threads run on every core).
//
//   $ jbang jbang/sha_futures.java [MAX_WORKERS] [--rounds N] [--repeat N]

import futureskit.Speedup;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;

static final int JOBS = 12;
static final int SIZE = 1 << 20;

/**
 * SHA-256 of {@code rounds} copies of 1 MB of pseudo-random bytes. java.util.Random's algorithm is part of
 * its specification, so the same job gives the same digest on every JVM: the tests check them.
 * The rounds are there because the JDK's SHA-256 (a CPU instruction on most machines) hashes 1 MB in
 * about a millisecond: without them there is nothing to measure.
 */
static String sha(int job, int size, int rounds) throws Exception {
    byte[] data = new byte[size];
    new Random(job).nextBytes(data);
    var algo = MessageDigest.getInstance("SHA-256");
    for (int r = 0; r < rounds; r++) algo.update(data);
    return HexFormat.of().formatHex(algo.digest());
}

static void runJobs(int workers, int rounds, boolean print) throws Exception {
    long t0 = System.nanoTime();
    try (var executor = Executors.newFixedThreadPool(workers)) {
        var completion = new ExecutorCompletionService<String>(executor);
        for (int i = 0; i < JOBS; i++) {
            int job = i;
            completion.submit(() -> "%2d %s".formatted(job, sha(job, SIZE, rounds)));
        }
        for (int n = 0; n < JOBS; n++) {
            String res = completion.take().get();
            if (print) IO.println(res);
        }
    }
    if (print) {
        IO.println(String.format(Locale.ROOT, "%d workers, elapsed time: %.2fs", workers, (System.nanoTime() - t0) / 1e9));
    }
}

void main(String... args) throws Exception {
    int maxWorkers = 4, rounds = 128, repeat = 1;
    for (int a = 0; a < args.length; a++) {
        switch (args[a]) {
            case "--rounds" -> rounds = Integer.parseInt(args[++a]);
            case "--repeat" -> repeat = Integer.parseInt(args[++a]);
            case "-h", "--help" -> {
                IO.println("usage: sha_futures.java [MAX_WORKERS] [--rounds N] [--repeat N]");
                return;
            }
            default -> maxWorkers = Integer.parseInt(args[a]);
        }
    }
    IO.println("%d jobs: SHA-256 of %d x 1 MB each; %d cores".formatted(JOBS, rounds, Runtime.getRuntime().availableProcessors()));
    int r = rounds;
    var first = new boolean[]{true};
    var speedup = Speedup.measure("SHA", maxWorkers, repeat, workers -> {
        runJobs(workers, r, first[0]); // the untimed warm-up run is the one shown job by job
        first[0] = false;
    });
    IO.println();
    IO.print(speedup.table());
    IO.println(speedup.spread());
    IO.println(speedup.coresUsed());
}
