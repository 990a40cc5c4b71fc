///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags2_sequential.java
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Download flags of countries with a thread pool, with error handling (the book's flags2_threadpool.py).
//
//   $ jbang jbang/flags2_threadpool.java -e
//   EMBEDDED site: http://127.0.0.1:41873/flags
//   Searching for 676 flags: from AA to ZZ
//   30 concurrent connections will be used.
//   ...
//   --------------------
//   146 flags downloaded.
//   482 not found.
//    48 errors.

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

static final int DEFAULT_CONCUR_REQ = 30;
static final int MAX_CONCUR_REQ = 1000;

EnumMap<DownloadStatus, Integer> downloadMany(List<String> ccList, String baseUrl, boolean verbose, int concurReq)
        throws InterruptedException {
    var counter = new EnumMap<DownloadStatus, Integer>(DownloadStatus.class);
    try (var executor = Executors.newFixedThreadPool(concurReq)) {
        var completion = new ExecutorCompletionService<DownloadStatus>(executor);
        var toDoMap = new HashMap<Future<DownloadStatus>, String>(); // which cc each future downloads
        for (String cc : ccList.stream().sorted().toList()) {
            var future = completion.submit(() -> flags2_sequential.downloadOne(cc, baseUrl, verbose));
            toDoMap.put(future, cc);
        }
        var doneIter = flags2_common.asCompleted(completion, toDoMap.size());
        if (!verbose) doneIter = flags2_common.progressBar(doneIter, ccList.size());
        for (var future : doneIter) {
            DownloadStatus status;
            String errorMsg = "";
            try {
                status = future.get(); // done already: get() returns or throws at once
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
    System.exit(flags2_common.main("flags2_threadpool", this::downloadMany, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, args));
}
