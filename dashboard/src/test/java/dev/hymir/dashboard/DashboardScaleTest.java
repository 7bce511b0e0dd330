package dev.hymir.dashboard;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowReader;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages at scale in the test browser: a 10^5-job workflow (collapsed to 3 boxes, and spread
 * over 4,000 boxes), and a list of 10^4 workflows, over the engine and over Redis. Asserts that they
 * render and page; prints time to first render (navigation start to the page's first complete
 * render, graph drawn and tables filled) as the README's figures. No timed assertion.
 *
 * <p>Run alone: {@code bin/test -pl dashboard -am -Dtest=DashboardScaleTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
class DashboardScaleTest {
    private static final int WORKFLOWS = 10_000;
    private static final int JOBS = 100_000;
    private static final int WIDE_GROUPS = 2_000;

    private static Browser browser;
    private static LocalRedisServer redis;
    private static HymirEngine engine;
    private static String fanOutId;
    private static String wideId;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        browser = Browser.start();
        redis = LocalRedisServer.start();
        JobRegistry registry = JobRegistry.standard();
        for (int i = 0; i < WIDE_GROUPS; i++) {
            registry = registry.register("scale.head" + i, call -> null);
        }
        engine = HymirEngine.builder().registry(registry).stateStore(RedisStateStore.connect(redis.url())).build();
        fanOutId = engine.run(Fixtures.fanOut(JOBS - 2));
        wideId = engine.run(wide());
        List<String> small = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS - 2; i++) {
            small.add(engine.run(i % 100 == 0 ? Fixtures.failing("boom " + i) : Fixtures.fanOut(1)));
        }
        engine.await(fanOutId);
        engine.await(wideId);
        small.forEach(engine::await);
    }

    /** Group of 2,000 × Chain(a distinct head job, Group of 49 like jobs): 10^5 jobs, 4,000 boxes. */
    private static Workflow wide() {
        List<Step> branches = new ArrayList<>(WIDE_GROUPS);
        int per = JOBS / WIDE_GROUPS - 1;
        for (int i = 0; i < WIDE_GROUPS; i++) {
            List<Step> members = new ArrayList<>(per);
            for (int j = 0; j < per; j++) {
                members.add(Job.of(DashJobs::quick).set(j));
            }
            branches.add(Chain.of(Job.named("scale.head" + i), Group.of(members)));
        }
        return Workflow.of(Group.of(branches));
    }

    @AfterAll
    static void tearDown() {
        report.forEach(System.out::println);
        if (engine != null) {
            engine.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void overTheEngine() {
        measure("engine", engine);
    }

    @Test
    void overRedis() {
        try (RedisExecutor reader = RedisExecutor.connect(redis.url())) {
            measure("redis", reader);
        }
    }

    private void measure(String source, WorkflowReader reader) {
        try (HymirDashboard dashboard = HymirDashboard.builder().reader(reader).port(0).build().start()) {
            String list = dashboard.url() + "?limit=50";
            double listCold = render(list);
            double listWarm = render(list);
            assertThat(browser.findAll("#workflows tbody tr")).hasSize(50);
            assertThat(browser.text("#pager .range")).isEqualTo("1–50 of 10,000");
            browser.screenshot("scale-list-" + source);
            browser.find("#filters a[data-status='FAILURE']").click();
            browser.until(d -> browser.text("#pager .range").equals("1–50 of 100"));
            double lastPage = render(dashboard.url() + "?offset=9950&limit=50");
            assertThat(browser.findAll("#workflows tbody tr")).hasSize(50);

            String fanOut = dashboard.url() + "workflows/" + fanOutId;
            double fanOutCold = render(fanOut);
            double fanOutWarm = render(fanOut);
            assertThat(browser.text("#progress-text")).isEqualTo("100,000 / 100,000 jobs finished (100%)");
            assertThat(browser.find("#graph").getDomAttribute("data-boxes")).isEqualTo("3");
            assertThat(browser.text("#jobs-pager .range")).isEqualTo("1–25 of 100,000");
            browser.screenshot("scale-fan-out-" + source);

            String wide = dashboard.url() + "workflows/" + wideId;
            double wideCold = render(wide);
            double wideWarm = render(wide);
            assertThat(browser.find("#graph").getDomAttribute("data-boxes")).isEqualTo(Integer.toString(2 * WIDE_GROUPS));
            browser.screenshot("scale-4000-boxes-" + source);
            double redraw = ((Number) browser.js("const t = performance.now(); window.hymirGraph.fit();"
                    + " window.hymirGraph.draw(); return performance.now() - t;")).doubleValue();

            report.add(String.format(Locale.ROOT, "dashboard scale (%s): time to first render, ms (cold = first load,"
                    + " warm = again, cached)%n"
                    + "  list of 10,000 workflows, page 1 of 50:       cold %6.0f  warm %6.0f;  last page %6.0f%n"
                    + "  100,000-job fan-out (3 boxes):                cold %6.0f  warm %6.0f%n"
                    + "  100,000 jobs in 4,000 boxes:                  cold %6.0f  warm %6.0f;  full redraw %.0f ms",
                    source, listCold, listWarm, lastPage, fanOutCold, fanOutWarm, wideCold, wideWarm, redraw));
        }
    }

    /** Loads a page and returns the page's own time to first render, in ms from navigation start. */
    private static double render(String url) {
        browser.open("about:blank");
        browser.open(url);
        browser.awaitRendered();
        return ((Number) browser.js("return window.hymirFirstRender")).doubleValue();
    }
}
