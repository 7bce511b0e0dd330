package dev.hymir;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The definitions a workflow is written in besides Hymir's JSON: the compact JSON (each distinct
 * predecessor list once, read back by fromJson) and the binary definition the journal records.
 */
class JournalDefinitionTest {
    private static Job job(String name) {
        return Job.named(name);
    }

    @Test
    void compactDefinitionReadsBackToTheSameWorkflow() {
        Workflow wf = Workflow.of(Chain.of(
                        Job.named("reports.start").set("inventory", Map.of("depth", 3)),
                        Group.of(job("a"), job("b"), Chain.of(job("c"), job("d"))),
                        Group.of(job("e").withOutput("counts"), job("f").withOutput("counts")),
                        job("g").withKwargs(Map.of("limit", 10)).withInput("counts", "period")
                                .withMeta(Map.of("timeout", 1000))))
                .on(Callback.ON_FAILURE, job("alert"));
        Workflow back = Workflow.fromJson(wf.toCompactJson());
        assertThat(back.toJson()).isEqualTo(wf.toJson());
        assertThat(back.toCompactJson()).isEqualTo(wf.toCompactJson());
    }

    @Test
    void twoConsecutiveGroupsWriteOnePredecessorListInsteadOfEveryLink() {
        List<Step> first = new ArrayList<>();
        List<Step> second = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            first.add(job("first"));
            second.add(job("second"));
        }
        Workflow wf = Workflow.of(Chain.of(Group.of(first), Group.of(second)));
        String compact = wf.toCompactJson(); // toJson() would spell out 9·10^6 links (~300 MB)
        assertThat(compact.length()).isLessThan(50 * 6000); // ~40 characters per node, the list once
        Workflow back = Workflow.fromJson(compact);
        for (int v = 0; v < 6000; v++) {
            assertThat(back.dag().predecessors(v)).isEqualTo(wf.dag().predecessors(v));
        }
        assertThat(back.dag().predecessors(3000)).hasSize(3000);
    }

    @Test
    void randomDagsRoundTripThroughTheCompactForm() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Workflow.Builder b = Workflow.builder();
            int n = 1 + random.nextInt(60);
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = b.add(job("j" + random.nextInt(3)));
            }
            for (int i = 1; i < n; i++) {
                int edges = random.nextInt(4);
                for (int e = 0; e < edges; e++) {
                    b.edge(ids[random.nextInt(i)], ids[i]); // only backwards: acyclic
                }
            }
            Workflow wf = b.build();
            Workflow back = Workflow.fromJson(wf.toCompactJson());
            assertThat(back.toJson()).as("round %d", round).isEqualTo(wf.toJson());
        }
    }

    @Test
    void theBinaryDefinitionReadsBackToTheSameWorkflow() {
        Workflow wf = Workflow.of(Chain.of(
                        Job.named("reports.start").set("inventory", Map.of("depth", 3, "name", "é✓😀")),
                        Group.of(job("a"), job("b"), Chain.of(job("c"), job("d"))),
                        Group.of(job("e").withOutput("counts"), job("f").withOutput("counts")),
                        job("g").withKwargs(Map.of("limit", 10)).withInput("counts", "period")
                                .withMeta(Map.of("timeout", 1000))))
                .on(Callback.ON_FAILURE, job("alert")).on(Callback.ON_FINISHED, job("done").withInputs("workflow_state"));
        Workflow back = Workflow.fromDefinition(WorkflowBinary.write(wf.dag(), wf.callbacks()));
        assertThat(back.toJson()).isEqualTo(wf.toJson());
        assertThat(back.callbacks()).isEqualTo(wf.callbacks());
    }

    @Test
    void randomDagsRoundTripThroughTheBinaryDefinition() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            Workflow.Builder b = Workflow.builder();
            int n = 1 + random.nextInt(80);
            for (int i = 0; i < n; i++) {
                int[] after = new int[i == 0 ? 0 : random.nextInt(Math.min(i, 5))];
                for (int k = 0; k < after.length; k++) {
                    after[k] = 1 + random.nextInt(i);
                }
                b.addAfter(random.nextBoolean() ? job("j" + random.nextInt(3)) : job("k").set(i), after);
            }
            Workflow wf = b.build();
            byte[] binary = WorkflowBinary.write(wf.dag(), wf.callbacks());
            Workflow back = Workflow.fromDefinition(binary);
            assertThat(back.toJson()).as("round %d", round).isEqualTo(wf.toJson());
            assertThat(WorkflowBinary.write(back.dag(), back.callbacks())).as("round %d", round).isEqualTo(binary);
        }
    }

    @Test
    void aLargeFanOutOfOneJobIsAboutAByteAJob() {
        Workflow.Builder b = Workflow.builder();
        Job noop = job("noop");
        int root = b.addAfter(noop);
        int[] middle = new int[1_000_000];
        for (int i = 0; i < middle.length; i++) {
            middle[i] = b.addAfter(noop, root);
        }
        b.addAfter(noop, middle);
        Workflow wf = b.build();
        byte[] binary = WorkflowBinary.write(wf.dag(), wf.callbacks());
        assertThat(binary.length).isLessThan(1_100_000);
        assertThat(WorkflowBinary.jobCount(binary)).isEqualTo(1_000_002);
        Workflow back = Workflow.fromDefinition(binary);
        assertThat(back.size()).isEqualTo(1_000_002);
        assertThat(back.dag().predecessors(1_000_001)).hasSize(1_000_000);
        assertThat(back.dag().templateCount()).isEqualTo(1);
    }

    @Test
    void olderJournalsJsonDefinitionsStillRead() {
        Workflow wf = Workflow.of(Chain.of(job("a"), Group.of(job("b"), job("c"))));
        assertThat(Workflow.fromDefinition(wf.toCompactJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toJson())
                .isEqualTo(wf.toJson());
    }

    @Test
    void aCorruptBinaryDefinitionIsMalformedNotACrash() {
        Workflow wf = Workflow.of(Chain.of(job("a"), Group.of(job("b"), job("c"))));
        byte[] binary = WorkflowBinary.write(wf.dag(), wf.callbacks());
        assertThatThrownBy(() -> Workflow.fromDefinition(java.util.Arrays.copyOf(binary, binary.length - 2)))
                .isInstanceOf(InvalidWorkflow.Malformed.class);
        byte[] newer = binary.clone();
        newer[2] = 9;
        assertThatThrownBy(() -> Workflow.fromDefinition(newer)).isInstanceOf(InvalidWorkflow.Malformed.class)
                .hasMessageContaining("version 9");
    }

    private static final String NODES = "\"nodes\":[{\"id\":\"1\",\"job\":{\"n\":\"a\",\"i\":\"1\"}},"
            + "{\"id\":\"2\",\"job\":{\"n\":\"b\",\"i\":\"2\"}}]";

    @Test
    void badCompactDefinitionsAreRejectedWithWhatIsWrong() {
        assertThatThrownBy(() -> Workflow.fromJson("{" + NODES + ",\"hymir_predecessors\":{\"lists\":[[0]],\"of\":[-1]}}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("one entry per node (2), found 1");
        assertThatThrownBy(() -> Workflow.fromJson("{" + NODES + ",\"hymir_predecessors\":{\"lists\":[[5]],\"of\":[-1,0]}}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("job index 5");
        assertThatThrownBy(() -> Workflow.fromJson("{" + NODES + ",\"hymir_predecessors\":{\"lists\":[[0]],\"of\":[-1,3]}}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("of[1]");
        assertThatThrownBy(() -> Workflow.fromJson("{" + NODES + ",\"hymir_predecessors\":{\"lists\":[[\"x\"]],\"of\":[-1,0]}}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("array of integers");
        assertThatThrownBy(() -> Workflow.fromJson("{" + NODES + ",\"links\":[{\"source\":\"1\",\"target\":\"2\"}],"
                + "\"hymir_predecessors\":{\"lists\":[[0]],\"of\":[-1,0]}}"))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("both");
        assertThatThrownBy(() -> Workflow.fromJson("{" + NODES + ",\"hymir_predecessors\":{\"lists\":[[1],[0]],\"of\":[0,1]}}"))
                .isInstanceOf(InvalidWorkflow.Cycle.class).hasMessageContaining("1 (a) -> 2 (b) -> 1 (a)");
    }
}
