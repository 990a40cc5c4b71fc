///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags.java

// Lesson 3: submit, futures and completion order (the book's flags_threadpool_futures.py, named
// flags_threadpool_ac.py in its first edition). As in the book: 5 flags, 3 workers, so two tasks wait in
// the pool's queue. Java prints RUNNING for those too: a Future has no PENDING state.

String downloadOne(String cc) throws IOException {
    byte[] image = Flags.getFlag(cc);
    Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
    Flags.show(cc);
    return cc;
}

int downloadMany(List<String> ccList) throws Exception {
    ccList = ccList.subList(0, 5);
    try (var executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(3)) {
        var completion = new ExecutorCompletionService<String>(executor);
        Map<Future<String>, String> toDo = new HashMap<>();  // which country each future is for
        for (String cc : ccList.stream().sorted().toList()) {
            Future<String> future = completion.submit(() -> downloadOne(cc));
            toDo.put(future, cc);
            System.out.printf("Scheduled for %s: %s (%d waiting in the queue)%n",
                    cc, describe(future, toDo), executor.getQueue().size());
        }
        int count = 0;
        for (int i = 0; i < toDo.size(); i++) {
            Future<String> future = completion.take();  // the next one to finish, as as_completed yields
            String res = future.get();
            count++;
            System.out.printf("%s result: '%s'%n", describe(future, toDo), res);
        }
        return count;
    }
}

// Python's repr of a future shows its state; Java's toString does not, so print Future.state().
String describe(Future<String> future, Map<Future<String>, String> toDo) {
    return "<Future for %s state=%s>".formatted(toDo.get(future), future.state());
}

void main(String[] args) throws Exception {
    Flags.main(args, this::downloadMany);
}
