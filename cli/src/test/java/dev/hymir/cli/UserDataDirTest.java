package dev.hymir.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@code hymir demo} keeps its journal without --data-dir, and that it says so. */
class UserDataDirTest {
    @TempDir
    Path tmp;

    @Test
    void followsTheXdgBaseDirectoryRules() {
        assertThat(UserDataDir.of(Map.of("XDG_DATA_HOME", "/srv/data", "HOME", "/home/ann")))
                .isEqualTo(Path.of("/srv/data/hymir"));
        // A relative XDG_DATA_HOME is to be ignored (the XDG rules), as is a blank one.
        assertThat(UserDataDir.of(Map.of("XDG_DATA_HOME", "rel/data", "HOME", "/home/ann")))
                .isEqualTo(Path.of("/home/ann/.local/share/hymir"));
        assertThat(UserDataDir.of(Map.of("XDG_DATA_HOME", " ", "HOME", "/home/ann")))
                .isEqualTo(Path.of("/home/ann/.local/share/hymir"));
        assertThat(UserDataDir.of(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".local", "share", "hymir"));
        assertThat(UserDataDir.defaultJournal(Map.of("XDG_DATA_HOME", "/srv/data"))).isEqualTo(Path.of("/srv/data/hymir/journal"));
    }

    @Test
    void demoWithoutDataDirJournalsInTheUserDataDirAndTheJournalCommandsFindIt() {
        Map<String, String> env = Map.of("XDG_DATA_HOME", tmp.toString());
        Path journal = tmp.resolve("hymir").resolve("journal");

        Cli demo = Cli.runWith(env, "demo", "--jobs", "20", "--shape", "chain");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.errLines()).containsExactly(
                "hymir: journal in " + journal + " (--data-dir DIR for another place, --no-journal for none)");
        assertThat(demo.out()).contains("journal:    " + journal + ", ");
        assertThat(journal).isDirectory();

        Cli stats = Cli.runWith(env, "journal", "stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("journal:    " + journal, "workflows:  1 submitted, 1 ended");
        Cli dump = Cli.runWith(env, "journal", "dump", "--limit", "1");
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("  submitted  -  {");
        Cli recover = Cli.runWith(env, "journal", "recover");
        assertThat(recover.exitCode()).as(recover.err()).isZero();
    }

    @Test
    void journalCommandsWithoutDirNameTheMissingDefault() {
        Map<String, String> env = Map.of("XDG_DATA_HOME", tmp.toString());

        Cli stats = Cli.runWith(env, "journal", "stats");

        assertThat(stats.exitCode()).isEqualTo(1);
        assertThat(stats.errLines()).hasSize(1);
        assertThat(stats.err()).startsWith("hymir: ").contains(tmp.resolve("hymir").resolve("journal").toString());
    }

    @Test
    void helpNamesTheDefault() {
        // picocli wraps long lines, also inside a path
        assertThat(Cli.run("demo", "--help").out().replaceAll("\\s+", "")).contains("~/.local/share/hymir");
        assertThat(Cli.run("journal", "stats", "--help").out().replaceAll("\\s+", ""))
                .contains("[DIR]", "journal/in$XDG_DATA_HOME/hymir,or~/.local/share/hymir");
    }
}
