///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags2_sequential.java
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Download flags of countries on virtual threads, with error handling. The Java counterpart of the book's
// flags2_asyncio.py: one cheap thread per download, and a Semaphore (like asyncio.Semaphore) instead of a
// pool size to limit how many requests are in flight at once.

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

static final int DEFAULT_CONCUR_REQ = 30;
static final int MAX_CONCUR_REQ = 1000;

DownloadStatus downloadOne(String cc, String baseUrl, Semaphore semaphore, boolean verbose) throws Exception {
    semaphore.acquire(); // a virtual thread parked here costs a few KB of heap, not a platform thread's stack
    try {
        return flags2_sequential.downloadOne(cc, baseUrl, verbose);
    } finally {
        semaphore.release();
    }
}

EnumMap<DownloadStatus, Integer> downloadMany(List<String> ccList, String baseUrl, boolean verbose, int concurReq)
        throws InterruptedException {
    var counter = new EnumMap<DownloadStatus, Integer>(DownloadStatus.class);
    var semaphore = new Semaphore(concurReq);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        var completion = new ExecutorCompletionService<DownloadStatus>(executor);
        var toDoMap = new HashMap<Future<DownloadStatus>, String>();
        for (String cc : ccList.stream().sorted().toList()) {
            toDoMap.put(completion.submit(() -> downloadOne(cc, baseUrl, semaphore, verbose)), cc);
        }
        var doneIter = flags2_common.asCompleted(completion, toDoMap.size());
        if (!verbose) doneIter = flags2_common.progressBar(doneIter, ccList.size());
        for (var future : doneIter) {
            DownloadStatus status;
            String errorMsg = "";
            try {
                status = future.get();
            } catch (ExecutionException e) {
                errorMsg = flags2_common.errorMessage(e.getCause());
                status = DownloadStatus.ERROR;
            } catch (InterruptedException e) {
                // Someone asked this thread to stop: never swallow that. Restore the status, so that close() below
                // cancels the downloads still queued instead of waiting for them, and tell our caller.
                Thread.currentThread().interrupt();
                throw e;
            }
            counter.merge(status, 1, Integer::sum);
            if (verbose && !errorMsg.isEmpty()) IO.println(toDoMap.get(future) + " error: " + errorMsg);
        }
    }
    return counter;
}

void main(String... args) {
    System.exit(flags2_common.main("flags2_virtual", this::downloadMany, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, args));
}
