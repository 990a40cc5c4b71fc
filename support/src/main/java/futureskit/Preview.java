package futureskit;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;

/**
 * Says, before a cell uses {@code StructuredTaskScope}, whether this JVM can run it: the API is a preview of
 * Java 25 (JEP 505) that changed again in 26 and 27, so lesson 8's structured-concurrency cells need a JDK 25
 * whose preview APIs are enabled, at compile time ({@code --enable-preview --release 25}) and at run time
 * ({@code --enable-preview}). The kit's kernel has both; elsewhere {@link #require} says what is missing in one
 * sentence, instead of a compiler error about an unknown symbol.
 *
 * <p>A cell starts with {@code Preview.require("StructuredTaskScope");}: IJava and JJava run a cell statement by
 * statement, so when the check throws, the code after it is never compiled.
 */
public final class Preview {

    /** The release whose preview API the lesson is written for. */
    public static final int RELEASE = 25;

    private Preview() {
    }

    /** True when this JVM runs Java {@value #RELEASE} with preview features enabled. */
    public static boolean available() {
        return Runtime.version().feature() == RELEASE && enabled();
    }

    /** Nothing when {@link #available()}; otherwise an IllegalStateException that says what {@code what} needs. */
    public static void require(String what) {
        if (available()) {
            return;
        }
        int feature = Runtime.version().feature();
        String seen = feature != RELEASE ? "this kernel runs Java " + feature
                : "this kernel runs Java " + RELEASE + " without preview APIs";
        throw new IllegalStateException(what + " is a preview API of Java " + RELEASE + " (JEP 505), changed in 26 and 27: "
                + "it needs a JDK " + RELEASE + " with --enable-preview, and " + seen + ". The kit's kernel has it (./kit setup,"
                + " then restart the kernel); JJava elsewhere: JJAVA_JVM_OPTS=--enable-preview and JJAVA_COMPILER_OPTS="
                + "\"--enable-preview --release " + RELEASE + "\" in kernel.json's env; IJava: IJAVA_COMPILER_OPTS=\"--enable-preview"
                + " --release " + RELEASE + "\" and --enable-preview in kernel.json's java command. The saved outputs show what"
                + " the cells print.");
    }

    /**
     * Whether this JVM was started with {@code --enable-preview}: it loads a class file marked as using preview
     * features (minor version 0xFFFF) only then. The JDK has no public API that says so.
     */
    static boolean enabled() {
        byte[] probe = ClassFile.of().build(ClassDesc.of("futureskit.PreviewProbe"),
                c -> c.withVersion(ClassFile.latestMajorVersion(), ClassFile.PREVIEW_MINOR_VERSION));
        try {
            new ClassLoader(Preview.class.getClassLoader()) {
                Class<?> define() {
                    return defineClass("futureskit.PreviewProbe", probe, 0, probe.length);
                }
            }.define();
            return true;
        } catch (UnsupportedClassVersionError e) {
            return false;
        }
    }
}
