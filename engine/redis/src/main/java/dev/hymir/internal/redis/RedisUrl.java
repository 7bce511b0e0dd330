package dev.hymir.internal.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code redis://[user:password@]host:port[/db]} or {@code rediss://} URL. {@link #toString()}
 * and every error message show the password as {@code ***}: it must never reach a log or an exception.
 */
public record RedisUrl(boolean tls, String user, String password, String host, int port, int database) {

    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Redis URL is empty; expected redis://[user:password@]host:port[/db]"
                    + " or rediss://...");
        }
        String masked = mask(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // e's message quotes the input, password included: never pass it on.
            throw new IllegalArgumentException("Redis URL '" + masked + "' is not a valid URI"
                    + " (expected redis://[user:password@]host:port[/db])");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("Redis URL '" + masked + "' has scheme '" + scheme
                    + "'; expected redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("Redis URL '" + masked + "' names no host"
                    + " (expected redis://[user:password@]host:port[/db])");
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is how Redis itself spells a password without a user.
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Redis URL '" + masked + "' has path '" + path
                        + "'; expected a database number like /0");
            }
            if (db < 0) {
                throw new IllegalArgumentException("Redis URL '" + masked + "' has database " + db + "; must be >= 0");
            }
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Redis URL '" + masked + "' has a query or fragment; expected"
                    + " redis://[user:password@]host:port[/db]");
        }
        return new RedisUrl("rediss".equals(scheme), user, password, uri.getHost(), port, db);
    }

    /** {@code url} with the password (the user-info part after ':' or all of it) replaced by {@code ***}. */
    public static String mask(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = url.lastIndexOf('@');
        if (at < start) {
            return url;
        }
        String info = url.substring(start, at);
        int colon = info.indexOf(':');
        String maskedInfo = colon < 0 ? "***" : info.substring(0, colon) + ":***";
        return url.substring(0, start) + maskedInfo + url.substring(at);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (user == null ? "" : user) + (password == null ? "" : ":***")
                + (user == null && password == null ? "" : "@") + host + ":" + port + "/" + database;
    }

    /** {@code text} with every occurrence of the password replaced, for messages that come from Jedis. */
    public String scrub(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "***");
    }
}
