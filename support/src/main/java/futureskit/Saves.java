package futureskit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/**
 * How the scripts save downloaded flags: atomically, so that neither a crash nor Ctrl-C ever leaves a
 * half-written or empty flag in the downloads folder.
 *
 * <p>Each flag is written to a {@code .part} file beside its target, then renamed over it in one step. A
 * shutdown hook (Ctrl-C runs it) deletes the {@code .part} files of saves still in progress and refuses new
 * ones. Not {@link java.io.File#deleteOnExit()}: its hook runs while the download threads still run, so a
 * save that starts after it leaves its {@code .part} file behind, and its list only grows (one entry per flag).
 *
 * <p>A failure to write is the learner's disk, not the server: it is a {@link CannotSave}, which the scripts
 * report in one line and exit non-zero, instead of counting it as a download error. JDK only, because JBang
 * scripts compile this file through {@code //SOURCES}.
 */
public final class Saves {

    /** A flag that could not be written: the message says where and why, in one line. */
    public static final class CannotSave extends UncheckedIOException {
        public CannotSave(Path dir, String reason, IOException cause) {
            super("cannot save flags in " + dir + "/: " + reason, cause != null ? cause : new IOException(reason));
        }
    }

    private static final Set<Path> IN_PROGRESS = new HashSet<>();
    private static boolean stopping;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Saves::deletePartFiles, "saves-cleanup"));
        } catch (IllegalStateException alreadyStopping) {
            stopping = true;
        }
    }

    private Saves() {
    }

    /** Creates {@code dir} if needed and checks that it is a folder we can write in. */
    public static Path folder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CannotSave(dir, dir + " is a file, not a folder: move it away or run from another folder", null);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CannotSave(dir, reason(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new CannotSave(dir, "permission denied", null);
        }
        return dir;
    }

    /** Writes {@code bytes} to {@code dir/filename} in one step: the file is complete or absent, never partial. */
    public static void atomically(Path dir, String filename, byte[] bytes) {
        Path part;
        synchronized (IN_PROGRESS) {
            if (stopping) {
                throw new CannotSave(dir, "the program is stopping, " + filename + " not saved", null);
            }
            try {
                part = Files.createTempFile(dir, filename + ".", ".part");
            } catch (IOException e) {
                throw new CannotSave(dir, reason(e), e);
            }
            IN_PROGRESS.add(part);
        }
        Path target = dir.resolve(filename);
        try {
            Files.write(part, bytes);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CannotSave(dir, Files.isDirectory(target) ? filename + " is a folder" : reason(e), e);
        } finally {
            synchronized (IN_PROGRESS) {
                IN_PROGRESS.remove(part);
            }
            deleteQuietly(part);
        }
    }

    private static void deletePartFiles() {
        synchronized (IN_PROGRESS) {
            stopping = true;
            IN_PROGRESS.forEach(Saves::deleteQuietly);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do: the file is a leftover at worst, never a partial flag
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
