package futureskit.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The main class of one cluster member: a Hazelcast member on 127.0.0.1 that runs the tasks sent to it.
 * {@link Cluster} starts one JVM per member with it; {@code jbang/cluster_member.java} runs it in a terminal.
 *
 * <pre>
 * java -cp ... futureskit.cluster.ClusterMember --name member-2 --cluster futureskit --port 5702 --members 5701,5702,5703 [--master 5701] [--watch-parent]
 * </pre>
 *
 * With {@code --master PORT} it joins the member on that port and no other, waiting for it to come up: how
 * {@link Cluster#start} boots its members all at once without an election among them.
 *
 * It prints one line when it is ready ({@value #READY} ...) and one line whenever a member joins or leaves.
 * With {@code --watch-parent} it ends the moment the process that started it ends (a notebook kernel that
 * died or restarted, a test JVM that was killed): a member never outlives the program that owns it.
 */
public final class ClusterMember {

    /** The start of the line a member prints once it has joined the cluster and accepts tasks. */
    public static final String READY = "ready:";

    private static volatile String name = "not a cluster member";

    private ClusterMember() {
    }

    /** The name of the member this JVM is (e.g. "member-2"): tasks call it to say where they ran. */
    public static String name() {
        return name;
    }

    /** Options of one member, from its command line. */
    record Options(String name, String cluster, int port, List<Integer> ports, int master, boolean watchParent) {

        static Options parse(String... args) {
            String name = null, cluster = Cluster.SCRIPT_CLUSTER;
            int port = -1;
            List<Integer> ports = new ArrayList<>();
            int master = -1;
            boolean watchParent = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--name" -> name = value(args, ++i, arg);
                    case "--cluster" -> cluster = value(args, ++i, arg);
                    case "--port" -> port = port(value(args, ++i, arg));
                    case "--members" -> {
                        for (String p : value(args, ++i, arg).split(",")) {
                            ports.add(port(p.strip()));
                        }
                    }
                    case "--master" -> master = port(value(args, ++i, arg));
                    case "--watch-parent" -> watchParent = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (port < 0) {
                throw new IllegalArgumentException("--port is required");
            }
            if (ports.isEmpty()) {
                ports.add(port);
            }
            if (!ports.contains(port)) {
                throw new IllegalArgumentException("--members " + ports + " must include this member's --port " + port);
            }
            return new Options(name == null ? "member-" + port : name, cluster, port, List.copyOf(ports), master, watchParent);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            return args[i];
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a port is a number from 1 to 65535, not " + text);
            }
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        start(options);
    }

    /** Starts the member in this JVM and returns it (Hazelcast's threads keep the JVM running). */
    static HazelcastInstance start(Options options) {
        if (options.watchParent()) {
            // halt, not exit: the parent is gone, nobody waits for a graceful leave, and it cannot hang.
            ProcessHandle.current().parent().ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                    () -> Runtime.getRuntime().halt(3));
        }
        name = options.name();
        Cluster.quietLogging(java.util.logging.Level.WARNING);
        var config = Cluster.memberConfig(options.cluster(), options.name(), options.port(), options.ports());
        if (options.master() > 0) {
            // Hazelcast's "required member": join that one, retrying until it answers; never elect another.
            config.getNetworkConfig().getJoin().getTcpIpConfig().setRequiredMember(Cluster.LOOPBACK + ":" + options.master());
        }
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                say(Cluster.name(event.getMember()) + " joined; " + members(event));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                say(Cluster.name(event.getMember()) + " left; " + members(event));
            }
        });
        say(READY + " pid " + ProcessHandle.current().pid() + ", listening on " + Cluster.LOOPBACK + ":" + options.port()
                + ", cluster '" + options.cluster() + "' of " + instance.getCluster().getMembers().size() + " now "
                + "(" + instance.getCluster().getMembers().stream().map(Cluster::name).collect(Collectors.joining(", ")) + ")");
        return instance;
    }

    private static String members(MembershipEvent event) {
        var members = event.getMembers();
        return "cluster now " + members.size() + ": " + members.stream().map(Cluster::name).collect(Collectors.joining(", "));
    }

    private static void say(String line) {
        System.out.println("[" + name + "] " + line);
        System.out.flush();
    }
}
