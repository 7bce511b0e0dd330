package dev.hymir.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where {@code hymir demo} and {@code hymir journal recover} run their jobs ({@code --dispatch}). */
enum Dispatch {
    /** On virtual threads in this process (the default). */
    local,
    /** On {@code hymir worker} processes, through the Redis given with {@code --redis}. */
    workers;

    /**
     * The coordinator name for a journal directory: the same for the demo that wrote the journal and the
     * recover that resumes it (so the resumed engine reads the results that arrived meanwhile), and
     * different for two journals on one Redis. Without a journal nothing resumes: one fixed name.
     */
    static String coordinatorName(Path journalDir) {
        if (journalDir == null) {
            return "cli-nojournal";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    journalDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "cli-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
