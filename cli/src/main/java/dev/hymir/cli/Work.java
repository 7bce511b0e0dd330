package dev.hymir.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each demo job does: nothing, sleep, or spin the CPU for a while. Parsed from {@code --work}. */
sealed interface Work {
    String SYNTAX = "none, sleep:DURATION or cpu:DURATION, DURATION like 5ms, 20us, 500ns, 1s";

    void perform() throws InterruptedException;

    record None() implements Work {
        @Override
        public void perform() {
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** Blocks the job's virtual thread, as I/O would; costs no CPU. */
    record Sleep(Duration duration) implements Work {
        @Override
        public void perform() throws InterruptedException {
            Thread.sleep(duration);
        }

        @Override
        public String toString() {
            return "sleep:" + Durations.format(duration);
        }
    }

    /** Busy-spins for the duration: CPU-bound work that holds its carrier thread. */
    record Cpu(Duration duration) implements Work {
        @Override
        public void perform() {
            long nanos = duration.toNanos();
            long start = System.nanoTime();
            while (System.nanoTime() - start < nanos) {
                Thread.onSpinWait();
            }
        }

        @Override
        public String toString() {
            return "cpu:" + Durations.format(duration);
        }
    }

    static Work parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return new None();
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a kind of work: use " + SYNTAX);
        }
        String kind = t.substring(0, colon);
        Duration d = Durations.parse(t.substring(colon + 1));
        return switch (kind) {
            case "sleep" -> new Sleep(d);
            case "cpu" -> new Cpu(d);
            default -> throw new IllegalArgumentException("'" + kind + "' is not a kind of work: use " + SYNTAX);
        };
    }

    /** picocli's hook: a bad --work value becomes a usage error naming the syntax. */
    final class Converter implements CommandLine.ITypeConverter<Work> {
        @Override
        public Work convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Durations with one unit: ns, us, ms or s. */
    final class Durations {
        private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ns|us|ms|s)");

        private Durations() {
        }

        static Duration parse(String text) {
            Matcher m = FORM.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number"
                        + " and a unit (ns, us, ms, s), e.g. 5ms or 20us");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ns" -> Duration.ofNanos(n);
                case "us" -> Duration.ofNanos(n * 1_000);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofSeconds(n);
            };
        }

        static String format(Duration d) {
            long ns = d.toNanos();
            if (ns % 1_000_000_000 == 0) {
                return ns / 1_000_000_000 + "s";
            }
            if (ns % 1_000_000 == 0) {
                return ns / 1_000_000 + "ms";
            }
            if (ns % 1_000 == 0) {
                return ns / 1_000 + "us";
            }
            return ns + "ns";
        }
    }
}
