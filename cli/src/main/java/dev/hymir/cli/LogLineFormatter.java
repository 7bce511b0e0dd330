package dev.hymir.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The CLI's log line: {@code 14:03:07.125 WARNING SnapshotFlusher: cannot write ...}, one line per record
 * (time, level, the logger's last name segment, the message), then the stack trace of its exception if it
 * has one. java.util.logging's SimpleFormatter cannot shorten the logger's name. Named in the CLI's
 * {@code logging.properties}, which java.util.logging instantiates by class name, hence public.
 */
public final class LogLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** Used by java.util.logging when the configuration names this class. */
    public LogLineFormatter() {
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                .append(record.getLevel().getName()).append(' ')
                .append(shortName(record.getLoggerName())).append(": ")
                .append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** {@code dev.hymir.internal.redis.SnapshotFlusher} gives {@code SnapshotFlusher}. */
    static String shortName(String logger) {
        if (logger == null || logger.isEmpty()) {
            return "root";
        }
        return logger.substring(logger.lastIndexOf('.') + 1);
    }
}
