import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every benchmark needs besides its workload; shared through //SOURCES common/Bench.java. */
class Bench {
    /** JBANG from the environment (./kit bench sets it), else the copy ./kit setup installed, else jbang on PATH. */
    static String jbang() {
        String env = System.getenv("JBANG");
        if (env != null && !env.isBlank()) return env;
        var local = Path.of(".tools/jbang/bin/jbang").toAbsolutePath();
        return Files.isExecutable(local) ? local.toString() : "jbang";
    }

    /** Other processes competing for the cores flatten any speedup, so every benchmark prints this. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private Bench() {}
}
