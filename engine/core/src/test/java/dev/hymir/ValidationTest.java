package dev.hymir;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each way a workflow can be wrong fails early, with its own exception type and a message naming the jobs. */
class ValidationTest {
    private final JobRegistry registry = JobRegistry.standard();

    @Test
    void cycleInAGraphNamesItsJobs() {
        Graph<Job, DefaultEdge> g = new SimpleDirectedGraph<>(DefaultEdge.class);
        Job a = Job.named("m.start"), b = Job.named("m.fetch"), c = Job.named("m.parse"), d = Job.named("m.tail");
        for (Job j : List.of(a, b, c, d)) {
            g.addVertex(j);
        }
        g.addEdge(a, b);
        g.addEdge(b, c);
        g.addEdge(c, b);
        g.addEdge(c, d);

        InvalidWorkflow.Cycle e = catchThrowableOfType(InvalidWorkflow.Cycle.class, () -> Workflow.fromGraph(g));
        assertThat(e.cycle()).isIn(List.of("2", "3", "2"), List.of("3", "2", "3"));
        assertThat(e).hasMessageContaining("2 (m.fetch)").hasMessageContaining("3 (m.parse)").hasMessageContaining(" -> ");
    }

    @Test
    void selfLoopIsACycle() {
        Graph<Job, DefaultEdge> g = new DirectedPseudograph<>(DefaultEdge.class);
        Job a = Job.named("m.a");
        g.addVertex(a);
        g.addEdge(a, a);
        assertThatThrownBy(() -> Workflow.fromGraph(g))
                .isInstanceOf(InvalidWorkflow.Cycle.class)
                .hasMessageContaining("1 (m.a) -> 1 (m.a)");
    }

    @Test
    void cycleInJson() {
        String json = "{\"nodes\":[{\"id\":\"1\",\"job\":{\"n\":\"m.a\"}},{\"id\":\"2\",\"job\":{\"n\":\"m.b\"}}],"
                + "\"links\":[{\"source\":\"1\",\"target\":\"2\"},{\"source\":\"2\",\"target\":\"1\"}]}";
        InvalidWorkflow.Cycle e = catchThrowableOfType(InvalidWorkflow.Cycle.class, () -> Workflow.fromJson(json));
        assertThat(e.cycle()).hasSize(3).contains("1", "2");
    }

    @Test
    void unknownJobName() {
        Workflow wf = Workflow.of(Chain.of(Job.of(SampleJobs::dummy), Job.named("com.nowhere.Missing.run")));
        assertThatThrownBy(() -> registry.validate(wf))
                .isInstanceOf(InvalidWorkflow.UnknownJob.class)
                .hasMessageContaining("com.nowhere.Missing.run")
                .hasMessageContaining("not on the classpath");
    }

    @Test
    void unannotatedMethodIsNotOnTheAllowList() {
        Workflow wf = Workflow.of(Job.named(SampleJobs.class.getName() + ".notAJob"));
        assertThatThrownBy(() -> registry.validate(wf))
                .isInstanceOf(InvalidWorkflow.UnknownJob.class)
                .hasMessageContaining("not a static method annotated @JobFunction");
    }

    @Test
    void jdkMethodsCannotBeNamed() {
        Workflow wf = Workflow.of(Job.named("java.lang.System.exit").set(1));
        assertThatThrownBy(() -> registry.validate(wf)).isInstanceOf(InvalidWorkflow.UnknownJob.class);
    }

    @Test
    void tooManyArgs() {
        Workflow wf = Workflow.of(Job.of(SampleJobs::add).set(1, 2, 3));
        assertThatThrownBy(() -> registry.validate(wf))
                .isInstanceOf(InvalidWorkflow.SignatureMismatch.class)
                .hasMessageContaining("job 1 (dev.hymir.SampleJobs.add) has 3 positional args")
                .hasMessageContaining("takes 2");
    }

    @Test
    void unknownKwarg() {
        Workflow wf = Workflow.of(Job.of(SampleJobs::add).set(1).withKwargs(Map.of("c", 2)));
        assertThatThrownBy(() -> registry.validate(wf))
                .isInstanceOf(InvalidWorkflow.SignatureMismatch.class)
                .hasMessageContaining("kwarg 'c'")
                .hasMessageContaining("[a, b]");
    }

    @Test
    void missingParameter() {
        Workflow wf = Workflow.of(Job.of(SampleJobs::add).set(1));
        assertThatThrownBy(() -> registry.validate(wf))
                .isInstanceOf(InvalidWorkflow.SignatureMismatch.class)
                .hasMessageContaining("no value to parameter 'b'");
    }

    @Test
    void parameterSetTwice() {
        Workflow wf = Workflow.of(Job.of(SampleJobs::add).set(1, 2).withKwargs(Map.of("a", 3)));
        assertThatThrownBy(() -> registry.validate(wf))
                .isInstanceOf(InvalidWorkflow.SignatureMismatch.class)
                .hasMessageContaining("'a' twice");
    }

    @Test
    void kwargsInputsReservedInputsAndParamAnnotationBind() {
        Workflow wf = Workflow.of(Chain.of(
                Job.of(SampleJobs::add).withKwargs(Map.of("b", 1, "a", 2)).withOutput("sum"),
                Job.of(SampleJobs::identify).withInputs("workflowId", "job_id->jobId").withOutput("who"),
                Job.of(SampleJobs::unnamedParameter).withKwargs(Map.of("amount", 3)).withOutput("amount"),
                Job.of(SampleJobs::startReport).set("k").withKwargs(Map.of("options", Map.of())),
                Job.of(SampleJobs::processReports)));
        registry.validate(wf); // accepts every binding...
        try (HymirEngine engine = HymirEngine.builder().registry(registry).build()) {
            String id = engine.run(wf); // ...and the engine binds them as validated
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.outputs(id)).isEqualTo(Map.of(
                    "sum", List.of(3),                // kwargs by name
                    "who", List.of(id + "/2"),        // reserved inputs, camelCase and renamed
                    "amount", List.of(3),             // @JobFunction.Param names the parameter
                    "reports", List.of("k"),          // positional arg plus a kwarg
                    "counts", List.of(1)));           // the annotation's input
        }
    }

    @Test
    void unserializableArgument() {
        assertThatThrownBy(() -> Job.named("m.a").set("fine", new Object()))
                .isInstanceOf(InvalidWorkflow.UnserializableArgument.class)
                .hasMessageContaining("argument 1 of job Job(m.a")
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Job.named("m.a").withKwargs(Map.of("stream", InputStream.nullInputStream())))
                .isInstanceOf(InvalidWorkflow.UnserializableArgument.class)
                .hasMessageContaining("kwarg 'stream'");
    }

    @Test
    void inputThatNoJobOutputs() {
        assertThatThrownBy(() -> Workflow.of(Chain.of(
                Job.named("m.a").withOutput("reports"),
                Job.named("m.b").withInputs("report"))))
                .isInstanceOf(InvalidWorkflow.UnboundInput.class)
                .hasMessageContaining("job 2 (m.b) reads input 'report'")
                .hasMessageContaining("[reports]");
        assertThatThrownBy(() -> Workflow.of(Job.named("m.a")).on(Callback.ON_FINISHED, Job.named("m.b").withInputs("x")))
                .isInstanceOf(InvalidWorkflow.UnboundInput.class)
                .hasMessageContaining("ON_FINISHED callback (m.b)");
    }

    @Test
    void reservedInputsNeedNoProducer() {
        Workflow wf = Workflow.of(Job.named("m.a").withInputs("workflow_id", "jobId", "workflow", "job_state", "workflowState"));
        assertThat(wf.inputs()).hasSize(5);
    }

    @Test
    void emptyChainOrGroup() {
        assertThatThrownBy(Chain::of).isInstanceOf(InvalidWorkflow.EmptyStep.class).hasMessageContaining("empty Chain");
        assertThatThrownBy(() -> Group.of(List.of())).isInstanceOf(InvalidWorkflow.EmptyStep.class).hasMessageContaining("empty Group");
        assertThatThrownBy(() -> Workflow.of(null)).isInstanceOf(InvalidWorkflow.EmptyStep.class);
        assertThatThrownBy(() -> Workflow.fromGraph(new SimpleDirectedGraph<>(DefaultEdge.class)))
                .isInstanceOf(InvalidWorkflow.EmptyStep.class);
    }

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> Workflow.fromJson("{\"nodes\": ["))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> Workflow.fromJson("[]"))
                .isInstanceOf(InvalidWorkflow.Malformed.class);
        assertThatThrownBy(() -> Workflow.fromJson("{\"nodes\":[{\"id\":\"7\",\"job\":{\"n\":\"m.a\"}}],\"links\":[]}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("ids must be");
        assertThatThrownBy(() -> Workflow.fromJson("{\"nodes\":[{\"id\":\"1\",\"job\":{\"n\":\"m.a\"}}],"
                + "\"links\":[{\"source\":\"1\",\"target\":\"9\"}]}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("link 0 has target");
        assertThatThrownBy(() -> Workflow.fromJson("{\"nodes\":[{\"id\":\"1\",\"job\":{\"a\":[]}}]}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("without a name");
    }

    @Test
    void lambdasAndInstanceMethodsAreRefusedByJobOf() {
        assertThatThrownBy(() -> Job.of(() -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got a lambda");
        String s = "x";
        assertThatThrownBy(() -> Job.of(s::length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("static @JobFunction");
        assertThatThrownBy(() -> Job.of(SampleJobs::notAJob))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not annotated @JobFunction");
    }
}
