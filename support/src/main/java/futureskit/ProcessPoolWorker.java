package futureskit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * The main class of a {@link ProcessPool} worker JVM: reads tasks from stdin, runs them one at a time,
 * writes each answer to stdout. Each message is a length and the bytes of one serialized object.
 * The task's own {@code System.out} goes to stderr, so that nothing it prints can corrupt the answers.
 */
public final class ProcessPoolWorker {

    /** The first thing a worker writes: proof that stdout carries the protocol, not some JVM message. */
    static final int MAGIC = 0x50504F4C; // "PPOL"

    /** A worker's answer. {@code workerExits}: the worker ends after this answer (after an Error). */
    record Reply(boolean ok, Object value, Throwable error, boolean workerExits) implements Serializable {
    }

    /** A Serializable Runnable submitted to the pool, run as a Callable. */
    record RunnableTask<T>(Runnable task, T result) implements Callable<T>, Serializable {
        @Override
        public T call() {
            task.run();
            return result;
        }
    }

    /** An exception whose own class could not travel back: its type, message and stack trace as text. */
    public static final class RemoteException extends RuntimeException {
        RemoteException(Throwable original) {
            super(original.getClass().getName() + ": " + original.getMessage());
            setStackTrace(original.getStackTrace());
        }
    }

    private static volatile String current;

    private ProcessPoolWorker() {
    }

    public static void main(String[] args) throws IOException {
        var protocol = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        var in = new DataInputStream(new BufferedInputStream(System.in));
        // An orphan worker (its pool's JVM died, e.g. a restarted notebook kernel) must not linger.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String task = current;
            if (task != null) {
                System.err.println("ProcessPoolWorker: JVM shutting down while running " + task
                        + " (the task called System.exit, or the process got a signal)");
            }
        }));
        protocol.writeInt(MAGIC);
        protocol.flush();
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return; // the pool closed our stdin: time to go
            }
            byte[] request = in.readNBytes(length);
            Reply reply = runOne(request);
            byte[] answer;
            try {
                answer = serialize(reply);
            } catch (NotSerializableException e) {
                reply = new Reply(false, null, new NotSerializableException("the task's result cannot travel back to the pool: "
                        + e.getMessage() + " is not Serializable"), false);
                answer = serialize(reply);
            } catch (IOException e) {
                reply = new Reply(false, null, new RemoteException(reply.error() != null ? reply.error() : e), reply.workerExits());
                answer = serialize(reply);
            }
            protocol.writeInt(answer.length);
            protocol.write(answer);
            protocol.flush();
            if (reply.workerExits()) {
                System.exit(1);
            }
        }
    }

    private static Reply runOne(byte[] request) {
        Object task;
        try {
            task = ProcessPool.deserialize(request);
        } catch (ClassNotFoundException e) {
            return new Reply(false, null, new ClassNotFoundException("class " + e.getMessage()
                    + " does not exist in the worker JVM: a ProcessPool task must be a class on the classpath"
                    + " (e.g. of the support library), not a lambda or class defined in a JShell or notebook cell", e), false);
        } catch (IOException | RuntimeException e) {
            return new Reply(false, null, e, false);
        }
        try {
            current = task.getClass().getName();
            Object value = ((Callable<?>) task).call();
            return new Reply(true, value, null, false);
        } catch (Exception e) {
            return new Reply(false, null, e, false);
        } catch (Throwable e) {
            // After an Error (out of memory, stack overflow...) this JVM may be unhealthy: answer, then end.
            return new Reply(false, null, e, true);
        } finally {
            current = null;
        }
    }

    static byte[] serialize(Object object) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }
}
