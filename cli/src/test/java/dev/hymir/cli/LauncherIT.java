package dev.hymir.cli;

import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ./hymir launcher as a user runs it: on a copy of the sources without any build output, so it
 * must find a JDK, build the jar itself and run it. Runs in failsafe (after 'package').
 */
class LauncherIT {
    private static final Set<String> SKIPPED = Set.of("target", ".git", "data", ".jqwik-database", ".idea");

    @Test
    @Timeout(600) // a safety net: the first run builds the engine and the CLI
    void freshCheckoutBuildsAndRunsTheDemo(@TempDir Path copy) throws Exception {
        Path root = Path.of(System.getProperty("hymir.root", "..")).toAbsolutePath().normalize();
        copySources(root, copy);
        Path work = Files.createDirectory(copy.resolve("elsewhere"));
        Path journal = copy.resolve("xdg-data").resolve("hymir").resolve("journal");

        Result first = run(work, "bash", copy.resolve("hymir").toString(), "demo", "--jobs", "1000");

        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(first.output).contains("hymir: building", "status:     SUCCESS", "jobs:       1002",
                "hymir: journal in " + journal);
        assertThat(copy.resolve("cli/target").resolve(ReleaseJar.path().getFileName())).isRegularFile();
        assertThat(journal).as("the per-user data directory ($XDG_DATA_HOME/hymir)").isDirectory();
        assertThat(work).as("nothing in the caller's directory").isEmptyDirectory();

        Result second = run(work, "bash", copy.resolve("hymir").toString(), "--version");
        assertThat(second.exitCode).as(second.output).isZero();
        assertThat(second.output).doesNotContain("hymir: building").startsWith("hymir 0.1.0");

        Result bad = run(work, "bash", copy.resolve("hymir").toString(), "demo", "--jobs", "-1");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.output.strip()).startsWith("hymir: ").doesNotContain("\n");

        // Jedis logs through SLF4J: the jar carries a binding, so no "no SLF4J providers" lines either.
        Result noRedis = run(work, "bash", copy.resolve("hymir").toString(), "status", "some-id",
                "--redis", "redis://127.0.0.1:" + LocalRedisServer.unusedLoopbackPort());
        assertThat(noRedis.exitCode).isEqualTo(1);
        assertThat(noRedis.output.strip()).startsWith("hymir: cannot connect to Redis at").doesNotContain("\n");
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir}, with {@code XDG_DATA_HOME} in the copy (not the tester's home). */
    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("XDG_DATA_HOME", dir.resolveSibling("xdg-data").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), output);
    }

    private static void copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && SKIPPED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
