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
    List<Callable<String>> tasks = ccList.stream().sorted()
            .map(cc -> (Callable<String>) () -> downloadOne(cc))
            .toList();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {  // close() waits for every task
        List<Future<String>> results = executor.invokeAll(tasks);  // blocks until all are done
        for (var result : results) {
            result.get();  // rethrows a download's exception, as iterating executor.map does
        }
        return results.size();
    }
}

void main(String[] args) throws Exception {
    Flags.main(args, this::downloadMany);
}
