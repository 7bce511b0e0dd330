package dev.hymir.internal.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

    @Test
    void readsUserPasswordHostPortAndDatabase() {
        RedisUrl url = RedisUrl.parse("redis://hymir:s3cret@cache.local:6380/4");
        assertThat(url).extracting(RedisUrl::tls, RedisUrl::user, RedisUrl::password, RedisUrl::host, RedisUrl::port,
                RedisUrl::database).containsExactly(false, "hymir", "s3cret", "cache.local", 6380, 4);
        assertThat(url.toString()).isEqualTo("redis://hymir:***@cache.local:6380/4");
    }

    @Test
    void defaultsAndPasswordOnlyAndTls() {
        assertThat(RedisUrl.parse("redis://localhost")).extracting(RedisUrl::port, RedisUrl::database, RedisUrl::password)
                .containsExactly(6379, 0, null);
        RedisUrl passwordOnly = RedisUrl.parse("rediss://p%40ss@h:1");
        assertThat(passwordOnly.tls()).isTrue();
        assertThat(passwordOnly.user()).isNull();
        assertThat(passwordOnly.password()).isEqualTo("p@ss");
        assertThat(passwordOnly.toString()).isEqualTo("rediss://:***@h:1/0").doesNotContain("p@ss");
    }

    @Test
    void errorsNameTheProblemAndMaskThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("tcp://u:pw1@h:1")).hasMessageContaining("scheme 'tcp'")
                .hasMessageContaining("u:***@h:1").hasMessageNotContaining("pw1");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:pw1@h:1/x")).hasMessageContaining("database number")
                .hasMessageNotContaining("pw1");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:pw1@:1")).hasMessageContaining("no host")
                .hasMessageNotContaining("pw1");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:p w1@h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("p w1");
        assertThatThrownBy(() -> RedisUrl.parse("")).hasMessageContaining("empty");
    }

    @Test
    void scrubRemovesThePasswordFromText() {
        assertThat(RedisUrl.parse("redis://u:topsecret@h").scrub("auth topsecret failed")).isEqualTo("auth *** failed");
    }
}
