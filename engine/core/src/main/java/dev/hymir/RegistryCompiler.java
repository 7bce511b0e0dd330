package dev.hymir;

import dev.hymir.internal.engine.CompiledWorkflow;
import dev.hymir.internal.engine.JobPolicy;
import dev.hymir.internal.engine.JobResolver;
import dev.hymir.internal.engine.WorkflowCompiler;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;
import dev.hymir.internal.registry.JobTarget;

/**
 * The engine's {@link WorkflowCompiler} and {@link JobResolver}, bound to its {@link JobRegistry}:
 * what {@code run()} and journal recovery both go through. Lives beside {@link Workflow} because it
 * reads the workflow's compiled DAG.
 */
final class RegistryCompiler implements WorkflowCompiler, JobResolver {
    private final JobRegistry registry;
    private final boolean jobsElsewhere;

    /** {@code jobsElsewhere}: workers in other processes run the jobs (callbacks still run here). */
    RegistryCompiler(JobRegistry registry, boolean jobsElsewhere) {
        this.registry = registry;
        this.jobsElsewhere = jobsElsewhere;
    }

    @Override
    public void validate(Workflow workflow) {
        registry.validate(workflow, jobsElsewhere);
        JobPolicy.of(workflow.dag()); // meta values parse (InvalidWorkflow.Malformed names the job)
    }

    @Override
    public CompiledWorkflow compile(Workflow workflow) {
        registry.validate(workflow, jobsElsewhere);
        return compileUnchecked(workflow);
    }

    @Override
    public CompiledWorkflow compileUnchecked(Workflow workflow) {
        Dag dag = workflow.dag();
        return new CompiledWorkflow(workflow, dag, dag.plan(), JobPolicy.of(dag));
    }

    @Override
    public byte[] definition(Workflow workflow) {
        return WorkflowBinary.write(workflow.dag(), workflow.callbacks());
    }

    @Override
    public Workflow read(byte[] definition) {
        // A resumed run holds a snapshot, as run() does: engine.workflow(id).on(...) cannot change it.
        return Workflow.fromDefinition(definition).frozen();
    }

    @Override
    public JobTarget target(String name) {
        return registry.target(name);
    }
}
