package dev.hymir.dashboard;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.Job;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDiagram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GraphLayoutTest {

    private static GraphLayout layout(Workflow wf) {
        return GraphLayout.of(WorkflowDiagram.model(wf, WorkflowDiagram.Options.DEFAULT));
    }

    /** Group of {@code n} branches Chain(distinct head, distinct tail): 2n boxes, n arrows. */
    private static Workflow branches(int n) {
        List<Step> branches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            branches.add(Chain.of(Job.named("x.Head.h" + i), Job.named("x.Tail.t" + i)));
        }
        return Workflow.of(Group.of(branches));
    }

    @Test
    void everyArrowPointsDownAndNoBoxesOverlap() {
        Workflow wf = Workflow.of(Chain.of(Job.of(DashJobs::quick).set(0),
                Group.of(Job.of(DashJobs::quick).set(1), Chain.of(Job.named("a.B.c"), Job.named("a.B.d"))),
                Job.of(DashJobs::quick).set(2)));
        WorkflowDiagram.Model model = WorkflowDiagram.model(wf, WorkflowDiagram.Options.DEFAULT);
        GraphLayout layout = GraphLayout.of(model);

        for (WorkflowDiagram.Arrow a : model.arrows()) {
            assertThat(layout.y[a.to()]).as("arrow %s", a).isGreaterThan(layout.y[a.from()] + layout.h[a.from()]);
        }
        assertNoOverlap(layout);
        for (int i = 0; i < layout.x.length; i++) {
            assertThat(layout.x[i] + layout.w[i]).isLessThanOrEqualTo(layout.width);
            assertThat(layout.y[i] + layout.h[i]).isLessThanOrEqualTo(layout.height);
        }
    }

    @Test
    void wideLayersWrapIntoRowsOfEqualLength() {
        GraphLayout layout = layout(branches(54));

        Map<Integer, Integer> perRow = new HashMap<>();
        for (int y : layout.y) {
            perRow.merge(y, 1, Integer::sum);
        }
        assertThat(perRow.values()).containsOnly(27); // 2 layers of 54 boxes, 2 rows of 27 each
        assertThat(layout.width).isLessThanOrEqualTo(GraphLayout.MAX_PER_ROW * (GraphLayout.BOX_WIDTH + GraphLayout.H_GAP));
        assertNoOverlap(layout);
    }

    @Test
    void barycenterKeepsEachTailUnderItsHead() {
        WorkflowDiagram.Model model = WorkflowDiagram.model(branches(10), WorkflowDiagram.Options.DEFAULT);
        GraphLayout layout = GraphLayout.of(model);

        for (WorkflowDiagram.Arrow a : model.arrows()) {
            assertThat(layout.x[a.to()]).isEqualTo(layout.x[a.from()]); // no crossings: straight down
        }
    }

    @Test
    void thousandsOfBoxesLayOutWithoutOverlap() {
        WorkflowDiagram.Model model = WorkflowDiagram.model(branches(3000), WorkflowDiagram.Options.DEFAULT);
        GraphLayout layout = GraphLayout.of(model);

        assertThat(model.boxes()).hasSize(6000);
        assertNoOverlap(layout);
    }

    private static void assertNoOverlap(GraphLayout l) {
        // Boxes share a row only with boxes at the same y; within a row they are left to right.
        Map<Integer, List<Integer>> rows = new HashMap<>();
        for (int i = 0; i < l.x.length; i++) {
            rows.computeIfAbsent(l.y[i] + l.h[i] / 2, k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> row : rows.values()) {
            row.sort((a, b) -> Integer.compare(l.x[a], l.x[b]));
            for (int k = 1; k < row.size(); k++) {
                int prev = row.get(k - 1);
                assertThat(l.x[row.get(k)]).isGreaterThanOrEqualTo(l.x[prev] + l.w[prev]);
            }
        }
    }
}
