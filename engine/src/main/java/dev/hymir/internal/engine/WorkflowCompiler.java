package dev.hymir.internal.engine;

import dev.hymir.InvalidWorkflow;
import dev.hymir.Workflow;

/**
 * Turns a workflow into a {@link CompiledWorkflow}, the one way both {@code run()} and recovery go:
 * validation (job names resolve through the registry, arguments fit, meta values parse), the DAG and
 * its plan. Also gives the journal a workflow's definition and reads it back.
 */
public interface WorkflowCompiler {

    /** Validates and compiles; {@link InvalidWorkflow} (naming the job) when it cannot run. */
    default CompiledWorkflow compile(Workflow workflow) {
        validate(workflow);
        return compileUnchecked(workflow);
    }

    /** Checks that every job name resolves and its arguments fit; {@link InvalidWorkflow} otherwise. */
    void validate(Workflow workflow);

    /**
     * Compiles without asking the registry: for a run read back from the journal, which must stay
     * readable even when its job names no longer resolve (it is validated only if it resumes).
     */
    CompiledWorkflow compileUnchecked(Workflow workflow);

    /** The definition the journal records for {@code workflow} ({@link #read} reads it back). */
    byte[] definition(Workflow workflow);

    /** A workflow from a journaled definition (binary, or JSON from older journals); {@link InvalidWorkflow} if unreadable. */
    Workflow read(byte[] definition);
}
