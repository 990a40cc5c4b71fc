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
    try (var executor = Executors.newFixedThreadPool(workers)) {  // close() waits for every task
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
