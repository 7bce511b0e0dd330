package dev.hymir.cli;

import java.util.regex.Pattern;

/**
 * Masks passwords in text the CLI prints. The engine never puts a password in a message, but
 * picocli's own errors quote what the user typed ({@code Unknown option: '--rediss=redis://u:pw@h'}),
 * and a stack trace may quote anything: every line the error handler prints goes through here.
 */
final class Secrets {
    /** {@code scheme://user:password@} (the password may contain '@' or '/'; the last '@' of the token ends it). */
    private static final Pattern USER_AND_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^\\s/@:'\"]*):(\\S*)@");
    /** {@code scheme://password@}: how Redis URLs spell a password without a user. */
    private static final Pattern PASSWORD_ONLY = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^\\s/@:'\"]+)@");
    /** {@code user:password@host} without a scheme, after a space, quote or '='. */
    private static final Pattern NO_SCHEME = Pattern.compile("(^|[\\s'\"=])([A-Za-z0-9._~-]+):([^\\s'\"/][^\\s'\"]*)@");

    private Secrets() {
    }

    /** {@code text} with the password of every URL-like {@code user:password@} replaced by {@code ***}. */
    static String scrub(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        String s = USER_AND_PASSWORD.matcher(text).replaceAll("$1$2:***@");
        s = PASSWORD_ONLY.matcher(s).replaceAll(m -> m.group(2).equals("***") ? m.group() : m.group(1) + "***@");
        return NO_SCHEME.matcher(s).replaceAll(m -> m.group(3).equals("***") ? m.group() : m.group(1) + m.group(2) + ":***@");
    }
}
