///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags.java

// Lesson 2: the same 20 downloads, one virtual thread each (Java's answer to the book's flags_asyncio.py).
// Only the executor changed from flags_threadpool.java: a new virtual thread per task, no pool to size.
// A virtual thread blocked on I/O parks and frees its carrier thread, so 20 or 20_000 cost little.

String downloadOne(String cc) throws IOException {
    byte[] image = Flags.getFlag(cc);
    Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
    Flags.show(cc);
    return cc;
}

int downloadMany(List<String> ccList) throws Exception {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {  // close() waits for every task
        // executor.map(download_one, sorted(cc_list)): every task submitted at once, the futures in order
        List<Future<String>> results = ccList.stream().sorted()
                .map(cc -> executor.submit(() -> downloadOne(cc)))
                .toList();
        for (var result : results) {
            result.get();  // in submission order; rethrows a download's exception, as iterating map's results does
        }
        return results.size();
    }
}

void main(String[] args) throws Exception {
    Flags.main(args, this::downloadMany);
}
