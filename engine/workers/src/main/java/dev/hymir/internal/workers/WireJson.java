package dev.hymir.internal.workers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Hymir's mapper ({@code Json.MAPPER}: the same modules, so the same values) with buffers shared between
 * threads. Jackson recycles its buffers per thread by default, and every job runs on a fresh virtual
 * thread: each decode then allocated new buffers, which cost a worker about a third of its CPU per
 * no-op job (JFR, 50,000 no-op jobs).
 */
final class WireJson {
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    private WireJson() {
    }
}
