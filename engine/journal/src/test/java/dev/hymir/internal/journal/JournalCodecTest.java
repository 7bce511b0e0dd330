package dev.hymir.internal.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The definition is written in one copy; the bytes must stay exactly what writeUtf8 wrote (format v1). */
class JournalCodecTest {

    @Test
    void bulkUtf8WritesTheSameBytesAsChroniclesWriteUtf8() {
        String[] texts = {"", "{\"directed\":true}", "é", "naïve – 中文 – 😀 emoji", "unpaired \uD800 surrogate", "a question? no surrogate", "x".repeat(300), "ü".repeat(20_000)};
        for (String text : texts) {
            Bytes<?> expected = Bytes.allocateElasticOnHeap();
            Bytes<?> actual = Bytes.allocateElasticOnHeap();
            try {
                expected.writeUtf8(text);
                JournalCodec.writeUtf8Bulk(actual, text);
                assertThat(actual.toByteArray()).as(text.length() > 40 ? text.substring(0, 40) : text)
                        .isEqualTo(expected.toByteArray());
                if (!text.contains("\uD800")) { // an unpaired surrogate does not read back through Chronicle either
                    assertThat(actual.readUtf8()).isEqualTo(text);
                }
            } finally {
                expected.releaseLast();
                actual.releaseLast();
            }
        }
    }
}
