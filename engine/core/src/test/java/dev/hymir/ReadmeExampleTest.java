package dev.hymir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The example at the top of README.md, as written there, does what its comments say. */
class ReadmeExampleTest {
    static final List<List<String>> PUBLISHED = new CopyOnWriteArrayList<>();

    public static final class Reports {
        @JobFunction(output = "reports")
        public static String report(String kind) { return kind + ".csv"; }

        @JobFunction(inputs = "reports")
        public static void publish(List<String> reports) { PUBLISHED.add(reports); }
    }

    @Test
    void theQuickExampleRuns() {
        Workflow wf = Workflow.of(Chain.of(
                Group.of(Job.of(Reports::report).set("inventory"), Job.of(Reports::report).set("sales")),
                Job.of(Reports::publish)));
        assertThat(wf.dependencies()).containsExactly(
                new Dependency("1", List.of()), new Dependency("2", List.of()), new Dependency("3", List.of("1", "2")));
        try (HymirEngine engine = HymirEngine.builder().build()) {
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            Map<String, List<Object>> outputs = engine.outputs(id);
            assertThat(outputs).containsOnlyKeys("reports");
            assertThat(outputs.get("reports")).containsExactlyInAnyOrder("inventory.csv", "sales.csv");
        }
        assertThat(PUBLISHED).hasSize(1);
        assertThat(PUBLISHED.get(0)).containsExactlyInAnyOrder("inventory.csv", "sales.csv");
    }
}
