///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS me.tongfei:progressbar:0.10.2
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Progress bars over futures (me.tongfei:progressbar), the tutorial's tqdm recipes in Java. Twenty simulated
// downloads run at once; CN is the slowest and is submitted first.
//   submission order: step the bar as each future in the list completes: it stalls on CN, then jumps to 20/20;
//   completion order: step it as any future completes (ExecutorCompletionService): it moves steadily;
//   manual: the completion-order bar, with setExtraMessage naming the flag that just arrived.
//
//   jbang jbang/progress_bars.java [--scale 0.5] [--only submission|completion|manual]

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

static final List<String> POP20_CC = List.of(
        "CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR".split(" "));
static double scale = 1;

/**
 * A stand-in for downloadOne: 0.5 to 2 s (seeded, so every run is alike), 3 s for CN. SplittableRandom, because
 * java.util.Random's first value hardly differs between nearby seeds such as these hash codes: all twenty
 * would take about the same time, and no bar would move steadily.
 */
static String downloadOne(String cc) throws InterruptedException {
    var seconds = cc.equals("CN") ? 3.0 : 0.5 + new SplittableRandom(cc.hashCode()).nextDouble() * 1.5;
    Thread.sleep(Duration.ofMillis(Math.round(seconds * scale * 1000)));
    return cc;
}

static ProgressBar bar(String task) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(POP20_CC.size())
            .setUpdateIntervalMillis(100).setMaxRenderedLength(100).build();
}

static void submissionOrder() throws Exception {
    var order = new ArrayList<String>();
    try (var pool = Executors.newFixedThreadPool(POP20_CC.size());
         var bar = bar("submission order")) {
        var futures = POP20_CC.stream().map(cc -> pool.submit(() -> downloadOne(cc))).toList();
        for (var future : futures) {
            order.add(future.get());   // waits for CN first, while the others are already done
            bar.step();
        }
    }
    IO.println("submission order: " + String.join(" ", order));
}

static void completionOrder(boolean withMessage) throws Exception {
    var order = new ArrayList<String>();
    try (var pool = Executors.newFixedThreadPool(POP20_CC.size());
         var bar = bar(withMessage ? "downloading" : "completion order")) {
        var completion = new ExecutorCompletionService<String>(pool);
        POP20_CC.forEach(cc -> completion.submit(() -> downloadOne(cc)));
        for (int i = 0; i < POP20_CC.size(); i++) {
            var cc = completion.take().get();   // whichever finished next
            order.add(cc);
            if (withMessage) bar.setExtraMessage("got " + cc);
            bar.step();
        }
        if (withMessage) bar.setExtraMessage("done");
    }
    IO.println((withMessage ? "manual bar" : "completion order") + ": " + String.join(" ", order));
}

void main(String... args) throws Exception {
    var only = "all";
    for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
            case "--scale" -> scale = Double.parseDouble(args[++i]);
            case "--only" -> only = args[++i];
            default -> {
                System.err.println("usage: progress_bars.java [--scale FACTOR] [--only submission|completion|manual]");
                System.exit(2);
            }
        }
    }
    if (only.equals("all") || only.equals("submission")) submissionOrder();
    if (only.equals("all") || only.equals("completion")) completionOrder(false);
    if (only.equals("all") || only.equals("manual")) completionOrder(true);
}
