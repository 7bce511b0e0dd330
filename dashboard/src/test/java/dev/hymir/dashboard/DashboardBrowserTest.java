package dev.hymir.dashboard;

import dev.hymir.HymirEngine;
import dev.hymir.WorkflowState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages in a real browser (headless Chromium), over an engine in this JVM. */
class DashboardBrowserTest {
    private static Browser browser;
    private HymirEngine engine;
    private HymirDashboard dashboard;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void start() {
        engine = Fixtures.engine();
        dashboard = Fixtures.dashboard(engine, null);
    }

    @AfterEach
    void stop() {
        dashboard.close();
        engine.close();
    }

    private String progressText() {
        return browser.text("#progress-text");
    }

    @Test
    void listShowsARunningWorkflowWhosePageFollowsItToSuccessWithoutReloading() {
        String gate = "browser-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 40));

        browser.open(dashboard.url());
        browser.awaitRendered();
        String row = "tr[data-id='" + id + "']";
        browser.until(d -> d.findElement(By.cssSelector(row)));
        assertThat(browser.text(row + " .badge")).isEqualTo("RUNNING");
        assertThat(browser.text(row)).contains("1 / 42");

        browser.find(row + " a").click();
        browser.awaitRendered();
        browser.js("window.sameDocument = 'yes'");
        assertThat(browser.text("#wf-id")).isEqualTo(id);
        assertThat(browser.text("#wf-status")).isEqualTo("RUNNING");
        assertThat(progressText()).startsWith("1 / 42 jobs finished");
        assertThat(browser.find("#graph").getDomAttribute("data-boxes")).isEqualTo("3");

        List<String> seen = new ArrayList<>();
        DashJobs.gate(gate).release(15);
        seen.add(browser.until(d -> progressText().startsWith("16 / 42") ? progressText() : null));
        DashJobs.gate(gate).release(25);
        browser.until(d -> browser.text("#wf-status").equals("SUCCESS"));
        seen.add(progressText());

        assertThat(seen).containsExactly("16 / 42 jobs finished (38%)", "42 / 42 jobs finished (100%)");
        assertThat(browser.js("return window.sameDocument")).isEqualTo("yes"); // updated in place, not reloaded
        assertThat(browser.js("return Array.from(window.hymirGraph.counts)"))
                .isEqualTo(List.of(0L, 0L, 1L, 0L, 0L, 0L, 40L, 0L, 0L, 0L, 1L, 0L));
        assertThat(browser.text("#live")).isEqualTo("finished");
        browser.until(d -> browser.findAll("#jobs tbody tr[data-status='SUCCESS']").size() == 25); // tables follow
        browser.screenshot("workflow-success");
    }

    @Test
    void failingWorkflowShowsItsExceptionAndTheFullTraceOnDemand() {
        String id = engine.run(Fixtures.failing("disk full on /var"));
        engine.await(id);

        browser.open(dashboard.url() + "workflows/" + id);
        browser.awaitRendered();

        assertThat(browser.text("#wf-status")).isEqualTo("FAILURE");
        WebElement failure = browser.find(".failure-item[data-job='3']");
        assertThat(failure.findElement(By.className("line")).getText())
                .isEqualTo("java.lang.IllegalStateException: disk full on /var");
        WebElement trace = failure.findElement(By.tagName("pre"));
        assertThat(trace.isDisplayed()).isFalse();
        failure.findElement(By.className("trace-toggle")).click();
        browser.until(d -> trace.isDisplayed());
        assertThat(trace.getText()).startsWith("java.lang.IllegalStateException: disk full on /var")
                .contains("at dev.hymir.dashboard.DashJobs.fail(");

        browser.find("#job-filters a[data-status='FAILURE']").click();
        browser.until(d -> browser.findAll("#jobs tbody tr").size() == 1);
        assertThat(browser.text("#jobs tbody tr td.exception")).isEqualTo("java.lang.IllegalStateException: disk full on /var");
        browser.screenshot("workflow-failure");
    }

    @Test
    void scriptInAnExceptionOrArgumentShowsAsTextAndNeverRuns() {
        String evil = "<script>window.hymirXss=1</script><img src=x onerror=\"window.hymirXss=2\">";
        String id = engine.run(Fixtures.failing(evil));
        engine.await(id);

        browser.open(dashboard.url() + "workflows/" + id);
        browser.awaitRendered();

        String expected = "java.lang.IllegalStateException: " + evil;
        assertThat(browser.text(".failure-item[data-job='3'] .line")).isEqualTo(expected);
        browser.find(".failure-item[data-job='3'] .trace-toggle").click();
        browser.until(d -> browser.find(".failure-item[data-job='3'] pre").isDisplayed());
        assertThat(browser.text(".failure-item[data-job='3'] pre")).startsWith(expected);
        WebElement jobRow = browser.find("#jobs tbody tr[data-job='3']");
        assertThat(jobRow.findElement(By.className("args")).getText()).contains("<script>window.hymirXss=1</script>");
        jobRow.findElement(By.className("details")).click();
        browser.until(d -> browser.find("#job-dialog").isDisplayed());
        assertThat(browser.text("#job-exception")).startsWith(expected);

        assertThat(browser.js("return window.hymirXss === undefined")).isEqualTo(true);
        assertThat(browser.js("return document.querySelectorAll('body img, main script').length")).isEqualTo(0L);
        browser.open(dashboard.url());
        browser.awaitRendered();
        assertThat(browser.js("return window.hymirXss === undefined")).isEqualTo(true);
    }

    @Test
    void listFiltersByStatusAndPages() {
        for (int i = 0; i < 12; i++) {
            engine.await(engine.run(Fixtures.fanOut(2)));
        }
        String failed = engine.run(Fixtures.failing("x"));
        engine.await(failed);

        browser.open(dashboard.url() + "?limit=10");
        browser.awaitRendered();
        assertThat(browser.findAll("#workflows tbody tr")).hasSize(10);
        assertThat(browser.text("#pager .range")).isEqualTo("1–10 of 13");
        browser.find("#pager .next").click();
        browser.until(d -> browser.text("#pager .range").equals("11–13 of 13"));
        assertThat(browser.findAll("#workflows tbody tr")).hasSize(3);

        browser.find("#filters a[data-status='FAILURE']").click();
        browser.until(d -> browser.text("#pager .range").equals("1–1 of 1"));
        assertThat(browser.find("#workflows tbody tr").getDomAttribute("data-id")).isEqualTo(failed);
        assertThat(browser.text("#filters a[data-status='FAILURE']")).isEqualTo("Failure (1)");
        assertThat(browser.text("#filters a[data-status='ALL']")).isEqualTo("All (13)");
        assertThat(browser.driver.getCurrentUrl()).contains("status=FAILURE");
    }

    @Test
    void cancelButtonAsksFirstThenCancels() {
        dashboard.close();
        dashboard = Fixtures.dashboard(engine, engine);
        String gate = "browser-cancel-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 3));
        try {
            browser.open(dashboard.url() + "workflows/" + id);
            browser.awaitRendered();
            WebElement cancel = browser.find("#cancel");
            assertThat(cancel.isDisplayed()).isTrue();

            cancel.click();
            browser.until(d -> browser.find("#cancel-dialog").isDisplayed());
            browser.find("#cancel-no").click();
            browser.until(d -> !browser.find("#cancel-dialog").isDisplayed());
            assertThat(engine.workflowState(id).isFinished()).isFalse();

            cancel.click();
            browser.until(d -> browser.find("#cancel-dialog").isDisplayed());
            browser.find("#cancel-yes").click();
            browser.until(d -> browser.text("#wf-status").equals("CANCELLED"));
            assertThat(engine.await(id, Duration.ofSeconds(10)).status()).isEqualTo(WorkflowState.Status.CANCELLED);
            assertThat(browser.find("#cancel").isDisplayed()).isFalse();
        } finally {
            DashJobs.gate(gate).release(3);
        }
    }

    @Test
    void readOnlyDashboardShowsNoCancelButton() {
        String gate = "browser-ro-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 1));
        try {
            browser.open(dashboard.url() + "workflows/" + id);
            browser.awaitRendered();
            assertThat(browser.text("#wf-status")).isEqualTo("RUNNING");
            assertThat(browser.find("#cancel").isDisplayed()).isFalse();
        } finally {
            DashJobs.gate(gate).release();
        }
    }

    @Test
    void unknownWorkflowPageSaysSo() {
        browser.open(dashboard.url() + "workflows/no-such-workflow");
        browser.until(d -> browser.find("#problem").isDisplayed());
        assertThat(browser.text("#problem")).contains("no-such-workflow");
    }

    @Test
    void clickingAGraphBoxListsItsJobs() {
        String id = engine.run(Fixtures.fanOut(30));
        engine.await(id);
        browser.open(dashboard.url() + "workflows/" + id);
        browser.awaitRendered();

        // The centre of box 1 (the Group of 30) in canvas pixels, from the graph's own transform.
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) browser.js("const g = window.hymirGraph; const b = g.boxes[1];"
                + " const r = g.canvas.getBoundingClientRect();"
                + " return [r.left + g.tx + (b.x + b.w / 2) * g.scale, r.top + g.ty + (b.y + b.h / 2) * g.scale];");
        new org.openqa.selenium.interactions.Actions(browser.driver)
                .moveToLocation(at.get(0).intValue(), at.get(1).intValue()).click().perform();

        browser.until(d -> browser.find("#box-filter").isDisplayed());
        assertThat(browser.text("#box-filter")).contains("Group \u00d7 30 of DashJobs.quick");
        browser.until(d -> browser.text("#jobs-pager .range").equals("1–25 of 30"));
        assertThat(browser.find("#jobs tbody tr").getDomAttribute("data-job")).isEqualTo("2");
    }
}
