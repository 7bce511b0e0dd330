package dev.hymir.internal.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders DOT text to an SVG or PNG file by running Graphviz's {@code dot} as a child process.
 * The DOT goes in and the messages come out through temporary files, so no pipe can fill up and
 * block the child; the picture is written beside the target and moved into place only when
 * {@code dot} succeeded, so a failed render never leaves a truncated file behind.
 */
public final class GraphvizRenderer {
    public static final String NOT_ON_PATH =
            "Graphviz 'dot' is not on PATH; install it (Debian/Ubuntu: apt-get install graphviz)";
    private static final List<String> FORMATS = List.of("svg", "png");

    private GraphvizRenderer() {
    }

    /** The output format for {@code file}'s extension; IllegalArgumentException naming the supported ones. */
    public static String formatOf(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        String ext = dot < 0 ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(ext)) {
            throw new IllegalArgumentException("cannot render a workflow diagram to '" + file + "': the extension"
                    + " must be .svg or .png (for text, use WorkflowDiagram.dot(...) or .mermaid(...))");
        }
        return ext;
    }

    /**
     * Runs {@code executable -T<format>} on {@code dot} and writes the result to {@code file}.
     *
     * @throws IllegalStateException when the executable cannot be started (not installed), exits with
     *                               an error, or does not finish within {@code timeout}
     */
    public static void render(String dotText, Path file, String executable, Duration timeout) {
        String format = formatOf(file);
        Path target = file.toAbsolutePath();
        Path work = null;
        Process process = null;
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            work = Files.createTempDirectory(dir, ".hymir-render-");
            Path input = Files.writeString(work.resolve("workflow.dot"), dotText, StandardCharsets.UTF_8);
            Path log = work.resolve("dot.log");
            Path output = work.resolve("workflow." + format);
            ProcessBuilder builder = new ProcessBuilder(executable, "-T" + format, "-o", output.toString())
                    .redirectInput(input.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException(NOT_ON_PATH + " (could not run '" + executable + "': "
                        + e.getMessage() + ")", e);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Graphviz '" + executable + "' did not finish rendering " + file
                        + " within " + timeout.toSeconds() + " s; keep collapse on for large workflows");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Graphviz '" + executable + "' failed rendering " + file
                        + " (exit code " + process.exitValue() + "): " + Files.readString(log).strip());
            }
            Files.move(output, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the workflow diagram to " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Graphviz rendered " + file, e);
        } finally {
            if (process != null && process.isAlive()) { // timed out or interrupted
                process.destroyForcibly();
            }
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Leftover temporary files are harmless; the render's own outcome matters more.
        }
    }
}
