package futureskit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link java.util.concurrent.ExecutorService} whose tasks run in separate worker JVMs: Java's
 * counterpart of Python's {@code ProcessPoolExecutor}.
 *
 * <p>Each of the {@code workers} slots owns one child JVM (the current JVM's {@code java}, the current
 * classpath plus this library) and runs one task at a time in it. A task travels to its worker with Java
 * serialization, so it must be {@link Serializable} and its class must exist in the worker: a record or
 * class of a library on the classpath (see {@link ProcessPoolTasks}), or a lambda written in such a class and
 * cast to {@link Task}. A lambda or class defined in a JShell/notebook cell does not exist in the worker;
 * its future fails with a {@code ClassNotFoundException} that says so.
 *
 * <p>What a separate JVM buys is isolation: a task that calls {@code System.exit}, runs out of memory or
 * crashes the JVM fails its own future (with {@link WorkerDiedException} or the worker's
 * {@code OutOfMemoryError}); the caller and the other tasks carry on, and a fresh worker replaces the dead
 * one. What it costs: a JVM start per worker (a few hundred milliseconds), serialization of every task and
 * result, and a cold JIT in each worker. For CPU-bound Java code, threads already use every core.
 *
 * <p>{@link #close()} (or {@link #shutdown()} then {@link #awaitTermination}) lets queued tasks finish, then
 * ends the worker JVMs; {@link #shutdownNow()} kills them.
 */
public final class ProcessPool extends AbstractExecutorService {

    /** A task for the pool: a {@link Callable} that can be sent to another JVM. */
    @FunctionalInterface
    public interface Task<T> extends Callable<T>, Serializable {
    }

    /** The worker JVM ended (System.exit, a crash, a kill) while it ran the task of the failed future. */
    public static final class WorkerDiedException extends RuntimeException {
        private final int exitStatus;

        WorkerDiedException(String message, int exitStatus) {
            super(message);
            this.exitStatus = exitStatus;
        }

        /** The worker JVM's exit status (-1 if unknown). */
        public int exitStatus() {
            return exitStatus;
        }
    }

    /** Options for every worker JVM before the caller's: a small collector suits short-lived workers. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");

    private final List<String> command;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean shutdown;

    /** A pool of {@code workers} worker JVMs with the default options. */
    public ProcessPool(int workers) {
        this(workers, List.of());
    }

    /** A pool of {@code workers} worker JVMs started with extra {@code jvmOptions}, e.g. {@code -Xmx64m}. */
    public ProcessPool(int workers, List<String> jvmOptions) {
        if (workers < 1) {
            throw new IllegalArgumentException("a process pool needs at least 1 worker, not " + workers);
        }
        var cmd = new ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DEFAULT_JVM_OPTIONS);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath(), ProcessPoolWorker.class.getName()));
        this.command = List.copyOf(cmd);
        for (int i = 0; i < workers; i++) {
            var slot = new Slot(i + 1);
            slots.add(slot);
            slot.thread.start();
        }
    }

    /** How many worker JVMs run tasks at once. */
    public int workers() {
        return slots.size();
    }

    /** The process ids of the worker JVMs alive now (a worker that died is replaced at its next task). */
    public List<Long> pids() {
        return slots.stream().map(s -> s.process).filter(p -> p != null && p.isAlive()).map(Process::pid).toList();
    }

    /**
     * The JVM's classpath plus where this library's classes come from. In a notebook the kernel's classpath
     * does not include the jars that %maven loaded, so the library's own jar (or classes folder) is added.
     */
    static String classpath() {
        var entries = new LinkedHashSet<String>();
        String own = System.getProperty("java.class.path", "");
        if (!own.isBlank()) {
            entries.addAll(Arrays.asList(own.split(File.pathSeparator)));
        }
        try {
            var source = ProcessPool.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // Not a file location: the JVM's own classpath is all we have.
        }
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    // --- ExecutorService ---------------------------------------------------------------------------------

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        Objects.requireNonNull(callable, "task");
        if (!(callable instanceof Serializable)) {
            throw new IllegalArgumentException("a ProcessPool task must be Serializable to travel to a worker JVM: "
                    + "use a record or class implementing Callable<T> and Serializable, or cast a lambda to "
                    + "ProcessPool.Task<T> (not " + callable.getClass().getName() + ")");
        }
        return new Job<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        Objects.requireNonNull(runnable, "task");
        if (!(runnable instanceof Serializable)) {
            throw new IllegalArgumentException("a ProcessPool task must be Serializable to travel to a worker JVM ("
                    + runnable.getClass().getName() + " is not)");
        }
        return new Job<>(new ProcessPoolWorker.RunnableTask<>(runnable, value));
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        Job<?> job = command instanceof Job<?> j ? j : (Job<?>) newTaskFor(command, null);
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("the process pool is shut down");
            }
            queue.add(job);
        }
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
            // One stop marker per slot, behind the queued tasks: those still run.
            for (int i = 0; i < slots.size(); i++) {
                queue.add(Job.STOP);
            }
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        var notRun = new ArrayList<Job<?>>();
        synchronized (lock) {
            queue.drainTo(notRun);
            notRun.removeIf(j -> j == Job.STOP);
            for (int i = 0; i < slots.size(); i++) {
                queue.add(Job.STOP);
            }
        }
        for (Slot slot : slots) {
            slot.kill();
        }
        return Collections.unmodifiableList(new ArrayList<Runnable>(notRun));
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && slots.stream().noneMatch(s -> s.thread.isAlive());
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Slot slot : slots) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !slot.thread.join(java.time.Duration.ofNanos(left))) {
                return isTerminated();
            }
        }
        return isTerminated();
    }

    @Override
    public String toString() {
        return "ProcessPool[" + slots.size() + " workers, " + (shutdown ? "shut down" : "running")
                + ", " + queue.size() + " queued, pids " + pids() + "]";
    }

    // --- internals ---------------------------------------------------------------------------------------

    /** A future whose task runs elsewhere: the slot completes it with the worker's answer. */
    static final class Job<T> extends FutureTask<T> {
        static final Job<Object> STOP = new Job<>(() -> null);

        final Callable<T> task;
        volatile Slot runningOn;

        Job(Callable<T> task) {
            super(() -> {
                throw new IllegalStateException("a ProcessPool task runs in a worker JVM, not here");
            });
            this.task = task;
        }

        void complete(Object value) {
            @SuppressWarnings("unchecked") T t = (T) value;
            set(t);
        }

        void fail(Throwable error) {
            setException(error);
        }

        /** Cancelling a running task kills its worker JVM: the only way to stop code in another process. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(false);
            Slot slot = runningOn;
            if (cancelled && mayInterruptIfRunning && slot != null) {
                slot.killWorker();
            }
            return cancelled;
        }

        @Override
        public String toString() {
            return task.getClass().getName();
        }
    }

    /** One worker JVM and the platform thread that feeds it tasks one at a time. */
    private final class Slot {
        final int number;
        final Thread thread;
        volatile Process process;
        DataOutputStream toWorker;
        DataInputStream fromWorker;
        Thread stderrPump;
        boolean greeted;
        final ArrayDeque<String> stderrTail = new ArrayDeque<>();

        Slot(int number) {
            this.number = number;
            this.thread = Thread.ofPlatform().daemon().name("process-pool-slot-" + number).unstarted(this::loop);
        }

        void loop() {
            try {
                try {
                    start(); // boot the JVM while the first task is still being submitted
                } catch (IOException e) {
                    process = null; // each task will try again, and fail with the reason
                }
                while (true) {
                    Job<?> job = queue.take();
                    if (job == Job.STOP) {
                        break;
                    }
                    if (job.isDone()) {
                        continue; // cancelled while queued
                    }
                    run(job);
                }
            } catch (InterruptedException e) {
                // shutdownNow
            } finally {
                stop();
            }
        }

        void start() throws IOException {
            var builder = new ProcessBuilder(command);
            Process p = builder.start();
            process = p;
            greeted = false;
            synchronized (stderrTail) {
                stderrTail.clear();
            }
            stderrPump = Thread.ofPlatform().daemon().name("process-pool-stderr-" + number + "-" + p.pid())
                    .start(() -> pumpStderr(p));
            toWorker = new DataOutputStream(new BufferedOutputStream(p.getOutputStream()));
            fromWorker = new DataInputStream(new BufferedInputStream(p.getInputStream()));
        }

        /** The worker's stderr (where its System.out goes too) reaches ours, and its last lines explain deaths. */
        private void pumpStderr(Process p) {
            try (var reader = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (stderrTail) {
                        if (stderrTail.size() == 20) {
                            stderrTail.removeFirst();
                        }
                        stderrTail.addLast(line);
                    }
                    if (!line.startsWith(ProcessPoolWorker.class.getSimpleName() + ":")) { // those go into the exception
                        System.err.println("[worker " + p.pid() + "] " + line);
                    }
                }
            } catch (IOException e) {
                // The worker is gone.
            }
        }

        void run(Job<?> job) {
            byte[] request;
            try {
                request = ProcessPoolWorker.serialize(job.task);
            } catch (IOException e) {
                job.fail(new IllegalArgumentException("cannot serialize the task " + job + " for a worker JVM: " + e, e));
                return;
            }
            if (process == null) {
                try {
                    start();
                } catch (IOException e) {
                    job.fail(new IOException("cannot start a worker JVM with " + command + ": " + e.getMessage(), e));
                    return;
                }
            }
            Process p = process;
            job.runningOn = this;
            try {
                if (!p.isAlive()) {
                    throw new EOFException("worker is not running");
                }
                if (!greeted) { // the worker says hello once it has booted
                    if (fromWorker.readInt() != ProcessPoolWorker.MAGIC) {
                        throw new IOException("the worker JVM did not answer with the pool's protocol");
                    }
                    greeted = true;
                }
                toWorker.writeInt(request.length);
                toWorker.write(request);
                toWorker.flush();
                int length = fromWorker.readInt();
                byte[] answer = fromWorker.readNBytes(length);
                if (answer.length != length) {
                    throw new EOFException("the worker's answer was cut short");
                }
                ProcessPoolWorker.Reply reply;
                try {
                    reply = (ProcessPoolWorker.Reply) deserialize(answer);
                } catch (ClassNotFoundException e) {
                    job.fail(new IllegalStateException("the result of " + job + " has a class this JVM cannot load: " + e.getMessage(), e));
                    return;
                }
                if (reply.ok()) {
                    job.complete(reply.value());
                } else {
                    job.fail(reply.error());
                }
                if (reply.workerExits()) {
                    retire(p);
                }
            } catch (IOException e) {
                int status = retire(p);
                job.fail(new WorkerDiedException("the worker JVM (pid " + p.pid() + ") died with exit status " + status
                        + " while running " + job + describeTail(), status));
            } finally {
                job.runningOn = null;
            }
        }

        /** Waits for a worker that is exiting, forgets it (the next task starts a fresh one), returns its status. */
        private int retire(Process p) {
            int status = awaitExit(p, 10);
            Thread pump = stderrPump;
            if (pump != null) {
                try {
                    pump.join(2000); // its last lines tell why the worker died
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            process = null;
            return status;
        }

        private String describeTail() {
            synchronized (stderrTail) {
                if (stderrTail.isEmpty()) {
                    return "";
                }
                return "; its last lines on stderr:\n  " + String.join("\n  ", stderrTail);
            }
        }

        void killWorker() {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }

        void kill() {
            killWorker();
            thread.interrupt();
        }

        /** Ends the worker: closing its stdin is its signal to exit; a worker that ignores it is killed. */
        void stop() {
            Process p = process;
            if (p == null) {
                return;
            }
            try {
                toWorker.close();
            } catch (IOException e) {
                // already gone
            }
            awaitExit(p, 5);
            process = null;
        }
    }

    /**
     * Waits up to {@code graceSeconds} for a worker JVM to exit, then kills it, and in any case returns only
     * once it is gone: a pool that says it has terminated leaves no process behind, even when interrupted
     * (shutdownNow interrupts the slots; the interrupt is kept for the caller).
     */
    static int awaitExit(Process p, long graceSeconds) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (true) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0 && !interrupted) {
                    if (p.waitFor(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                } else {
                    p.destroyForcibly();
                    p.waitFor();
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return p.exitValue();
    }

    static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
