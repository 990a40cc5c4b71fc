///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags.java

// Lesson 2: the same 20 downloads on a pool of threads (the book's flags_threadpool.py).
// Only downloadMany changed from flags.java: the loop body became downloadOne, a task for the pool.

static final int MAX_WORKERS = 20;

String downloadOne(String cc) throws IOException {
    byte[] image = Flags.getFlag(cc);
    Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
    Flags.show(cc);
    return cc;
}

int downloadMany(List<String> ccList) throws Exception {
    int workers = Math.min(MAX_WORKERS, ccList.size());
    List<Callable<String>> tasks = ccList.stream().sorted()
            .map(cc -> (Callable<String>) () -> downloadOne(cc))
            .toList();
    try (var executor = Executors.newFixedThreadPool(workers)) {  // close() waits for every task
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
