package dev.hymir.cli;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's log line format and the default configuration that selects it. */
class LogLineFormatterTest {

    @Test
    void aRecordIsOneLineOfTimeLevelShortLoggerNameAndMessage() {
        LogRecord record = new LogRecord(Level.WARNING, "cannot write snapshots to Redis ({0})");
        record.setParameters(new Object[] {"Connection refused"});
        record.setLoggerName("dev.hymir.internal.redis.SnapshotFlusher");

        String line = new LogLineFormatter().format(record);

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARNING SnapshotFlusher: "
                + "cannot write snapshots to Redis \\(Connection refused\\)\\R");
    }

    @Test
    void anExceptionFollowsItsLineAsAStackTrace() {
        LogRecord record = new LogRecord(Level.SEVERE, "the sender failed");
        record.setLoggerName("dev.hymir.workers");
        record.setThrown(new IllegalStateException("boom"));

        String[] lines = new LogLineFormatter().format(record).split("\\R");

        assertThat(lines[0]).endsWith(" SEVERE workers: the sender failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[2]).startsWith("\tat ");
    }

    @Test
    void theDefaultConfigurationUsesItAndKeepsChronicleToWarnings() throws Exception {
        Properties config = new Properties();
        try (InputStream in = HymirCli.class.getResourceAsStream(HymirCli.LOGGING_CONFIG)) {
            assertThat(in).as(HymirCli.LOGGING_CONFIG).isNotNull();
            config.load(in);
        }
        assertThat(config.getProperty("java.util.logging.ConsoleHandler.formatter")).isEqualTo(LogLineFormatter.class.getName());
        assertThat(config.getProperty("net.openhft.level")).isEqualTo("WARNING");
    }
}
