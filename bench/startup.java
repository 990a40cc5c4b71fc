///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES common/Bench.java

// Start-up of each script: the whole process of its cheapest run (--help, or its own check), i.e. JBang's
// launcher, the JVM, class loading and the script's own set-up, as a learner's shell sees it. Each script runs
// once to let JBang build its jar, then RUNS times in turn with the kit launcher's caches (the command JBang
// printed, the JVM's class-data archive) and with KIT_JBANG_CACHE=0 (JBang's JVM every time, no archive).
// With a jbang of your own on PATH both columns are that jbang. Usage: jbang bench/startup.java [RUNS]

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

record Script(String path, List<String> args) {
    static Script of(String path, String... args) {
        return new Script(path, List.of(args));
    }
}

static final List<Script> SCRIPTS = List.of(
        Script.of("jbang/flags.java", "--help"),
        Script.of("jbang/flags_threadpool.java", "--help"),
        Script.of("jbang/flags_virtual.java", "--help"),
        Script.of("jbang/flags_threadpool_ac.java", "--help"),
        Script.of("jbang/flags2_sequential.java", "--help"),
        Script.of("jbang/flags2_threadpool.java", "--help"),
        Script.of("jbang/flags2_virtual.java", "--help"),
        Script.of("jbang/flag_server.java", "--help"),
        Script.of("jbang/deadlock.java", "--help"),
        Script.of("jbang/sha_futures.java", "--help"),
        Script.of("jbang/arcfour_futures.java", "--help"),
        Script.of("jbang/arcfour.java"),
        Script.of("jbang/cluster_sha.java", "--help"),
        Script.of("exercises/grade.java", "list"));

double once(Script script, Map<String, String> env) throws Exception {
    var command = new ArrayList<>(List.of(Bench.jbang(), "--quiet", Path.of(script.path()).toAbsolutePath().toString()));
    command.addAll(script.args());
    var run = Bench.run(command, Path.of("").toAbsolutePath(), env, 120);
    if (run.status() != 0) throw new IllegalStateException(script.path() + " failed (status " + run.status() + "):\n" + run.output());
    return run.seconds();
}

void main(String... args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    var cached = Map.<String, String>of();
    var uncached = Map.of("KIT_JBANG_CACHE", "0");
    IO.println("start-up: whole process of each script's cheapest run, median (min-max) of %d; load average %.2f on %d cores"
            .formatted(runs, Bench.loadAverage(), Runtime.getRuntime().availableProcessors()));
    IO.println("%-32s %-8s %-24s %-24s %s".formatted("script", "args", "kit launcher, cached", "JBang each time", "ratio"));
    var allCached = new ArrayList<Double>();
    var allUncached = new ArrayList<Double>();
    for (var script : SCRIPTS) {
        once(script, cached);   // JBang builds the jar if need be; the launcher stores the command, the JVM its archive
        var a = new ArrayList<Double>();
        var b = new ArrayList<Double>();
        for (int i = 0; i < runs; i++) {
            a.add(once(script, cached));
            b.add(once(script, uncached));
        }
        var sa = Bench.Spread.of(a);
        var sb = Bench.Spread.of(b);
        allCached.add(sa.median());
        allUncached.add(sb.median());
        IO.println(String.format(Locale.ROOT, "%-32s %-8s %.2fs (%.2f-%.2fs)      %.2fs (%.2f-%.2fs)      %.2fx",
                script.path(), String.join(" ", script.args()), sa.median(), sa.min(), sa.max(),
                sb.median(), sb.min(), sb.max(), sa.median() / sb.median()));
    }
    var sa = Bench.Spread.of(allCached);
    var sb = Bench.Spread.of(allUncached);
    IO.println(String.format(Locale.ROOT, "median over the scripts: %.2fs cached, %.2fs through JBang; load average %.2f",
            sa.median(), sb.median(), Bench.loadAverage()));
}
