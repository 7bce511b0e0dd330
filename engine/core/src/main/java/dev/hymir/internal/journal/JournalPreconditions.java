package dev.hymir.internal.journal;

import dev.hymir.HymirException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks made before any Chronicle class is touched: analytics off, the JVM flags Chronicle needs,
 * and a journal directory that is ours. This class must not reference Chronicle types.
 */
public final class JournalPreconditions {
    /** The name of the lock file an engine holds in its journal directory while it runs. */
    public static final String LOCK_FILE = "hymir.lock";

    /**
     * Found by removing each flag of the former list of ten in turn, then the other seven together, on
     * JDK 25 (README "JVM flags" has the table). Chronicle reaches the JDK internals it uses through
     * {@code AccessibleObject.setAccessible0}, which it can call only with {@code java.lang.reflect}
     * open (without it, mapping a file fails); its code links against {@code sun.nio.ch.FileChannelImpl},
     * which needs that package exported (without it the queue falls back to read-only and every append
     * fails); without {@code jdk.internal.ref} exported it logs a WARNING at start-up (its JDK 8 cleaner
     * cannot load; the JDK 9+ one it uses anyway needs no flag).
     */
    private static final List<String> MODULE_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

    /**
     * JDK 24+ warns when native code is loaded (Chronicle's JNR/JFFI: JEP 472) and when
     * {@code sun.misc.Unsafe}'s memory methods are called (JEP 471) unless these are given; JDK 21-23
     * do not warn, and JDK 21-22 would refuse to start with the second.
     */
    private static final List<String> JDK24_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private JournalPreconditions() {
    }

    /**
     * Turns Chronicle's analytics call-home off unless the user decided otherwise. Must run before
     * the first Chronicle class initialises.
     */
    public static void disableAnalytics() {
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    /** The flags a JVM of feature release {@code jdkFeature} (21, 25, ...) needs to open a journal. */
    public static List<String> requiredFlags(int jdkFeature) {
        if (jdkFeature < 24) {
            return MODULE_FLAGS;
        }
        List<String> flags = new ArrayList<>(MODULE_FLAGS);
        flags.addAll(JDK24_FLAGS);
        return List.copyOf(flags);
    }

    /** {@link #requiredFlags(int)} for the running JVM. */
    public static List<String> requiredFlags() {
        return requiredFlags(Runtime.version().feature());
    }

    /**
     * Throws naming every flag to add when the module opens/exports Chronicle needs are missing (the
     * JDK 24+ flags only silence the JVM's warnings, so their absence is not an error).
     */
    public static void checkJvmFlags() {
        Module me = JournalPreconditions.class.getModule();
        List<String> missing = new ArrayList<>();
        check(missing, "java.base", "java.lang.reflect", true, me);
        check(missing, "java.base", "sun.nio.ch", false, me);
        check(missing, "java.base", "jdk.internal.ref", false, me);
        if (!missing.isEmpty()) {
            throw new HymirException("the journal (Chronicle Queue) needs JVM flags this JVM was started without: "
                    + String.join(" ", missing) + ". Start the JVM with all of: " + String.join(" ", requiredFlags())
                    + " (HymirEngine.requiredJvmFlags() lists them; README \"JVM flags\" has Maven, Gradle and java"
                    + " examples)");
        }
    }

    private static void check(List<String> missing, String module, String pkg, boolean open, Module target) {
        Module m = ModuleLayer.boot().findModule(module).orElse(null);
        if (m == null) {
            return; // not in this runtime image: nothing to open
        }
        boolean ok = open ? m.isOpen(pkg, target) : m.isExported(pkg, target);
        if (!ok) {
            missing.add((open ? "--add-opens=" : "--add-exports=") + module + "/" + pkg + "=ALL-UNNAMED");
        }
    }

    /**
     * Makes {@code dir} a usable journal directory: creates it if missing; refuses a file, an
     * unwritable directory, or one holding anything but Chronicle queue files and our lock file.
     * Changes nothing that exists.
     */
    public static void checkDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new HymirException("journal directory " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new HymirException("cannot create journal directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir) || !Files.isReadable(dir)) {
            throw new HymirException("journal directory " + dir + " is not readable and writable by this process");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> foreign = files.map(p -> p.getFileName().toString())
                    .filter(name -> !isQueueFile(name))
                    .sorted()
                    .toList();
            if (!foreign.isEmpty()) {
                throw new HymirException("journal directory " + dir + " holds files that are not a Hymir journal's: "
                        + foreign + "; point the journal at an empty or a Hymir journal directory");
            }
        } catch (IOException e) {
            throw new HymirException("cannot list journal directory " + dir + ": " + e, e);
        }
        checkHeaders(dir);
    }

    /**
     * Refuses queue files that do not start with Chronicle's header: Chronicle would otherwise grow
     * (and so modify) such a file before noticing it is not a queue.
     */
    private static void checkHeaders(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String expected = name.endsWith(".cq4") ? "SCQStore" : name.endsWith(".cq4t") ? "STStore" : null;
                if (expected == null || Files.size(file) == 0) {
                    continue; // the lock file; or a file created just before a crash, with nothing to lose
                }
                byte[] head = new byte[64];
                int n;
                try (var in = Files.newInputStream(file)) {
                    n = in.readNBytes(head, 0, head.length);
                }
                String text = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                if ((n < 4 || (head[3] & 0x40) == 0) || !text.contains(expected)) {
                    throw new HymirException("journal file " + file + " is not a Chronicle Queue file (no " + expected
                            + " header): the journal is corrupt or the file is foreign; it was left untouched");
                }
            }
        } catch (IOException e) {
            throw new HymirException("cannot read journal directory " + dir + ": " + e, e);
        }
    }

    static boolean isQueueFile(String name) {
        return name.endsWith(".cq4") || name.endsWith(".cq4t") || name.endsWith(".cq4.discard") || name.equals(LOCK_FILE);
    }

    /** The held lock on {@code dir}'s lock file; release it by closing the channel. */
    public static FileChannel lock(Path dir) {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new HymirException("cannot open the journal lock file " + file + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new HymirException("journal directory " + dir + " is in use by another engine in this process"
                    + " (close it first; one engine per journal directory)");
        } catch (IOException e) {
            close(channel);
            throw new HymirException("cannot lock the journal lock file " + file + ": " + e, e);
        }
        if (lock == null) {
            close(channel);
            throw new HymirException("journal directory " + dir + " is in use by an engine in another process"
                    + " (it holds " + file + "; one engine per journal directory)");
        }
        return channel;
    }

    static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a lock channel releases the lock; nothing else to do
        }
    }
}
