package dev.hymir.internal.engine;

import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.Map;

/** What the state store sees of the engine: every run it holds, and its meters. */
record StoreContext(Map<String, WorkflowRun> byId, MeterRegistry meterRegistry) implements StateStore.Context {
    @Override
    public Collection<? extends RunView> runs() {
        return byId.values();
    }
}
