package dev.hymir.cli;

import dev.hymir.HymirEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal with exactly {@link HymirEngine#requiredJvmFlags()}, in the shaded jar whose SLF4J binding
 * shows Chronicle's warnings: a journaled demo and its recovery read succeed and nothing (Chronicle or
 * the JVM) warns. Both ways a user starts it: {@code java <flags> -cp hymir-cli-<version>.jar} and {@code java -jar}
 * (the manifest's Add-Opens / Add-Exports / Enable-Native-Access). In failsafe, after 'package'.
 */
class JvmFlagsIT {

    @Test
    void theRequiredFlagsAloneRunAJournaledDemoWithoutAWarning(@TempDir Path tmp) throws Exception {
        List<String> onClassPath = new ArrayList<>(HymirEngine.requiredJvmFlags());
        onClassPath.addAll(List.of("-cp", jar().toString(), "dev.hymir.cli.HymirCli"));
        List<String> viaManifest = new ArrayList<>();
        if (Runtime.version().feature() >= 24) {
            viaManifest.add("--sun-misc-unsafe-memory-access=allow"); // the one flag without a manifest attribute
        }
        viaManifest.addAll(List.of("-jar", jar().toString()));
        int run = 0;
        for (List<String> how : List.of(onClassPath, viaManifest)) {
            Path data = tmp.resolve("data-" + run++);
            String demo = hymir(how, "demo", "--shape", "chain", "--jobs", "2000", "--data-dir", data.toString());
            assertThat(demo).as(demo).contains("status:     SUCCESS", "2002 records for this workflow")
                    .doesNotContain("WARNING").doesNotContain("Exception");
            String stats = hymir(how, "journal", "stats", data.resolve("journal").toString());
            assertThat(stats).as(stats).contains("0 unfinished").doesNotContain("WARNING");
        }
    }

    private static Path jar() {
        return ReleaseJar.path();
    }

    /** Runs the jar with only {@code how} (no flags inherited from this JVM); both streams, after exit 0. */
    private static String hymir(List<String> how, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.addAll(how);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
