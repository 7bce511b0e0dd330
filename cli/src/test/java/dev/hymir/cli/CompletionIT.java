package dev.hymir.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bash completion script 'package' writes (target/hymir_completion), sourced in a real bash:
 * commands, subcommands and options complete. In failsafe, after 'package'.
 */
class CompletionIT {
    @Test
    void bashCompletesCommandsAndOptions() throws Exception {
        assertThat(complete("hymir", "jo")).containsExactly("journal");
        assertThat(complete("hymir", "journal", "st")).containsExactly("stats");
        assertThat(complete("hymir", "demo", "--sh")).containsExactly("--shape");
        assertThat(complete("hymir", "demo", "--data")).containsExactly("--data-dir");
        assertThat(complete("hymir", "")).contains("demo", "status", "dashboard", "journal", "render");
    }

    @Test
    void theCliPrintsTheSameScript() throws Exception {
        Cli cli = Cli.run("generate-completion");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).isEqualToIgnoringNewLines(java.nio.file.Files.readString(script()));
    }

    private static Path script() {
        Path script = Path.of(System.getProperty("hymir.completion", "target/hymir_completion"));
        assertThat(script).as("written by 'package'").isRegularFile();
        return script;
    }

    /** What bash offers for the last of {@code words}, as a user pressing TAB there gets it. */
    private static List<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder();
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            line.append(line.isEmpty() ? "" : " ").append(w);
            array.append(" '").append(w).append('\'');
        }
        String bash = "source '" + script() + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_hymir hymir '" + words[words.length - 1] + "' '" + words[words.length - 2] + "' 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
