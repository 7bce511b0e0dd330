package dev.hymir;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hymir's own workflow cases, and the rest of the Workflow API. */
class WorkflowTest {
    private static Job dummy() {
        return Job.of(SampleJobs::dummy);
    }

    /** "1<-[]" style rendering of dependencies, as Hymir's tests state them. */
    private static List<String> deps(Workflow wf) {
        return wf.dependencies().stream()
                .map(d -> d.jobId() + "<-" + d.predecessors())
                .collect(Collectors.toList());
    }

    @Test
    void serializeRoundTripGivesTheSameText() {
        Workflow wf = Workflow.of(Chain.of(dummy(), Group.of(dummy(), dummy())));
        String json = wf.toJson();
        assertThat(Workflow.fromJson(json).toJson()).isEqualTo(json);
    }

    @Test
    void roundTripKeepsArgsKwargsInputsMetaAndCallbacks() {
        Workflow wf = Workflow.of(Chain.of(
                        Job.of(SampleJobs::startReport).set("inventory", Map.of("depth", 3, "tags", List.of("a", "b"))),
                        Job.of(SampleJobs::processReports).withKwargs(Map.of("limit", 10)),
                        Job.named("reports.rollup").set(1.5).withInput("counts", "period")))
                .on(Callback.ON_FINISHED, Job.of(SampleJobs::identify).withInputs("workflow_id", "job_id"));
        String json = wf.toJson();
        Workflow back = Workflow.fromJson(json);

        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.job("1").args()).containsExactly("inventory", Map.of("depth", 3, "tags", List.of("a", "b")));
        assertThat(back.job("2").inputs()).containsExactly(new Job.Input("reports", "reports"));
        assertThat(back.job("2").meta()).containsEntry("timeout", "PT30S");
        assertThat(back.job("3").inputs()).containsExactly(new Job.Input("counts", "period"));
        assertThat(back.callbacks()).containsOnlyKeys(Callback.ON_FINISHED);
        assertThat(deps(back)).containsExactly("1<-[]", "2<-[1]", "3<-[2]");
    }

    @Test
    void jsonHasHymirsNodeLinkLayout() {
        Workflow wf = Workflow.of(Chain.of(
                Job.named("m.a").set("x").withOutput("out0"),
                Job.named("m.b").withOutput("out").withInput("out0", "p")));
        assertThat(wf.toJson()).isEqualTo(wfJsonOf(wf));
    }

    private static String wfJsonOf(Workflow ignored) {
        // Written out by hand so that a change to the layout shows up here, not only in round trips.
        return "{\"directed\":true,\"multigraph\":false,\"graph\":{},\"nodes\":["
                + "{\"id\":\"1\",\"job\":{\"n\":\"m.a\",\"i\":1,\"a\":[\"x\"],\"k\":{},\">\":\"out0\",\"<\":null,\"m\":{}}},"
                + "{\"id\":\"2\",\"job\":{\"n\":\"m.b\",\"i\":2,\"a\":[],\"k\":{},\">\":\"out\",\"<\":[[\"out0\",\"p\"]],\"m\":{}}}],"
                + "\"links\":[{\"source\":\"1\",\"target\":\"2\"}],\"callbacks\":{}}";
    }

    @Test
    void readsJsonWrittenByPythonHymir() {
        // json.dumps(node_link_data(graph), sort_keys=True): sorted keys, spaces, no "m", no callbacks.
        String python = "{\"directed\": true, \"graph\": {}, \"links\": [{\"source\": \"1\", \"target\": \"2\"}, "
                + "{\"source\": \"1\", \"target\": \"3\"}], \"multigraph\": false, \"nodes\": ["
                + "{\"id\": \"1\", \"job\": {\"<\": null, \">\": \"reports\", \"a\": [\"k\"], \"i\": 1, \"k\": {}, \"n\": \"tests.a\"}}, "
                + "{\"id\": \"2\", \"job\": {\"<\": [\"reports\"], \">\": null, \"a\": [], \"i\": 2, \"k\": {\"x\": 1}, \"n\": \"tests.b\"}}, "
                + "{\"id\": \"3\", \"job\": {\"<\": [[\"reports\", \"r\"]], \">\": null, \"a\": [], \"i\": 3, \"k\": {}, \"n\": \"tests.c\"}}]}";
        Workflow wf = Workflow.fromJson(python);
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]", "3<-[1]");
        assertThat(wf.job("1").output()).isEqualTo("reports");
        assertThat(wf.job("2").kwargs()).containsEntry("x", 1);
        assertThat(wf.job("3").inputs()).containsExactly(new Job.Input("reports", "r"));
    }

    @Test
    void chainThenGroup() {
        Workflow wf = Workflow.of(Chain.of(dummy(), Group.of(dummy(), dummy())));
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]", "3<-[1]");
    }

    @Test
    void chainBeforeGroup() {
        Workflow wf = Workflow.of(Chain.of(Chain.of(dummy(), dummy()), Group.of(dummy(), dummy())));
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]", "3<-[2]", "4<-[2]");
    }

    @Test
    void groupBeforeChain() {
        Workflow wf = Workflow.of(Chain.of(Group.of(dummy(), dummy()), Chain.of(dummy(), dummy())));
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[]", "3<-[1, 2]", "4<-[3]");
    }

    @Test
    void chainGroupChainAsInHymirsDocstring() {
        Workflow wf = Workflow.of(Chain.of(dummy(), Group.of(dummy(), dummy()), dummy()));
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]", "3<-[1]", "4<-[2, 3]");
    }

    @Test
    void identitiesAreDepthFirstLeftToRight() {
        Workflow wf = Workflow.of(Group.of(
                Chain.of(Job.named("m.a"), Group.of(Job.named("m.b"), Job.named("m.c"))),
                Job.named("m.d")));
        assertThat(wf.jobs().values()).extracting(Job::identity, Job::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "m.a"),
                        org.assertj.core.groups.Tuple.tuple("2", "m.b"),
                        org.assertj.core.groups.Tuple.tuple("3", "m.c"),
                        org.assertj.core.groups.Tuple.tuple("4", "m.d"));
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]", "3<-[1]", "4<-[]");
    }

    @Test
    void theSameJobObjectTwiceIsTwoJobs() {
        Job j = dummy();
        Workflow wf = Workflow.of(Chain.of(j, j));
        assertThat(wf.size()).isEqualTo(2);
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]");
        assertThat(j.identity()).isNull(); // the user's job is untouched
    }

    @Test
    void inputsAndOutputs() {
        Workflow wf = Workflow.of(Chain.of(
                        Job.of(SampleJobs::startReport).set("inventory", Map.of()),
                        Job.of(SampleJobs::startReport).set("sales", Map.of()).withOutput("sales"),
                        Job.of(SampleJobs::processReports),
                        Job.named("m.x").withInputs("workflow_id").withInput("sales", "s")))
                .on(Callback.ON_FINISHED, Job.named("m.done").withInputs("counts"));
        assertThat(wf.outputs()).containsExactlyInAnyOrder("reports", "sales", "counts");
        assertThat(wf.inputs()).containsExactlyInAnyOrder("reports", "workflow_id", "sales", "counts");
    }

    @Test
    void jobsAndJobById() {
        Workflow wf = Workflow.of(Chain.of(Job.named("m.a"), Job.named("m.b")));
        assertThat(wf.jobs()).containsOnlyKeys("1", "2");
        assertThat(wf.job("2").name()).isEqualTo("m.b");
        assertThat(wf.jobs().get("3")).isNull();
        assertThatThrownBy(() -> wf.job("3")).isInstanceOf(JobDoesNotExist.class).hasMessageContaining("'3'");
        assertThatThrownBy(() -> wf.job("01")).isInstanceOf(JobDoesNotExist.class);
    }

    @Test
    void fromGraphKeepsEdgesAndOrdersTiesByAscendingId() {
        Graph<Job, DefaultEdge> g = new SimpleDirectedGraph<>(DefaultEdge.class);
        Job a = Job.named("m.a"), b = Job.named("m.b"), c = Job.named("m.c"), d = Job.named("m.d");
        for (Job j : List.of(a, b, c, d)) {
            g.addVertex(j);
        }
        g.addEdge(c, a); // ids follow vertex order: a=1, b=2, c=3, d=4
        g.addEdge(b, a);
        g.addEdge(d, b);
        Workflow wf = Workflow.fromGraph(g);
        assertThat(deps(wf)).containsExactly("3<-[]", "4<-[]", "2<-[4]", "1<-[2, 3]");
        assertThat(wf.graph().edgeSet()).hasSize(3);
    }

    @Test
    void fromGraphKeepsIdentitiesReadBackFromJson() {
        Workflow original = Workflow.of(Chain.of(Job.named("m.a"), Group.of(Job.named("m.b"), Job.named("m.c"))));
        Workflow viaGraph = Workflow.fromGraph(Workflow.fromJson(original.toJson()).graph());
        assertThat(viaGraph.toJson()).isEqualTo(original.toJson());
    }

    @Test
    void callbacksAreRegisteredOnTheWorkflowItself() {
        Workflow wf = Workflow.of(Job.named("m.a"));
        Workflow returned = wf.on(Callback.ON_FAILURE, Job.named("m.alert"));
        assertThat(returned).isSameAs(wf);
        assertThat(wf.callbacks()).containsOnlyKeys(Callback.ON_FAILURE);
        assertThat(wf.callbacks().get(Callback.ON_FAILURE).identity()).isNull();
    }

    @Test
    void builderMakesTheSameWorkflowAsAGraph() {
        Workflow.Builder b = Workflow.builder();
        String a = b.add(Job.named("m.a")), x = b.add(Job.named("m.b")), c = b.add(Job.named("m.c"));
        Workflow wf = b.edge(a, x).edge(a, c).edge(x, c).on(Callback.ON_SUCCESS, Job.named("m.ok")).build();
        assertThat(List.of(a, x, c)).containsExactly("1", "2", "3");
        assertThat(deps(wf)).containsExactly("1<-[]", "2<-[1]", "3<-[1, 2]");
        assertThat(wf.callbacks()).containsOnlyKeys(Callback.ON_SUCCESS);
        assertThat(Workflow.fromGraph(wf.graph()).dependencies()).isEqualTo(wf.dependencies());
    }

    @Test
    void builderRejectsUnknownIdsCyclesAndEmptiness() {
        Workflow.Builder b = Workflow.builder();
        String a = b.add(Job.named("m.a"));
        assertThatThrownBy(() -> b.edge(a, "2")).isInstanceOf(JobDoesNotExist.class).hasMessageContaining("1..1");
        String x = b.add(Job.named("m.b"));
        b.edge(a, x).edge(x, a);
        assertThatThrownBy(b::build).isInstanceOf(InvalidWorkflow.Cycle.class)
                .hasMessageContaining("1 (m.a) -> 2 (m.b) -> 1 (m.a)");
        assertThatThrownBy(() -> Workflow.builder().build()).isInstanceOf(InvalidWorkflow.EmptyStep.class);
    }
}
