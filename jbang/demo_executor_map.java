///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+

// Lesson 2: the book's demo_executor_map.py. loiter(n) sleeps n seconds on a pool of 3 threads; the
// timestamps show that results come back in submission order, and that the caller blocks on each get()
// until that result is ready, even when later tasks finished earlier.

final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'['HH:mm:ss']'");

void display(Object... args) {
    var text = String.join(" ", Arrays.stream(args).map(String::valueOf).toList());
    IO.println(LocalTime.now().format(STAMP) + " " + text);
}

int loiter(int n) throws InterruptedException {
    display("\t".repeat(n) + "loiter(%d): doing nothing for %ds...".formatted(n, n));
    Thread.sleep(Duration.ofSeconds(n));
    display("\t".repeat(n) + "loiter(%d): done.".formatted(n));
    return n * 10;
}

void main() throws Exception {
    display("Script starting.");
    try (var executor = Executors.newFixedThreadPool(3)) {
        // Java's executor.map(loiter, range(5)): submit every task now, collect the futures in order.
        List<Future<Integer>> results = IntStream.range(0, 5)
                .mapToObj(n -> executor.submit(() -> loiter(n)))
                .toList();
        display("results:", results.stream().map(Future::state).toList());  // futures, not values yet
        display("Waiting for individual results:");
        for (int i = 0; i < results.size(); i++) {
            display("result %d: %d".formatted(i, results.get(i).get()));  // blocks until task i is done
        }
    }
}
