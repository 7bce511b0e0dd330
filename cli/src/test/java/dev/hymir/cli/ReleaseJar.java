package dev.hymir.cli;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The release jar, target/hymir-cli-&lt;version&gt;.jar, that 'package' built; the ITs run it as a user would. */
final class ReleaseJar {
    private ReleaseJar() {
    }

    /** Its path, which failsafe passes as {@code hymir.cli.jar}. */
    static Path path() {
        String path = System.getProperty("hymir.cli.jar");
        assertThat(path).as("system property hymir.cli.jar (set by the cli pom's failsafe configuration)").isNotNull();
        Path jar = Path.of(path);
        assertThat(jar).as("built by 'package'").isRegularFile();
        return jar;
    }
}
