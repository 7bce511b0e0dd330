package dev.hymir.internal.engine;

import dev.hymir.Job;
import dev.hymir.Workflow;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;

/**
 * A workflow ready to run: validated against the registry, its DAG, the plan the core counts down,
 * and each job's meta parsed once ({@link JobPolicy}). Made by the {@link WorkflowCompiler} at
 * {@code run()} and again when a journaled run is recovered. Immutable.
 */
public record CompiledWorkflow(Workflow workflow, Dag dag, Plan plan, JobPolicy policy) {

    public int size() {
        return dag.size();
    }

    /** Job {@code index} without its identity (which is {@code index + 1}). */
    public Job job(int index) {
        return dag.template(index);
    }
}
