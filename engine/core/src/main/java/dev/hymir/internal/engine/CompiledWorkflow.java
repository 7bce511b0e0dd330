package dev.hymir.internal.engine;

import dev.hymir.Job;
import dev.hymir.Workflow;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;
import dev.hymir.internal.registry.JobTarget;

/**
 * A workflow ready to run: validated against the registry, its DAG, the plan the core counts down,
 * and each job's meta parsed once ({@link JobPolicy}). Made by the {@link WorkflowCompiler} at
 * {@code run()} and again when a journaled run is recovered. Immutable.
 */
public record CompiledWorkflow(Workflow workflow, Dag dag, Plan plan, JobPolicy policy, JobTarget[] targets) {

    public CompiledWorkflow(Workflow workflow, Dag dag, Plan plan, JobPolicy policy) {
        this(workflow, dag, plan, policy, new JobTarget[dag.templateCount()]);
    }

    /**
     * What job {@code index}'s name resolves to, looked up once per distinct job and kept (a resolver
     * that throws is asked again next time: the job fails, the run goes on).
     */
    JobTarget target(int index, JobResolver resolver) {
        int t = dag.templateIndex(index);
        JobTarget target = targets[t];
        if (target == null) {
            target = resolver.target(dag.templateAt(t).name());
            targets[t] = target; // a benign race: any thread computes the same target
        }
        return target;
    }

    public int size() {
        return dag.size();
    }

    /** Job {@code index} without its identity (which is {@code index + 1}). */
    public Job job(int index) {
        return dag.template(index);
    }
}
