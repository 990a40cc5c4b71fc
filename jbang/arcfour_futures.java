///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES arcfour.java
//SOURCES ../support/src/main/java/futureskit/Speedup.java

// RC4 encryption and decryption of 12 arrays, on 1 to N worker threads (the book's arcfour_futures.py,
// which needed a ProcessPoolExecutor to get around Python's GIL; Java threads run on every core).
//
//   $ jbang jbang/arcfour_futures.java [MAX_WORKERS] [--rounds N] [--repeat N]

import futureskit.Speedup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

static final int JOBS = 12;
static final int SIZE = 1 << 18; // 256 KB: the jobs range from 149 KB to 384 KB, as in the book
static final byte[] KEY = "'Twas brillig, and the slithy toves\nDid gyre".getBytes(StandardCharsets.UTF_8);

/**
 * The book's arcfour_test: encrypt, decrypt, compare. {@code rounds} repeats it, because Java does in
 * milliseconds what took Python seconds, and a speedup needs something to measure.
 */
static int arcfourTest(int size, byte[] key, int rounds, long seed) {
    byte[] inText = new byte[size];
    new Random(seed).nextBytes(inText);
    for (int r = 0; r < rounds; r++) {
        byte[] cypherText = arcfour.arcfour(key, inText);
        byte[] outText = arcfour.arcfour(key, cypherText);
        if (!Arrays.equals(inText, outText)) throw new AssertionError("Failed arcfour_test");
    }
    return size;
}

static int jobSize(int i) {
    return SIZE + (int) ((double) SIZE / JOBS * (i - JOBS / 2.0));
}

static void runJobs(int workers, int rounds, boolean print) throws Exception {
    long t0 = System.nanoTime();
    try (var executor = Executors.newFixedThreadPool(workers)) {
        var completion = new ExecutorCompletionService<Integer>(executor);
        var toDo = new ArrayList<Future<Integer>>();
        for (int i = JOBS; i > 0; i--) { // biggest first, as in the book
            int size = jobSize(i);
            long seed = i;
            toDo.add(completion.submit(() -> arcfourTest(size, KEY, rounds, seed)));
        }
        for (int n = 0; n < toDo.size(); n++) {
            int res = completion.take().get();
            if (print) IO.println(String.format(Locale.ROOT, "%.1f KB", res / 1024.0));
        }
    }
    if (print) {
        IO.println(String.format(Locale.ROOT, "%d workers, elapsed time: %.2fs", workers, (System.nanoTime() - t0) / 1e9));
    }
}

void main(String... args) throws Exception {
    int maxWorkers = 4, rounds = 64, repeat = 1;
    for (int a = 0; a < args.length; a++) {
        switch (args[a]) {
            case "--rounds" -> rounds = Integer.parseInt(args[++a]);
            case "--repeat" -> repeat = Integer.parseInt(args[++a]);
            case "-h", "--help" -> {
                IO.println("usage: arcfour_futures.java [MAX_WORKERS] [--rounds N] [--repeat N]");
                return;
            }
            default -> maxWorkers = Integer.parseInt(args[a]);
        }
    }
    int vectors = arcfour.checkTestVectors(false);
    IO.println("RC4 test vectors (Wikipedia, RFC 6229): " + vectors + " of " + arcfour.TEST_VECTORS.size() + " match");
    if (vectors != arcfour.TEST_VECTORS.size()) System.exit(1);
    IO.println(String.format(Locale.ROOT, "%d jobs from %.1f KB to %.1f KB, each encrypted and decrypted %d times; %d cores",
            JOBS, jobSize(1) / 1024.0, jobSize(JOBS) / 1024.0, rounds, Runtime.getRuntime().availableProcessors()));
    int r = rounds;
    var first = new boolean[]{true};
    var speedup = Speedup.measure("RC4", maxWorkers, repeat, workers -> {
        runJobs(workers, r, first[0]); // the untimed warm-up run is the one shown job by job
        first[0] = false;
    });
    IO.println();
    IO.print(speedup.table());
    IO.println(speedup.spread());
    IO.println(speedup.coresUsed());
}
