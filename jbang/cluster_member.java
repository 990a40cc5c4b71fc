///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.hazelcast:hazelcast:5.7.0
//SOURCES ../cluster/src/main/java/futureskit/cluster/Cluster.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterMember.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterTasks.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//SOURCES ../support/src/main/java/futureskit/ProcessPool.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolTasks.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolWorker.java
//RUNTIME_OPTIONS --sun-misc-unsafe-memory-access=allow --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED

// Lesson 9: one member of a Hazelcast cluster, in this terminal. Start three, one per terminal:
//
//   jbang jbang/cluster_member.java 1      # member-1 on 127.0.0.1:5701
//   jbang jbang/cluster_member.java 2      # member-2 on 127.0.0.1:5702
//   jbang jbang/cluster_member.java 3      # member-3 on 127.0.0.1:5703
//
// then send them work: jbang jbang/cluster_sha.java --join, or jbang jbang/cluster_flags.java --join.
// Ctrl-C stops a member (the others print that it left); closing a terminal does too.
// Loopback only: members join over TCP on 127.0.0.1, multicast and Hazelcast's phone-home call are off.

import futureskit.cluster.Cluster;
import futureskit.cluster.ClusterMember;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

static final String USAGE = "usage: cluster_member.java NUMBER [--members COUNT]   (NUMBER 1 to COUNT, COUNT 1 to 9, default 3)";

void main(String... args) {
    int number = 0, count = 3;
    try {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    IO.println(USAGE);
                    return;
                }
                case "--members" -> count = Integer.parseInt(args[++i]);
                default -> number = Integer.parseInt(args[i]);
            }
        }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        number = 0;
    }
    if (count < 1 || count > 9 || number < 1 || number > count) {
        System.err.println("error: give the member's NUMBER, from 1 to " + Math.max(1, Math.min(count, 9)));
        System.err.println(USAGE);
        System.exit(2);
    }
    String ports = IntStream.rangeClosed(1, count).mapToObj(n -> Integer.toString(Cluster.BASE_PORT + n))
            .collect(Collectors.joining(","));
    ClusterMember.main(new String[] {"--name", "member-" + number, "--cluster", Cluster.SCRIPT_CLUSTER,
            "--port", Integer.toString(Cluster.BASE_PORT + number), "--members", ports});
}
