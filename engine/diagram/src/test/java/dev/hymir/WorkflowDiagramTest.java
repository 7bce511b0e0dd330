package dev.hymir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WorkflowDiagramTest {

    static final class DiagramJobs {
        @JobFunction
        static void a() {
        }

        @JobFunction
        static void b(int i) {
        }

        @JobFunction(output = "reports")
        static String report() {
            return "r";
        }

        @JobFunction
        static void done() {
        }
    }

    private static final Pattern DOT_NODE = Pattern.compile("(?m)^  (\\w+) \\[");
    private static final Pattern DOT_EDGE = Pattern.compile("(?m)^  (\\w+) -> (\\w+)");
    private static final Pattern MERMAID_NODE = Pattern.compile("(?m)^  (\\w+)[\\[(]");
    private static final Pattern MERMAID_EDGE = Pattern.compile("(?m)^  (\\w+) (?:-->|-\\.->) (\\w+)$");

    private static Workflow chainOfAAndGroupOfBC() {
        return Workflow.of(Chain.of(
                Job.of(DiagramJobs::a),
                Group.of(Job.of(DiagramJobs::b).set(1), Job.of(DiagramJobs::report))));
    }

    /** Chain(root, Group of {@code size} jobs named b, sink). */
    private static Workflow fanOut(int size) {
        Job b = Job.named("com.acme.Reports.start");
        return Workflow.of(Chain.of(
                Job.named("com.acme.Reports.root"),
                Group.of(Collections.nCopies(size, b)),
                Job.named("com.acme.Reports.sink")));
    }

    @Test
    void dotOfChainThenGroupHasThreeJobsAndEdgesFromTheFirst() {
        String dot = WorkflowDiagram.dot(chainOfAAndGroupOfBC());

        assertThat(dot).startsWith("strict digraph workflow {");
        assertThat(matches(DOT_NODE, dot)).containsExactly("j1", "j2", "j3");
        assertThat(matches(DOT_EDGE, dot)).containsExactlyInAnyOrder("j1->j2", "j1->j3");
        assertThat(dot).contains("label=\"1: DiagramJobs.a\"", "label=\"2: DiagramJobs.b\"",
                "label=\"3: DiagramJobs.report\\noutput: reports\"");
        assertThat(dot).contains("tooltip=\"dev.hymir.WorkflowDiagramTest$DiagramJobs.a\"");
    }

    @Test
    void mermaidOfChainThenGroupHasThreeJobsAndEdgesFromTheFirst() {
        String mermaid = WorkflowDiagram.mermaid(chainOfAAndGroupOfBC());

        assertThat(mermaid).startsWith("flowchart TD\n");
        assertThat(matches(MERMAID_NODE, mermaid)).containsExactly("j1", "j2", "j3");
        assertThat(matches(MERMAID_EDGE, mermaid)).containsExactlyInAnyOrder("j1->j2", "j1->j3");
        assertThat(mermaid).contains("j1[\"1: DiagramJobs.a\"]", "j3[\"3: DiagramJobs.report<br/>output: reports\"]");
    }

    @Test
    void groupOf100000LikeJobsIsOneBoxWithCountAndIdRange() {
        Workflow wf = fanOut(100_000);

        String dot = WorkflowDiagram.dot(wf);
        assertThat(matches(DOT_NODE, dot)).containsExactly("j1", "g2", "j100002");
        assertThat(matches(DOT_EDGE, dot)).containsExactly("j1->g2", "g2->j100002");
        assertThat(dot).contains("label=\"Group \u00d7 100000 of Reports.start\\nids 2..100001\"");
        assertThat(dot.length()).isLessThan(1_000);

        String mermaid = WorkflowDiagram.mermaid(wf);
        assertThat(matches(MERMAID_NODE, mermaid)).containsExactly("j1", "g2", "j100002");
        assertThat(matches(MERMAID_EDGE, mermaid)).containsExactly("j1->g2", "g2->j100002");
        assertThat(mermaid).contains("g2[[\"Group \u00d7 100000 of Reports.start<br/>ids 2..100001\"]]");
        assertThat(mermaid.length()).isLessThan(1_000);
    }

    @Test
    void millionJobWorkflowGivesAHandfulOfBoxes() {
        String dot = WorkflowDiagram.dot(fanOut(1_000_000));

        assertThat(matches(DOT_NODE, dot)).containsExactly("j1", "g2", "j1000002");
        assertThat(dot).contains("Group \u00d7 1000000 of Reports.start\\nids 2..1000001");
        assertThat(dot.lines().count()).isLessThan(10);
    }

    @Test
    void consecutiveGroupsOf3000AreTwoBoxesConnectedOnce() {
        Workflow wf = Workflow.of(Chain.of(
                Group.of(Collections.nCopies(3000, Job.named("x.Load.part"))),
                Group.of(Collections.nCopies(3000, Job.named("x.Merge.part")))));

        String dot = WorkflowDiagram.dot(wf);
        assertThat(matches(DOT_NODE, dot)).containsExactly("g1", "g3001");
        assertThat(matches(DOT_EDGE, dot)).containsExactly("g1->g3001");
        assertThat(dot).contains("Group \u00d7 3000 of Load.part\\nids 1..3000",
                "Group \u00d7 3000 of Merge.part\\nids 3001..6000");

        String mermaid = WorkflowDiagram.mermaid(wf);
        assertThat(matches(MERMAID_EDGE, mermaid)).containsExactly("g1->g3001");
    }

    @Test
    void modelTellsWhichBoxEachJobIsIn() {
        Workflow wf = fanOut(1000).on(Callback.ON_FINISHED, Job.of(DiagramJobs::done));

        WorkflowDiagram.Model model = WorkflowDiagram.model(wf, WorkflowDiagram.Options.DEFAULT);

        assertThat(model.boxes()).extracting(WorkflowDiagram.Box::id).containsExactly("j1", "g2", "j1002", "cb_on_finished");
        assertThat(model.boxes()).extracting(WorkflowDiagram.Box::kind).containsExactly(WorkflowDiagram.BoxKind.JOB,
                WorkflowDiagram.BoxKind.COLLAPSED, WorkflowDiagram.BoxKind.JOB, WorkflowDiagram.BoxKind.CALLBACK);
        assertThat(model.boxes()).extracting(WorkflowDiagram.Box::jobs).containsExactly(1, 1000, 1, 0);
        assertThat(model.boxes().get(1).lines()).containsExactly("Group \u00d7 1000 of Reports.start", "ids 2..1001");
        assertThat(model.boxes().get(1).name()).isEqualTo("com.acme.Reports.start");
        assertThat(model.arrows()).containsExactly(new WorkflowDiagram.Arrow(0, 1, false),
                new WorkflowDiagram.Arrow(1, 2, false), new WorkflowDiagram.Arrow(2, 3, true));
        assertThat(model.jobCount()).isEqualTo(1002);
        assertThat(model.boxOf("1")).isZero();
        assertThat(model.boxOf("2")).isEqualTo(1);
        assertThat(model.boxOf("1001")).isEqualTo(1);
        assertThat(model.boxOf("1002")).isEqualTo(2);
        assertThatThrownBy(() -> model.boxOf("1003")).isInstanceOf(JobDoesNotExist.class).hasMessageContaining("1003");
        assertThatThrownBy(() -> model.boxOf(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobId");
        assertThatThrownBy(() -> WorkflowDiagram.model(null, WorkflowDiagram.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void collapseDisabledShowsEveryJob() {
        Workflow wf = fanOut(4);

        String dot = WorkflowDiagram.dot(wf, WorkflowDiagram.Options.DEFAULT.withoutCollapse());
        assertThat(matches(DOT_NODE, dot)).containsExactly("j1", "j2", "j3", "j4", "j5", "j6");
        assertThat(matches(DOT_EDGE, dot)).containsExactlyInAnyOrder(
                "j1->j2", "j1->j3", "j1->j4", "j1->j5", "j2->j6", "j3->j6", "j4->j6", "j5->j6");

        String mermaid = WorkflowDiagram.mermaid(wf, WorkflowDiagram.Options.DEFAULT.withoutCollapse());
        assertThat(matches(MERMAID_NODE, mermaid)).containsExactly("j1", "j2", "j3", "j4", "j5", "j6");
    }

    @Test
    void runsShorterThanTheThresholdStayExpanded() {
        Workflow wf = fanOut(4);

        assertThat(matches(DOT_NODE, WorkflowDiagram.dot(wf))).containsExactly("j1", "g2", "j6");
        assertThat(matches(DOT_NODE, WorkflowDiagram.dot(wf, WorkflowDiagram.Options.DEFAULT.withCollapseThreshold(5))))
                .containsExactly("j1", "j2", "j3", "j4", "j5", "j6");
        assertThat(matches(DOT_NODE, WorkflowDiagram.dot(fanOut(2)))).containsExactly("j1", "j2", "j3", "j4");
        assertThatThrownBy(() -> new WorkflowDiagram.Options(true, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("collapseThreshold must be >= 2")
                .hasMessageContaining("was 1");
    }

    @Test
    void siblingsWithDifferentSuccessorsDoNotCollapse() {
        // Three Chain(x, y) in a Group: the x's share their predecessor but each has its own successor,
        // and each y waits for its own x, so no two jobs are alike.
        Job x = Job.named("p.X.x");
        Job y = Job.named("p.Y.y");
        Workflow wf = Workflow.of(Chain.of(Job.named("p.R.root"),
                Group.of(Chain.of(x, y), Chain.of(x, y), Chain.of(x, y))));

        String dot = WorkflowDiagram.dot(wf);

        assertThat(matches(DOT_NODE, dot)).containsExactly("j1", "j2", "j3", "j4", "j5", "j6", "j7");
        assertThat(matches(DOT_EDGE, dot)).containsExactlyInAnyOrder(
                "j1->j2", "j1->j4", "j1->j6", "j2->j3", "j4->j5", "j6->j7");
    }

    @Test
    void graphsFromJGraphTCollapseOnEqualPredecessorSets() {
        // fromGraph gives each one-predecessor job its own array: likeness must compare contents.
        org.jgrapht.Graph<Job, org.jgrapht.graph.DefaultEdge> g = new org.jgrapht.graph.DefaultDirectedGraph<>(
                org.jgrapht.graph.DefaultEdge.class);
        Job root = Job.named("p.R.root");
        Job sink = Job.named("p.S.sink");
        g.addVertex(root);
        g.addVertex(sink);
        for (int i = 0; i < 4; i++) {
            Job w = Job.named("p.W.work").set(i);
            g.addVertex(w);
            g.addEdge(root, w);
            g.addEdge(w, sink);
        }
        Workflow wf = Workflow.fromGraph(g);

        String dot = WorkflowDiagram.dot(wf);

        assertThat(matches(DOT_NODE, dot)).containsExactly("j1", "j2", "g3");
        assertThat(matches(DOT_EDGE, dot)).containsExactlyInAnyOrder("j1->g3", "g3->j2");
        assertThat(dot).contains("Group \u00d7 4 of W.work\\nids 3..6");
    }

    @Test
    void interleavedLikeJobsSayTheirIdsAreNotContiguous() {
        Job a = Job.named("p.A.a");
        Job b = Job.named("p.B.b");
        Workflow wf = Workflow.of(Group.of(a, b, a, b, a, b));

        String dot = WorkflowDiagram.dot(wf);

        assertThat(matches(DOT_NODE, dot)).containsExactly("g1", "g2");
        assertThat(dot).contains("Group \u00d7 3 of A.a\\nids 1..5 (interleaved)", "Group \u00d7 3 of B.b\\nids 2..6 (interleaved)");
    }

    @Test
    void manyToManyEdgesMeetInOneJoinPoint() {
        List<Step> first = new ArrayList<>();
        List<Step> second = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(Job.named("p.First.f" + i));
            second.add(Job.named("p.Second.s" + i));
        }
        Workflow wf = Workflow.of(Chain.of(Group.of(first), Group.of(second)));

        String dot = WorkflowDiagram.dot(wf);

        assertThat(matches(DOT_NODE, dot)).hasSize(11).contains("join1");
        assertThat(dot).contains("join1 [ shape=\"point\"");
        assertThat(matches(DOT_EDGE, dot)).hasSize(10)
                .contains("j1->join1", "j5->join1", "join1->j6", "join1->j10");
        assertThat(matches(MERMAID_EDGE, WorkflowDiagram.mermaid(wf))).hasSize(10).contains("j1->join1", "join1->j6");
    }

    @Test
    void callbacksAreDashedBoxesAfterTheTerminalJobs() {
        Workflow wf = chainOfAAndGroupOfBC().on(Callback.ON_FINISHED, Job.of(DiagramJobs::done));

        String dot = WorkflowDiagram.dot(wf);
        assertThat(dot).contains("cb_on_finished [ shape=\"box\" style=\"dashed\" label=\"on_finished: DiagramJobs.done\"");
        assertThat(dot).contains("j2 -> cb_on_finished [ style=\"dashed\" ]", "j3 -> cb_on_finished [ style=\"dashed\" ]");
        assertThat(matches(DOT_EDGE, dot)).hasSize(4);

        String mermaid = WorkflowDiagram.mermaid(wf);
        assertThat(mermaid).contains("  j2 -.-> cb_on_finished\n", "  j3 -.-> cb_on_finished\n",
                "classDef callback stroke-dasharray: 5 5", "class cb_on_finished callback");
    }

    @Test
    void labelsAreEscapedForEachFormat() {
        Workflow wf = Workflow.of(Job.named("we\"ird\\name<b>#1"));

        String dot = WorkflowDiagram.dot(wf);
        assertThat(dot).contains("label=\"1: we\\\"ird\\\\name<b>#1\"");

        String mermaid = WorkflowDiagram.mermaid(wf);
        assertThat(mermaid).contains("j1[\"1: we#34;ird\\name#60;b#62;#35;1\"]");
    }

    @Test
    void rendersSvgAndPngWithGraphviz(@TempDir Path dir) throws IOException {
        assumeTrue(dotIsOnPath(), "Graphviz 'dot' is not on PATH (apt-get install graphviz)");
        Workflow wf = fanOut(1000).on(Callback.ON_FINISHED, Job.named("x.Notify.done"));

        Path svg = dir.resolve("sub/workflow.svg");
        WorkflowDiagram.render(wf, svg);
        String text = Files.readString(svg);
        assertThat(text).contains("<svg").contains("Group \u00d7 1000 of Reports.start");

        Path png = dir.resolve("workflow.PNG");
        WorkflowDiagram.render(wf, png);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sub", "workflow.PNG");
        }
    }

    @Test
    void missingGraphvizSaysWhatToInstall(@TempDir Path dir) {
        Path file = dir.resolve("workflow.svg");
        String missing = dir.resolve("no-such-dir/dot").toString();

        assertThatThrownBy(() -> WorkflowDiagram.render(chainOfAAndGroupOfBC(), file, WorkflowDiagram.Options.DEFAULT, missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Graphviz 'dot' is not on PATH; install it (Debian/Ubuntu: apt-get install graphviz)")
                .hasMessageContaining(missing);
        assertThat(file).doesNotExist();
    }

    @Test
    void graphvizErrorsAreReportedWithItsMessage(@TempDir Path dir) throws IOException {
        // A stand-in executable that fails like dot does on bad input.
        Path fake = dir.resolve("fake-dot");
        Files.writeString(fake, "#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n");
        assumeTrue(fake.toFile().setExecutable(true) && Files.isExecutable(Path.of("/bin/sh")));
        Path file = dir.resolve("workflow.png");

        assertThatThrownBy(() -> WorkflowDiagram.render(chainOfAAndGroupOfBC(), file, WorkflowDiagram.Options.DEFAULT, fake.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("Error: syntax error in line 1");
        assertThat(file).doesNotExist();
    }

    @Test
    void unsupportedExtensionListsTheSupportedOnes(@TempDir Path dir) {
        Path file = dir.resolve("workflow.pdf");

        assertThatThrownBy(() -> WorkflowDiagram.render(chainOfAAndGroupOfBC(), file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflow.pdf")
                .hasMessageContaining(".svg or .png");
        assertThatThrownBy(() -> WorkflowDiagram.render(chainOfAAndGroupOfBC(), dir.resolve("workflow")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".svg or .png");
        assertThat(file).doesNotExist();
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        var m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.groupCount() == 1 ? m.group(1) : m.group(1) + "->" + m.group(2));
        }
        return found;
    }

    private static boolean dotIsOnPath() {
        try {
            Process p = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
