package dev.hymir.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI keeps its data when not told: {@code $XDG_DATA_HOME/hymir}, else
 * {@code ~/.local/share/hymir} (the XDG base directory rules), so a demo run from any directory finds
 * the same journal, and none lands in the directory it happened to be started from.
 */
final class UserDataDir {
    private UserDataDir() {
    }

    /**
     * The per-user data directory for {@code env}. A blank or relative {@code XDG_DATA_HOME} is
     * ignored, as the XDG rules ask; the home directory is {@code HOME}, else the JVM's {@code user.home}.
     */
    static Path of(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "hymir");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "share", "hymir");
    }

    /** The journal of {@code hymir demo} when no {@code --data-dir} is given. */
    static Path defaultJournal(Map<String, String> env) {
        return of(env).resolve("journal");
    }

    /** How the help texts name the default. */
    static final String DESCRIPTION = "$XDG_DATA_HOME/hymir, or ~/.local/share/hymir";
}
