package futureskit.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A Hazelcast cluster on this machine for lesson 9: {@code n} members, each in its own JVM (a child process),
 * joined over TCP on 127.0.0.1 only, and a client connected to them for the notebook or script.
 *
 * <pre>{@code
 * var cluster = Cluster.shared(3);                 // idempotent: a cell can run twice
 * IExecutorService executor = cluster.executor();  // a java.util.concurrent.ExecutorService
 * Future<ClusterTasks.Ran<String>> f = executor.submit(new ClusterTasks.Sha256(0, 8));
 * cluster.kill(3);                                 // SIGKILL member-3, mid-task if you like
 * }</pre>
 *
 * <p>Nothing leaves the machine: multicast and cloud auto-detection are off, members bind 127.0.0.1 only,
 * and Hazelcast's phone-home call is off ({@link #memberConfig}). No member outlives its owner: each member
 * watches the process that started it and halts when it ends (a killed kernel), and a shutdown hook stops the
 * members when this JVM exits normally. Hazelcast's logging is turned down to warnings in the members
 * (their output goes to a log file each, see {@link #log}) and to errors here, so outputs stay readable.
 */
public final class Cluster implements AutoCloseable {

    public static final String LOOPBACK = "127.0.0.1";
    /** Name of the cluster that {@code jbang/cluster_member.java} members form (ports 5701, 5702, 5703...). */
    public static final String SCRIPT_CLUSTER = "futureskit";
    /** Member number {@code i} of the script cluster listens on {@code BASE_PORT + i}: Hazelcast's usual 5701 and up. */
    public static final int BASE_PORT = 5700;
    /** The member attribute that carries a member's name ("member-2"): how a client tells members apart. */
    public static final String NAME_ATTRIBUTE = "futureskit.name";
    /** The executor the lesson uses; any name works, each is a separate queue on every member. */
    public static final String EXECUTOR = "lesson";

    /** How long members may take to start and join: three JVMs booting on a busy 2-core machine. */
    static final long START_SECONDS = 90;

    /**
     * Options of each member JVM: a small heap and collector, one-line log records, and the access Hazelcast
     * asks for on Java 9+ (without it, and without the Unsafe option, it prints warnings at every start).
     */
    static final List<String> MEMBER_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dhazelcast.phone.home.enabled=false",
            "-Djava.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%n",
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** One member: its name, port and JVM. */
    public record MemberProcess(String name, int port, Process process, Path log) {
        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public String toString() {
            return name + " (pid " + pid() + ", port " + port + (isAlive() ? "" : ", dead") + ")";
        }
    }

    // JUL keeps loggers through weak references: hold the one whose level we set.
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static Cluster shared;

    private final String clusterName;
    private final List<String> memberOptions;
    private final List<MemberProcess> members;
    private final Path logs;
    private final Thread stopAtExit;
    private final HazelcastInstance client;
    private volatile boolean closed;

    private Cluster(String clusterName, List<String> memberOptions, List<MemberProcess> members, Path logs, Thread stopAtExit) {
        this.clusterName = clusterName;
        this.memberOptions = memberOptions;
        this.members = members;
        this.logs = logs;
        this.stopAtExit = stopAtExit;
        HazelcastInstance connected = null;
        try {
            quietLogging(Level.SEVERE);
            connected = HazelcastClient.newHazelcastClient(
                    clientConfig(clusterName, members.stream().map(MemberProcess::port).toList()));
            awaitMembers(connected, members.size(), START_SECONDS);
        } catch (RuntimeException | Error e) {
            if (connected != null) {
                connected.shutdown();
            }
            stopMembers();
            throw e;
        }
        this.client = connected;
    }

    // --- starting ------------------------------------------------------------------------------------------

    /**
     * The cluster of {@code size} members that an earlier call started, if it still runs whole; otherwise a new
     * one (the old one is closed first). What a notebook cell calls, so that running it twice is harmless and a
     * cluster that lost a member is replaced by a whole one.
     */
    public static synchronized Cluster shared(int size) {
        if (shared != null && !shared.closed && shared.size() == size
                && shared.members.stream().allMatch(MemberProcess::isAlive)) {
            return shared;
        }
        if (shared != null) {
            shared.close();
        }
        shared = start(size);
        return shared;
    }

    /** Starts {@code size} members on free loopback ports, waits until they form one cluster, connects a client. */
    public static Cluster start(int size) {
        return start(size, List.of());
    }

    /**
     * As {@link #start(int)}, with more options for each member JVM, e.g. {@code -XX:TieredStopAtLevel=1} for
     * members that live a few seconds (the grader's): they boot on about 40 % less CPU time, and run slower code.
     */
    public static Cluster start(int size, List<String> memberOptions) {
        memberOptions = List.copyOf(memberOptions);
        if (size < 1 || size > 16) {
            throw new IllegalArgumentException("a cluster on this machine has 1 to 16 members, not " + size);
        }
        String name = "futureskit-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
        List<Integer> ports = freePorts(size);
        Path logs;
        try {
            logs = Files.createTempDirectory("futureskit-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the members' logs: " + e.getMessage(), e);
        }
        var members = new CopyOnWriteArrayList<MemberProcess>();
        Thread stopAtExit = new Thread(() -> members.forEach(m -> m.process().destroyForcibly()), "cluster-stop-at-exit");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        try {
            // All at once, without an election: member-1 lists only itself, so it is the master as soon as it is
            // up, and the others join it and no other (--master), waiting for it. Members that list each other
            // while they all boot ask each other for a master for tcp-ip's connection timeout (5 s) first.
            members.add(launch(name, memberOptions, "member-1", ports.getFirst(), List.of(ports.getFirst()), -1, logs));
            for (int i = 1; i < size; i++) {
                members.add(launch(name, memberOptions, "member-" + (i + 1), ports.get(i), ports, ports.getFirst(), logs));
            }
            for (MemberProcess member : members) {
                awaitReady(member, 0);
            }
        } catch (IOException | RuntimeException e) {
            members.forEach(m -> m.process().destroyForcibly());
            removeHook(stopAtExit);
            deleteLogs(logs);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start a member JVM: " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        return new Cluster(name, memberOptions, members, logs, stopAtExit);
    }

    /** Starts one member JVM, joining only {@code master} if that is a port; its output goes to {@code <logs>/<name>.log}. */
    private static MemberProcess launch(String clusterName, List<String> options, String member, int port,
                                        List<Integer> ports, int master, Path logs) throws IOException {
        Path log = logs.resolve(member + ".log");
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MEMBER_JVM_OPTIONS);
        command.addAll(options);
        command.addAll(List.of("-cp", classpath(), ClusterMember.class.getName(), "--name", member,
                "--cluster", clusterName, "--port", Integer.toString(port),
                "--members", ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--watch-parent"));
        if (master > 0) {
            command.addAll(List.of("--master", Integer.toString(master)));
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HZ_PHONE_HOME_ENABLED", "false");
        return new MemberProcess(member, port, builder.start(), log);
    }

    /** Waits for the member's ready line, written after the first {@code from} characters of its log. */
    private static void awaitReady(MemberProcess member, int from) {
        await(() -> {
            if (!member.isAlive()) {
                throw new IllegalStateException(member.name() + " ended while starting (exit status "
                        + member.process().exitValue() + "); its output:\n" + tail(readLog(member.log())));
            }
            return readLog(member.log()).substring(from).contains("] " + ClusterMember.READY);
        }, START_SECONDS, () -> member.name() + " did not start within " + START_SECONDS + " s; its output:\n"
                + tail(readLog(member.log())));
    }

    private static void awaitMembers(HazelcastInstance client, int size, long seconds) {
        await(() -> client.getCluster().getMembers().size() == size, seconds, () -> "the client sees "
                + client.getCluster().getMembers().size() + " members, not " + size + ", after " + seconds + " s");
    }

    /** Polls {@code done} every 50 ms until it holds, or fails with {@code failure}'s message after {@code seconds}. */
    private static void await(BooleanSupplier done, long seconds, Supplier<String> failure) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure.get());
            }
            sleep(50);
        }
    }

    /**
     * A client of a cluster that someone else started, e.g. members of {@code jbang/cluster_member.java}
     * ({@link #SCRIPT_CLUSTER} on ports 5701 and up): fails within {@code seconds} if none answers.
     */
    public static HazelcastInstance connect(String clusterName, List<Integer> ports, long seconds) {
        quietLogging(Level.SEVERE);
        var config = clientConfig(clusterName, ports);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(TimeUnit.SECONDS.toMillis(seconds));
        try {
            return HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no member of cluster '" + clusterName + "' answers on " + LOOPBACK + " ports "
                    + ports + " (start them with: jbang jbang/cluster_member.java 1, then 2, then 3)", e);
        }
    }

    // --- configuration: loopback only, nothing phones home ------------------------------------------------

    /**
     * A member's configuration: TCP-IP join with an explicit member list on 127.0.0.1, multicast and cloud
     * auto-detection off, bound to 127.0.0.1 only, phone-home off, quick detection of a member that died.
     */
    public static Config memberConfig(String clusterName, String name, int port, List<Integer> ports) {
        var config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // A killed member is noticed in seconds, not the default minute: the lesson watches it happen.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        config.getMemberAttributeConfig().setAttribute(NAME_ATTRIBUTE, name);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(LOOPBACK));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true)
                .setMembers(ports.stream().map(p -> LOOPBACK + ":" + p).toList());
        return config;
    }

    /** A client's configuration: the members' loopback addresses only, no auto-detection. */
    public static ClientConfig clientConfig(String clusterName, List<Integer> ports) {
        var config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        var network = config.getNetworkConfig();
        network.getAutoDetectionConfig().setEnabled(false);
        network.setAddresses(ports.stream().map(p -> LOOPBACK + ":" + p).toList());
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(TimeUnit.SECONDS.toMillis(START_SECONDS));
        return config;
    }

    /** Hazelcast logs a lot at INFO: show only {@code level} and above, through java.util.logging. */
    static void quietLogging(Level level) {
        System.setProperty("hazelcast.logging.type", "jdk");
        HAZELCAST_LOGGER.setLevel(level);
    }

    // --- using it -------------------------------------------------------------------------------------------

    /** The client connected to the members: a {@link HazelcastInstance} that runs no tasks itself. */
    public HazelcastInstance client() {
        return client;
    }

    /** The cluster's distributed {@link java.util.concurrent.ExecutorService} named {@value #EXECUTOR}. */
    public IExecutorService executor() {
        return client.getExecutorService(EXECUTOR);
    }

    public String clusterName() {
        return clusterName;
    }

    public int size() {
        return members.size();
    }

    /** The member JVMs, member-1 first. */
    public List<MemberProcess> members() {
        return List.copyOf(members);
    }

    /** Member number {@code number} (from 1). */
    public MemberProcess member(int number) {
        if (number < 1 || number > members.size()) {
            throw new IllegalArgumentException("members are numbered 1 to " + members.size() + ", not " + number);
        }
        return members.get(number - 1);
    }

    /** The members the client sees now, as Hazelcast {@link Member}s (for {@code submitToMember}), by name. */
    public List<Member> liveMembers() {
        return client.getCluster().getMembers().stream().sorted(Comparator.comparing(Cluster::name)).toList();
    }

    /** A member's name ("member-2"), or its address for a member started without one. */
    public static String name(Member member) {
        String name = member.getAttribute(NAME_ATTRIBUTE);
        return name != null ? name : member.getAddress().toString();
    }

    /** Kills member {@code number} at once (SIGKILL: no goodbye to the others), as a crash or a pulled plug would. */
    public void kill(int number) {
        MemberProcess member = member(number);
        member.process().destroyForcibly();
        try {
            member.process().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts member {@code number} again after it died (same name, same port): it rejoins the cluster, as a
     * repaired machine would. Returns once the client sees the whole cluster again.
     */
    public synchronized MemberProcess restart(int number) {
        MemberProcess old = member(number);
        if (old.isAlive()) {
            throw new IllegalStateException(old.name() + " is running: kill it first");
        }
        // First the client must have seen the dead member leave: a member list that still holds it looks whole,
        // and a task sent to it fails (TargetNotMemberException).
        await(() -> liveMembers().stream().noneMatch(m -> name(m).equals(old.name())), START_SECONDS,
                () -> "the cluster still lists " + old.name() + " " + START_SECONDS + " s after it died");
        int from = readLog(old.log()).length();
        MemberProcess fresh;
        try {
            fresh = launch(clusterName, memberOptions, old.name(), old.port(), members.stream().map(MemberProcess::port).toList(), -1, logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a member JVM: " + e.getMessage(), e);
        }
        members.set(number - 1, fresh);
        awaitReady(fresh, from);
        awaitSize(members.size(), START_SECONDS);
        return fresh;
    }

    /** Waits until the client sees exactly {@code size} members (e.g. until the others noticed a death). */
    public void awaitSize(int size, long seconds) {
        awaitMembers(client, size, seconds);
    }

    /** What member {@code number} printed so far (its ready line, members joining and leaving, warnings). */
    public String log(int number) {
        return readLog(member(number).log());
    }

    /** Stops the client, then every member (gracefully, killed after 10 s), and deletes their logs. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            client.shutdown();
        } finally {
            stopMembers();
        }
    }

    private void stopMembers() {
        members.forEach(m -> m.process().destroy());
        for (MemberProcess member : members) {
            try {
                if (!member.process().waitFor(10, TimeUnit.SECONDS)) {
                    member.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                member.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        removeHook(stopAtExit);
        deleteLogs(logs);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Cluster '" + clusterName + "' on " + LOOPBACK + ": "
                + members.stream().map(MemberProcess::toString).collect(Collectors.joining(", "))
                + (closed ? " [closed]" : "");
    }

    // --- internals -----------------------------------------------------------------------------------------

    /**
     * What a member JVM needs on its classpath: this JVM's classpath plus the jars (or class folders) of this
     * module, Hazelcast and the support library. In a notebook the kernel's classpath lacks the jars %maven
     * loaded, so they are found from the classes themselves.
     */
    static String classpath() {
        var entries = new LinkedHashSet<String>();
        String own = System.getProperty("java.class.path", "");
        if (!own.isBlank()) {
            entries.addAll(Arrays.asList(own.split(File.pathSeparator)));
        }
        for (Class<?> type : List.of(Cluster.class, HazelcastInstance.class, futureskit.ProcessPoolTasks.class)) {
            try {
                var source = type.getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation() != null) {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                }
            } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
                // Not a file: the JVM's own classpath has to do.
            }
        }
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    static List<Integer> freePorts(int count) {
        var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK)));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + LOOPBACK + ": " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted
                }
            }
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        var lines = text.lines().toList();
        return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    private static void deleteLogs(Path logs) {
        try (var files = Files.list(logs)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(logs);
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
