package dev.hymir.dashboard;

import dev.hymir.Callback;
import dev.hymir.Chain;
import dev.hymir.FailurePolicy;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.Step;
import dev.hymir.Workflow;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes target/screenshots/dashboard-readme.png: a workflow caught halfway, with running, pending,
 * succeeded and failed jobs. docs/dashboard.png in the repository is a copy of one such picture.
 */
class ReadmeScreenshotTest {

    static Workflow reportWorkflow() {
        List<Step> scores = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            scores.add(Job.of(Reports::scoreItem).set(i).withMeta(Map.of("concurrency", 40)));
        }
        List<Step> orders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            orders.add(Job.of(Reports::checkOrder).set(i));
        }
        return Workflow.of(Chain.of(
                Job.of(Reports::fetchCatalog),
                Group.of(
                        Chain.of(Group.of(Job.of(Reports::loadInventory).set("north"), Job.of(Reports::loadInventory).set("south")),
                                Group.of(scores), Job.of(Reports::mergeScores)),
                        Chain.of(Job.of(Reports::loadOrders).set("eu"), Group.of(orders), Job.of(Reports::mergeOrders))),
                Job.of(Reports::publishReport)))
                .on(Callback.ON_FINISHED, Job.of(Reports::notifyTeam));
    }

    @Test
    void runningWorkflowWithFailures() throws Exception {
        try (HymirEngine engine = HymirEngine.builder().failurePolicy(FailurePolicy.CONTINUE_OTHER_BRANCHES).build();
             HymirDashboard dashboard = Fixtures.dashboard(engine, engine);
             Browser browser = Browser.start(1280, 1480)) {
            String id = engine.run(reportWorkflow());
            DashJobs.gate(Reports.GATE).release(230);
            try {
                browser.open(dashboard.url() + "workflows/" + id);
                browser.awaitRendered();
                browser.until(d -> browser.text("#progress-text").startsWith("534 / 707"));
                browser.until(d -> browser.findAll(".failure-item").size() == 3);
                browser.js("window.scrollTo(0, 0)");
                Path file = browser.screenshot("dashboard-readme");
                assertThat(file).isRegularFile();
                assertThat(browser.text("#counts")).contains("40 running", "3 failed");
            } finally {
                DashJobs.gate(Reports.GATE).release(400);
            }
        }
    }
}
