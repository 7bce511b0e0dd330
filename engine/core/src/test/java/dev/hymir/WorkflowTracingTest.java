package dev.hymir;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's Observations as an application with Micrometer Tracing and its OpenTelemetry bridge sees
 * them: one trace per workflow, a span per job attempt under the workflow's, errors marked.
 */
@Timeout(60)
public class WorkflowTracingTest {
    /** For {@link #observesItsOwnWork}: the registry the test's engine uses. */
    static volatile ObservationRegistry registry;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;
    private OtelTracer tracer;
    private HymirEngine engine;

    @BeforeEach
    void setUp() {
        TestJobs.reset();
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        tracer = new OtelTracer(tracerProvider.get("hymir-test"), current, event -> { },
                new OtelBaggageManager(current, List.of(), List.of()));
        registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        engine = HymirEngine.builder().observationRegistry(registry).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        tracerProvider.close();
    }

    /** A job that observes something itself: it nests under the job's span. */
    @JobFunction
    public static void observesItsOwnWork() {
        Observation.createNotStarted("inside.the.job", registry).observe(() -> { });
    }

    private List<SpanData> named(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private SpanData workflowSpan() {
        List<SpanData> workflows = named("hymir workflow");
        assertThat(workflows).hasSize(1);
        return workflows.getFirst();
    }

    @Test
    void aWorkflowIsOneTraceWithASpanPerJobUnderIt() {
        String id = engine.run(Workflow.of(Chain.of(
                Group.of(Job.of(TestJobs::noop), Job.of(TestJobs::noop), Job.of(TestJobs::succeeds)),
                Job.of(WorkflowTracingTest::observesItsOwnWork))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);

        SpanData workflow = workflowSpan();
        assertThat(workflow.getParentSpanContext().isValid()).as("a trace of its own").isFalse();
        assertThat(workflow.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                .contains("hymir.workflow.id=" + id, "hymir.workflow.status=success");
        List<SpanData> jobs = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("dev.hymir.")).toList();
        assertThat(jobs).extracting(SpanData::getName).containsExactlyInAnyOrder("dev.hymir.TestJobs.noop",
                "dev.hymir.TestJobs.noop", "dev.hymir.TestJobs.succeeds", "dev.hymir.WorkflowTracingTest.observesItsOwnWork");
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.getTraceId()).isEqualTo(workflow.getTraceId());
            assertThat(job.getParentSpanId()).isEqualTo(workflow.getSpanId());
            assertThat(job.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
            assertThat(job.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                    .contains("hymir.workflow.id=" + id, "hymir.job.outcome=success");
        });
        SpanData last = jobs.stream().filter(s -> s.getName().endsWith("observesItsOwnWork")).findFirst().orElseThrow();
        SpanData inner = named("inside.the.job").getFirst();
        assertThat(inner.getParentSpanId()).as("what a job observes nests under its span").isEqualTo(last.getSpanId());
        assertThat(spans.getFinishedSpanItems()).hasSize(6);
    }

    @Test
    void failedJobsAndTheirWorkflowAreErrors() {
        String id = engine.run(Workflow.of(Chain.of(Group.of(Job.of(TestJobs::throwsException), Job.of(TestJobs::fails)),
                Job.of(TestJobs::noop))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);

        SpanData workflow = workflowSpan();
        assertThat(workflow.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData thrown = named("dev.hymir.TestJobs.throwsException").getFirst();
        assertThat(thrown.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(thrown.getEvents()).as("the exception is recorded").anyMatch(e -> e.getName().equals("exception"));
        List<SpanData> returnedFailure = named("dev.hymir.TestJobs.fails");
        if (!returnedFailure.isEmpty()) { // FAIL_FAST: it may not have started once the other failed
            assertThat(returnedFailure.getFirst().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(returnedFailure.getFirst().getAttributes().asMap())
                    .extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue()).contains("hymir.job.outcome=failure");
        }
        assertThat(named("dev.hymir.TestJobs.noop")).as("never ran").isEmpty();
    }

    @Test
    void aWorkflowRunInsideATraceJoinsIt() {
        Observation request = Observation.createNotStarted("http.request", registry).start();
        String id;
        try (Observation.Scope scope = request.openScope()) {
            id = engine.run(Workflow.of(Job.of(TestJobs::noop)));
        }
        engine.await(id);
        request.stop();
        SpanData parent = named("http.request").getFirst();
        assertThat(workflowSpan().getParentSpanId()).isEqualTo(parent.getSpanId());
    }
}
