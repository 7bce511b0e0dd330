package dev.hymir.internal.engine;

import dev.hymir.internal.registry.JobTarget;

/** Resolves a job name to its code (the engine's registry: the allow-list). */
public interface JobResolver {

    /** The target of {@code name}; throws {@code InvalidWorkflow.UnknownJob} when the registry has none. */
    JobTarget target(String name);
}
