package dev.hymir.it.api;

import dev.hymir.Callback;
import dev.hymir.Chain;
import dev.hymir.CheckLater;
import dev.hymir.Dependency;
import dev.hymir.EngineClock;
import dev.hymir.Failure;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.HymirWorker;
import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;
import dev.hymir.JobMethod;
import dev.hymir.JobRegistry;
import dev.hymir.JournalDurability;
import dev.hymir.JobState;
import dev.hymir.JournalEntry;
import dev.hymir.JournalReader;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.RedisWorkers;
import dev.hymir.Retry;
import dev.hymir.Step;
import dev.hymir.Success;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDiagram;
import dev.hymir.WorkflowReader;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import dev.hymir.testing.ManualClock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every public method and constructor of the API ({@code dev.hymir} and {@code dev.hymir.testing}),
 * called with {@code null} for each reference parameter in turn: the caller gets an
 * IllegalArgumentException (or the InvalidWorkflow that fits) whose message names the parameter,
 * never a bare NullPointerException; or, where null means something (documented), no exception.
 * {@link #everyPublicParameterHasARow()} reads the API by reflection, so a new public method without
 * a row here fails the build. Lives outside {@code dev.hymir} so it sees only what users see.
 */
class NullArgumentsTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<InvalidWorkflow.EmptyStep> EMPTY = InvalidWorkflow.EmptyStep.class;

    private static LocalRedisServer server;
    private static HymirEngine engine;
    private static RedisExecutor redisReader;
    private static String id;

    @TempDir
    static Path dir;

    /** A row: which parameter of which method, the call with null there, and what must happen. */
    record Row(String key, ThrowingCallable call, Class<? extends Throwable> type, String mentions) {
    }

    @BeforeAll
    static void start() {
        server = LocalRedisServer.start();
        redisReader = RedisExecutor.connect(server.url());
        engine = HymirEngine.builder().registry(JobRegistry.explicitOnly().register("noop", call -> null)).build();
        id = engine.run(Workflow.of(Job.named("noop")));
        engine.await(id);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (redisReader != null) {
            redisReader.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Row fails(String key, ThrowingCallable call, String mentions) {
        return new Row(key, call, IAE, mentions);
    }

    private static Row fails(String key, ThrowingCallable call, Class<? extends Throwable> type, String mentions) {
        return new Row(key, call, type, mentions);
    }

    /** Null is allowed here and means what the javadoc says; the call must not throw. */
    private static Row allowed(String key, ThrowingCallable call) {
        return new Row(key, call, null, null);
    }

    static List<Row> rows() {
        Job job = Job.named("m.a");
        Workflow wf = Workflow.of(job);
        Path file = dir.resolve("x.svg");
        List<Row> rows = new ArrayList<>(List.of(
                fails("Chain.new(List)#0", () -> new Chain(null), EMPTY, "steps must not be null"),
                fails("Chain.of(Step[])#0", () -> Chain.of((Step[]) null), EMPTY, "steps must not be null"),
                fails("Chain.of(Step[])#0[]", () -> Chain.of(job, null), EMPTY, "steps[1] must not be null"),
                fails("Chain.of(List)#0", () -> Chain.of((List<Step>) null), EMPTY, "steps must not be null"),
                fails("Group.new(List)#0", () -> new Group(null), EMPTY, "steps must not be null"),
                fails("Group.of(Step[])#0", () -> Group.of((Step[]) null), EMPTY, "steps must not be null"),
                fails("Group.of(Step[])#0[]", () -> Group.of(null, job), EMPTY, "steps[0] must not be null"),
                fails("Group.of(List)#0", () -> Group.of((List<Step>) null), EMPTY, "steps must not be null"),
                allowed("CheckLater.new(Duration,Map)#0", () -> assertThat(new CheckLater(null, Map.of()).waitFor()).isZero()),
                allowed("CheckLater.new(Duration,Map)#1", () -> assertThat(new CheckLater(Duration.ZERO, null).context()).isEmpty()),
                allowed("CheckLater.after(Duration)#0", () -> assertThat(CheckLater.after(null).waitFor()).isZero()),
                allowed("Retry.new(Duration,Duration,Integer)#0", () -> assertThat(new Retry(null, Duration.ZERO, 1).waitMin()).isZero()),
                allowed("Retry.new(Duration,Duration,Integer)#1", () -> assertThat(new Retry(Duration.ZERO, null, 1).waitMax()).isZero()),
                allowed("Retry.new(Duration,Duration,Integer)#2", () -> assertThat(new Retry(null, null, null).maxRetries()).isNull()),
                fails("Retry.after(Duration,int)#0", () -> Retry.after(null, 1), "wait must not be null"),
                allowed("Success.new(Object)#0", () -> assertThat(new Success(null).result()).isNull()),
                allowed("Failure.new(Object)#0", () -> assertThat(new Failure(null).result()).isNull()),
                fails("Dependency.new(String,List)#0", () -> new Dependency(null, List.of()), "jobId must not be null"),
                fails("Dependency.new(String,List)#1", () -> new Dependency("1", null), "predecessors must not be null"),
                allowed("EngineClock.onAdvance(Runnable)#0", () -> EngineClock.system().onAdvance(null)),
                fails("JobState.new(Status,int,Map,String)#0", () -> new JobState(null, 0, Map.of(), null), "status must not be null"),
                allowed("JobState.new(Status,int,Map,String)#2", () -> assertThat(new JobState(JobState.Status.PENDING, 0, null, null).context()).isEmpty()),
                allowed("JobState.new(Status,int,Map,String)#3", () -> new JobState(JobState.Status.PENDING, 0, Map.of(), null)),
                fails("WorkflowState.new(Status)#0", () -> new WorkflowState(null), "status must not be null"),
                allowed("JournalEntry.new(long,String,Type,String,String)#1", () -> new JournalEntry(0, null, JournalEntry.Type.STARTED, "1", "")),
                fails("JournalEntry.new(long,String,Type,String,String)#2", () -> new JournalEntry(0, "w", null, "1", ""), "type must not be null"),
                allowed("JournalEntry.new(long,String,Type,String,String)#3", () -> new JournalEntry(0, "w", JournalEntry.Type.FINISHED, null, "")),
                allowed("JournalEntry.new(long,String,Type,String,String)#4", () -> assertThat(new JournalEntry(0, "w", JournalEntry.Type.CLEARED, null, null).detail()).isEmpty()),
                fails("JournalReader.open(Path)#0", () -> JournalReader.open(null), "dir must not be null"),

                // Job
                fails("Job.Input.new(String,String)#0", () -> new Job.Input(null, "p"), "output must not be null"),
                fails("Job.Input.new(String,String)#1", () -> new Job.Input("o", null), "parameter must not be null"),
                fails("Job.Input.parse(String)#0", () -> Job.Input.parse(null), "spec must not be null"),
                fails("Job.named(String)#0", () -> Job.named(null), "job name must not be null"),
                allowed("Job.set(Object[])#0", () -> assertThat(job.set((Object[]) null).args()).isEmpty()),
                allowed("Job.set(Object[])#0[]", () -> assertThat(job.set("a", null).args()).containsExactly("a", null)),
                fails("Job.withKwargs(Map)#0", () -> job.withKwargs(null), "kwargs must not be null"),
                fails("Job.withKwargs(Map)#0[]", () -> job.withKwargs(mapWithNullKey()), "kwarg key must not be null"),
                allowed("Job.withOutput(String)#0", () -> assertThat(job.withOutput("x").withOutput(null).output()).isNull()),
                fails("Job.withInputs(String[])#0", () -> job.withInputs((String[]) null), "inputs must not be null"),
                fails("Job.withInputs(String[])#0[]", () -> job.withInputs("a", null), "inputs[1] must not be null"),
                fails("Job.withInput(String,String)#0", () -> job.withInput(null, "p"), "output must not be null"),
                fails("Job.withInput(String,String)#1", () -> job.withInput("o", null), "parameter must not be null"),
                fails("Job.withMeta(Map)#0", () -> job.withMeta(null), "meta must not be null"),
                fails("Job.withMeta(Map)#0[]", () -> job.withMeta(mapWithNullKey()), "meta key must not be null"),
                fails("Job.withMeta(Map)#0[blank]", () -> job.withMeta(Map.of(" ", 1)), "meta key must not be null or blank"),

                // JobRegistry
                fails("JobRegistry.standard(ClassLoader)#0", () -> JobRegistry.standard(null), "loader must not be null"),
                fails("JobRegistry.register(Class)#0", () -> JobRegistry.explicitOnly().register((Class<?>) null), "type must not be null"),
                fails("JobRegistry.register(String,JobHandler)#0", () -> JobRegistry.explicitOnly().register(null, call -> null), "job name must not be null"),
                fails("JobRegistry.register(String,JobHandler)#1", () -> JobRegistry.explicitOnly().register("x", null), "handler must not be null"),
                fails("JobRegistry.register(String,Object,String)#0", () -> JobRegistry.explicitOnly().register(null, "bean", "length"), "job name must not be null"),
                fails("JobRegistry.register(String,Object,String)#1", () -> JobRegistry.explicitOnly().register("x", null, "length"), "bean must not be null"),
                fails("JobRegistry.register(String,Object,String)#2", () -> JobRegistry.explicitOnly().register("x", "bean", null), "methodName must not be null"),
                fails("JobRegistry.validate(Workflow)#0", () -> JobRegistry.standard().validate(null), "workflow must not be null"),
                fails("JobRegistry.contains(String)#0", () -> JobRegistry.standard().contains(null), "name must not be null"),

                // Workflow
                fails("Workflow.of(Step)#0", () -> Workflow.of(null), EMPTY, "root must not be null"),
                fails("Workflow.fromGraph(Graph)#0", () -> Workflow.fromGraph(null), "graph must not be null"),
                fails("Workflow.fromJson(String)#0", () -> Workflow.fromJson(null), "json must not be null"),
                fails("Workflow.on(Callback,Job)#0", () -> wf.on(null, job), "when must not be null"),
                fails("Workflow.on(Callback,Job)#1", () -> wf.on(Callback.ON_FINISHED, null), "job must not be null"),
                fails("Workflow.job(String)#0", () -> wf.job(null), "id must not be null"),
                fails("Workflow.Builder.add(Job)#0", () -> Workflow.builder().add(null), "job must not be null"),
                fails("Workflow.Builder.addAfter(Job,int[])#0", () -> Workflow.builder().addAfter(null), "job must not be null"),
                fails("Workflow.Builder.addAfter(Job,int[])#1", () -> Workflow.builder().addAfter(job, (int[]) null), "predecessorIds must not be null"),
                fails("Workflow.Builder.edge(String,String)#0", () -> Workflow.builder().edge(null, "1"), "from must not be null"),
                fails("Workflow.Builder.edge(String,String)#1", () -> Workflow.builder().edge("1", null), "to must not be null"),
                fails("Workflow.Builder.on(Callback,Job)#0", () -> Workflow.builder().on(null, job), "when must not be null"),
                fails("Workflow.Builder.on(Callback,Job)#1", () -> Workflow.builder().on(Callback.ON_SUCCESS, null), "job must not be null"),

                // WorkflowDiagram
                fails("WorkflowDiagram.dot(Workflow)#0", () -> WorkflowDiagram.dot(null), "wf must not be null"),
                fails("WorkflowDiagram.dot(Workflow,Options)#0", () -> WorkflowDiagram.dot(null, WorkflowDiagram.Options.DEFAULT), "wf must not be null"),
                fails("WorkflowDiagram.dot(Workflow,Options)#1", () -> WorkflowDiagram.dot(wf, null), "options must not be null"),
                fails("WorkflowDiagram.mermaid(Workflow)#0", () -> WorkflowDiagram.mermaid(null), "wf must not be null"),
                fails("WorkflowDiagram.mermaid(Workflow,Options)#0", () -> WorkflowDiagram.mermaid(null, WorkflowDiagram.Options.DEFAULT), "wf must not be null"),
                fails("WorkflowDiagram.mermaid(Workflow,Options)#1", () -> WorkflowDiagram.mermaid(wf, null), "options must not be null"),
                fails("WorkflowDiagram.render(Workflow,Path)#0", () -> WorkflowDiagram.render(null, file), "wf must not be null"),
                fails("WorkflowDiagram.render(Workflow,Path)#1", () -> WorkflowDiagram.render(wf, null), "file must not be null"),
                fails("WorkflowDiagram.render(Workflow,Path,Options)#0", () -> WorkflowDiagram.render(null, file, WorkflowDiagram.Options.DEFAULT), "wf must not be null"),
                fails("WorkflowDiagram.render(Workflow,Path,Options)#1", () -> WorkflowDiagram.render(wf, null, WorkflowDiagram.Options.DEFAULT), "file must not be null"),
                fails("WorkflowDiagram.render(Workflow,Path,Options)#2", () -> WorkflowDiagram.render(wf, file, null), "options must not be null"),
                fails("WorkflowDiagram.model(Workflow,Options)#0", () -> WorkflowDiagram.model(null, WorkflowDiagram.Options.DEFAULT), "wf must not be null"),
                fails("WorkflowDiagram.model(Workflow,Options)#1", () -> WorkflowDiagram.model(wf, null), "options must not be null"),
                fails("WorkflowDiagram.Model.boxOf(String)#0", () -> WorkflowDiagram.model(wf, WorkflowDiagram.Options.DEFAULT).boxOf(null), "jobId must not be null"),
                fails("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#0", () -> new WorkflowDiagram.Box(null, WorkflowDiagram.BoxKind.JOB, List.of(), "x", 1), "id must not be null"),
                fails("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#1", () -> new WorkflowDiagram.Box("b", null, List.of(), "x", 1), "kind must not be null"),
                fails("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#2", () -> new WorkflowDiagram.Box("b", WorkflowDiagram.BoxKind.JOB, null, "x", 1), "lines must not be null"),
                allowed("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#3", () -> new WorkflowDiagram.Box("b", WorkflowDiagram.BoxKind.JOIN, List.of(), null, 0)),

                fails("WorkflowDiagram.model(Workflow,Options)#0", () -> WorkflowDiagram.model(null, WorkflowDiagram.Options.DEFAULT), "wf must not be null"),
                fails("WorkflowDiagram.model(Workflow,Options)#1", () -> WorkflowDiagram.model(wf, null), "options must not be null"),
                fails("WorkflowDiagram.Model.boxOf(String)#0", () -> WorkflowDiagram.model(wf, WorkflowDiagram.Options.DEFAULT).boxOf(null), "jobId must not be null"),
                fails("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#0", () -> new WorkflowDiagram.Box(null, WorkflowDiagram.BoxKind.JOB, List.of(), "n", 1), "id must not be null"),
                fails("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#1", () -> new WorkflowDiagram.Box("b", null, List.of(), "n", 1), "kind must not be null"),
                fails("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#2", () -> new WorkflowDiagram.Box("b", WorkflowDiagram.BoxKind.JOB, null, "n", 1), "lines must not be null"),
                allowed("WorkflowDiagram.Box.new(String,BoxKind,List,String,int)#3", () -> new WorkflowDiagram.Box("b", WorkflowDiagram.BoxKind.JOIN, List.of(), null, 0)),

                // HymirEngine and its builder
                fails("HymirEngine.run(Workflow)#0", () -> engine.run(null), "workflow must not be null"),
                fails("HymirEngine.clear(String)#0", () -> engine.clear(null), "id must not be null"),
                fails("HymirEngine.cancel(String)#0", () -> engine.cancel(null), "id must not be null"),
                fails("HymirEngine.completion(String)#0", () -> engine.completion(null), "id must not be null"),
                fails("HymirEngine.Builder.stateStore(StateStore)#0", () -> HymirEngine.builder().stateStore(null), "store must not be null"),
                fails("HymirEngine.Builder.dispatcher(Dispatcher)#0", () -> HymirEngine.builder().dispatcher(null), "dispatcher must not be null"),
                fails("HymirEngine.Builder.journal(Journal)#0", () -> HymirEngine.builder().journal((dev.hymir.spi.Journal) null), "journal must not be null"),
                fails("HymirEngine.Builder.registry(JobRegistry)#0", () -> HymirEngine.builder().registry(null), "registry must not be null"),
                fails("HymirEngine.Builder.meterRegistry(MeterRegistry)#0", () -> HymirEngine.builder().meterRegistry(null), "meterRegistry must not be null"),
                fails("HymirEngine.Builder.observationRegistry(ObservationRegistry)#0", () -> HymirEngine.builder().observationRegistry(null), "observationRegistry must not be null"),
                fails("HymirEngine.Builder.name(String)#0", () -> HymirEngine.builder().name(null), "name must not be null"),
                fails("HymirEngine.bindTo(MeterRegistry)#0", () -> engine.bindTo(null), "registry must not be null"),
                fails("HymirEngine.Builder.defaultJobTimeout(Duration)#0", () -> HymirEngine.builder().defaultJobTimeout(null), "timeout must not be null"),
                fails("HymirEngine.Builder.failurePolicy(FailurePolicy)#0", () -> HymirEngine.builder().failurePolicy(null), "policy must not be null"),
                fails("HymirEngine.Builder.clock(EngineClock)#0", () -> HymirEngine.builder().clock(null), "clock must not be null"),
                fails("HymirEngine.Builder.journal(Path)#0", () -> HymirEngine.builder().journal((Path) null), "dir must not be null"),
                fails("HymirEngine.Builder.journalDurability(JournalDurability)#0", () -> HymirEngine.builder().journalDurability(null), "durability must not be null"),

                // Redis
                fails("RedisStateStore.connect(String)#0", () -> RedisStateStore.connect(null), "url must not be null"),
                fails("RedisStateStore.connect(String,Options)#0", () -> RedisStateStore.connect(null, RedisStateStore.Options.defaults()), "url must not be null"),
                fails("RedisStateStore.connect(String,Options)#1", () -> RedisStateStore.connect(server.url(), null), "options must not be null"),
                fails("RedisStateStore.Options.new(String,int,Duration,Duration,boolean)#0", () -> new RedisStateStore.Options(null, 1, Duration.ZERO, Duration.ofSeconds(1), false), "keyPrefix must not be null"),
                fails("RedisStateStore.Options.new(String,int,Duration,Duration,boolean)#2", () -> new RedisStateStore.Options("", 1, null, Duration.ofSeconds(1), false), "finalFlushTimeout must be >= 0, was null"),
                fails("RedisStateStore.Options.new(String,int,Duration,Duration,boolean)#3", () -> new RedisStateStore.Options("", 1, Duration.ZERO, null, false), "socketTimeout must be >= 1 ms, was null"),
                fails("RedisStateStore.Options.Builder.keyPrefix(String)#0", () -> RedisStateStore.Options.builder().keyPrefix(null), "prefix must not be null"),
                fails("RedisStateStore.Options.Builder.finalFlushTimeout(Duration)#0", () -> RedisStateStore.Options.builder().finalFlushTimeout(null), "timeout must not be null"),
                fails("RedisStateStore.Options.Builder.socketTimeout(Duration)#0", () -> RedisStateStore.Options.builder().socketTimeout(null), "timeout must not be null"),
                fails("RedisExecutor.connect(String)#0", () -> RedisExecutor.connect(null), "url must not be null"),
                fails("RedisExecutor.connect(String,String)#0", () -> RedisExecutor.connect(null, ""), "url must not be null"),
                fails("RedisExecutor.connect(String,String)#1", () -> RedisExecutor.connect(server.url(), null), "keyPrefix must not be null"),
                fails("RedisExecutor.completion(String)#0", () -> redisReader.completion(null), "id must not be null"),

                // Workers
                fails("RedisWorkers.connect(String)#0", () -> RedisWorkers.connect(null), "url must not be null"),
                fails("RedisWorkers.connect(String,Options)#0", () -> RedisWorkers.connect(null, RedisWorkers.Options.defaults()), "url must not be null"),
                fails("RedisWorkers.connect(String,Options)#1", () -> RedisWorkers.connect(server.url(), null), "options must not be null"),
                fails("RedisWorkers.Options.Builder.name(String)#0", () -> RedisWorkers.Options.builder().name(null), "name must not be null"),
                fails("RedisWorkers.Stats.new(long,long,long,long,long,Duration,Duration)#5", () -> new RedisWorkers.Stats(0, 0, 0, 0, 0, null, Duration.ZERO), "startP50 must not be null"),
                fails("RedisWorkers.Stats.new(long,long,long,long,long,Duration,Duration)#6", () -> new RedisWorkers.Stats(0, 0, 0, 0, 0, Duration.ZERO, null), "startP99 must not be null"),
                fails("HymirWorker.bindTo(MeterRegistry)#0", () -> {
                    try (HymirWorker w = HymirWorker.builder().redis(server.url()).registry(JobRegistry.explicitOnly()).build()) {
                        w.bindTo(null);
                    }
                }, "registry must not be null"),
                fails("HymirWorker.Builder.redis(String)#0", () -> HymirWorker.builder().redis(null), "url must not be null"),
                fails("HymirWorker.Builder.registry(JobRegistry)#0", () -> HymirWorker.builder().registry(null), "registry must not be null"),
                fails("HymirWorker.Builder.queues(String[])#0", () -> HymirWorker.builder().queues((String[]) null), "queues must not be null"),
                fails("HymirWorker.Builder.lease(Duration)#0", () -> HymirWorker.builder().lease(null), "lease must not be null"),
                fails("HymirWorker.Builder.shutdownGrace(Duration)#0", () -> HymirWorker.builder().shutdownGrace(null), "grace must not be null"),
                fails("HymirWorker.Builder.name(String)#0", () -> HymirWorker.builder().name(null), "name must not be null"),
                fails("HymirWorker.awaitTermination(Duration)#0", () -> {
                    try (HymirWorker w = HymirWorker.builder().redis(server.url()).build()) {
                        w.awaitTermination(null);
                    }
                }, "timeout must not be null"),
                fails("HymirWorker.close(Duration)#0", () -> {
                    try (HymirWorker w = HymirWorker.builder().redis(server.url()).build()) {
                        w.close(null);
                    }
                }, "grace must not be null"),

                // dev.hymir.testing
                fails("testing.CrashableJournal.open(Path)#0", () -> dev.hymir.testing.CrashableJournal.open(null), "dir must not be null"),
                fails("testing.CrashableJournal.open(Path,JournalDurability)#0", () -> dev.hymir.testing.CrashableJournal.open(null, JournalDurability.PROCESS_CRASH), "dir must not be null"),
                fails("testing.CrashableJournal.open(Path,JournalDurability)#1", () -> dev.hymir.testing.CrashableJournal.open(dir, null), "durability must not be null"),
                fails("testing.ManualClock.new(Instant)#0", () -> new ManualClock(null), "start must not be null"),
                fails("testing.ManualClock.advance(Duration)#0", () -> new ManualClock().advance(null), "duration must not be null"),
                fails("testing.ManualClock.onAdvance(Runnable)#0", () -> new ManualClock().onAdvance(null), "wakeUp must not be null")));
        rows.addAll(jobOfRows());
        rows.addAll(readerRows("HymirEngine", engine));
        rows.addAll(readerRows("RedisExecutor", redisReader));
        JournalReader[] reader = {null};
        rows.add(fails("JournalReader.forEach(Consumer)#0", () -> journalReader(reader).forEach(null), "sink must not be null"));
        return rows;
    }

    /** The reads both HymirEngine and RedisExecutor implement (WorkflowReader). */
    private static List<Row> readerRows(String type, WorkflowReader r) {
        return List.of(
                fails(type + ".workflow(String)#0", () -> r.workflow(null), "id must not be null"),
                fails(type + ".workflowState(String)#0", () -> r.workflowState(null), "id must not be null"),
                fails(type + ".jobState(String,String)#0", () -> r.jobState(null, "1"), "id must not be null"),
                fails(type + ".jobState(String,String)#1", () -> r.jobState(id, null), "jobId must not be null"),
                fails(type + ".jobStates(String)#0", () -> r.jobStates(null), "id must not be null"),
                fails(type + ".jobStates(String,Collection)#0", () -> r.jobStates(null, List.of("1")), "id must not be null"),
                fails(type + ".jobStates(String,Collection)#1", () -> r.jobStates(id, (Collection<String>) null), "jobIds must not be null"),
                fails(type + ".jobStates(String,Collection)#1[]", () -> r.jobStates(id, Arrays.asList("1", null)), "jobIds[1]"),
                fails(type + ".progress(String)#0", () -> r.progress(null), "id must not be null"),
                fails(type + ".outputs(String)#0", () -> r.outputs(null), "id must not be null"),
                fails(type + ".await(String)#0", () -> r.await(null), "id must not be null"),
                fails(type + ".await(String,Duration)#0", () -> r.await(null, Duration.ZERO), "id must not be null"),
                fails(type + ".await(String,Duration)#1", () -> r.await(id, null), "timeout must not be null"));
    }

    @SuppressWarnings("unchecked")
    private static List<Row> jobOfRows() {
        String m = "method must not be null";
        return List.of(
                fails("Job.of(Of0)#0", () -> Job.of((JobMethod.Of0<Object>) null), m),
                fails("Job.of(Void0)#0", () -> Job.of((JobMethod.Void0) null), m),
                fails("Job.of(Of1)#0", () -> Job.of((JobMethod.Of1<Object, Object>) null), m),
                fails("Job.of(Void1)#0", () -> Job.of((JobMethod.Void1<Object>) null), m),
                fails("Job.of(Of2)#0", () -> Job.of((JobMethod.Of2<Object, Object, Object>) null), m),
                fails("Job.of(Void2)#0", () -> Job.of((JobMethod.Void2<Object, Object>) null), m),
                fails("Job.of(Of3)#0", () -> Job.of((JobMethod.Of3<Object, Object, Object, Object>) null), m),
                fails("Job.of(Void3)#0", () -> Job.of((JobMethod.Void3<Object, Object, Object>) null), m),
                fails("Job.of(Of4)#0", () -> Job.of((JobMethod.Of4<Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Void4)#0", () -> Job.of((JobMethod.Void4<Object, Object, Object, Object>) null), m),
                fails("Job.of(Of5)#0", () -> Job.of((JobMethod.Of5<Object, Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Void5)#0", () -> Job.of((JobMethod.Void5<Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Of6)#0", () -> Job.of((JobMethod.Of6<Object, Object, Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Void6)#0", () -> Job.of((JobMethod.Void6<Object, Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Of7)#0", () -> Job.of((JobMethod.Of7<Object, Object, Object, Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Void7)#0", () -> Job.of((JobMethod.Void7<Object, Object, Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Of8)#0", () -> Job.of((JobMethod.Of8<Object, Object, Object, Object, Object, Object, Object, Object, Object>) null), m),
                fails("Job.of(Void8)#0", () -> Job.of((JobMethod.Void8<Object, Object, Object, Object, Object, Object, Object, Object>) null), m));
    }

    private static JournalReader journalReader(JournalReader[] cache) {
        if (cache[0] == null) {
            Path journal = dir.resolve("journal");
            try (HymirEngine e = HymirEngine.builder().journal(journal).build()) {
                e.workflowIds(); // creates the journal
            }
            cache[0] = JournalReader.open(journal);
        }
        return cache[0];
    }

    private static Map<String, Object> mapWithNullKey() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(null, 1);
        return map;
    }

    @Test
    void eachNullIsRejectedNamingTheParameterOrMeansWhatItIsDocumentedToMean() {
        List<String> problems = new ArrayList<>();
        for (Row row : rows()) {
            if (row.type() == null) {
                try {
                    assertThatCode(row.call()).doesNotThrowAnyException();
                } catch (AssertionError e) {
                    problems.add(row.key() + ": null is documented as allowed, but " + e.getMessage());
                }
                continue;
            }
            Throwable thrown = null;
            try {
                row.call().call();
            } catch (Throwable t) {
                thrown = t;
            }
            if (thrown == null) {
                problems.add(row.key() + ": no exception");
            } else if (!row.type().isInstance(thrown)) {
                problems.add(row.key() + ": " + thrown.getClass().getName() + " instead of " + row.type().getSimpleName()
                        + ": " + thrown.getMessage());
            } else if (thrown.getMessage() == null || !thrown.getMessage().contains(row.mentions())) {
                problems.add(row.key() + ": message does not say '" + row.mentions() + "': " + thrown.getMessage());
            }
        }
        assertThat(problems).as("rows that failed").isEmpty();
    }

    @Test
    void everyPublicParameterHasARow() throws Exception {
        Set<String> covered = rows().stream().map(Row::key).collect(Collectors.toSet());
        Set<String> required = new TreeSet<>();
        for (Class<?> type : apiClasses()) {
            List<Executable> members = new ArrayList<>();
            members.addAll(Arrays.asList(type.getDeclaredConstructors()));
            members.addAll(Arrays.asList(type.getDeclaredMethods()));
            for (Executable member : members) {
                if (!Modifier.isPublic(member.getModifiers()) || member.isSynthetic() || excluded(type, member)) {
                    continue;
                }
                Class<?>[] params = member.getParameterTypes();
                for (int i = 0; i < params.length; i++) {
                    if (!params[i].isPrimitive()) {
                        required.add(key(member, i));
                    }
                }
            }
        }
        assertThat(required).as("public parameters found by reflection").hasSizeGreaterThan(100);
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(covered);
        assertThat(missing).as("public parameters without a null row in this test: add one").isEmpty();
        Set<String> unknown = new TreeSet<>();
        for (String key : covered) {
            if (!required.contains(key.replaceAll("\\[[^\\]]*\\]$", ""))) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as("rows naming no public parameter (typo, or the method is gone)").isEmpty();
    }

    /** What users do not call with their own arguments: exceptions, enum valueOf, callbacks they implement. */
    private static boolean excluded(Class<?> type, Executable member) {
        if (Throwable.class.isAssignableFrom(type)) {
            return true; // exception constructors take a message
        }
        if (org.junit.jupiter.api.extension.Extension.class.isAssignableFrom(type)) {
            return true; // a JUnit extension (HymirExtension): JUnit calls it with its own contexts, users do not
        }
        if (member instanceof Method m) {
            if (m.getName().equals("equals") && m.getParameterCount() == 1) {
                return true;
            }
            if (type.isEnum() && m.getName().equals("valueOf")) {
                return true; // Enum.valueOf's own NullPointerException("Name is null")
            }
            if (type.isInterface() && Modifier.isAbstract(m.getModifiers())) {
                return true; // implemented by users (JobHandler, JobMethod, JobCall) or by the classes checked here
            }
            if (implementsSpi(type, m)) {
                return true; // the engine calls it (a dev.hymir.spi implementation such as RedisStateStore's), not users
            }
        }
        return false;
    }

    /** Whether {@code m} implements a method of an interface in {@code dev.hymir.spi}. */
    private static boolean implementsSpi(Class<?> type, Method m) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Class<?> i : t.getInterfaces()) {
                if (i.getPackageName().equals("dev.hymir.spi")) {
                    try {
                        i.getMethod(m.getName(), m.getParameterTypes());
                        return true;
                    } catch (NoSuchMethodException notThisOne) {
                        // keep looking
                    }
                }
            }
        }
        return false;
    }

    private static String key(Executable member, int param) {
        String owner = member.getDeclaringClass().getName().substring("dev.hymir.".length()).replace('$', '.');
        String name = member instanceof Constructor ? "new" : member.getName();
        String params = Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","));
        return owner + "." + name + "(" + params + ")#" + param;
    }

    /** Public types of dev.hymir and dev.hymir.testing (not internal), from the engine modules' and testing's jars or classes. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        // One class of each module's jar: core, journal, redis, workers, diagram, testing.
        for (Class<?> anchor : List.of(HymirEngine.class, dev.hymir.JournalReader.class, dev.hymir.RedisStateStore.class,
                dev.hymir.HymirWorker.class, dev.hymir.WorkflowDiagram.class, LocalRedisServer.class)) {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.map(p -> location.relativize(p).toString().replace('\\', '/')).forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName()).forEach(names::add);
                }
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                continue;
            }
            String pkg = name.substring(0, name.lastIndexOf('/'));
            if (!pkg.equals("dev/hymir") && !pkg.equals("dev/hymir/testing")) {
                continue;
            }
            Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                    NullArgumentsTest.class.getClassLoader());
            if (isPublicApi(type)) {
                classes.add(type);
            }
        }
        if (classes.size() < 30) {
            fail("found only " + classes.size() + " API classes: " + classes);
        }
        return classes;
    }

    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
                return false;
            }
        }
        return !type.isAnnotation();
    }
}
