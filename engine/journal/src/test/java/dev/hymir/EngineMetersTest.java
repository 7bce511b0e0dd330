package dev.hymir;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's meters as an operator reads them: per engine, the journal's, the core's, and gone on close. */
@Timeout(60)
class EngineMetersTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        TestJobs.reset();
    }

    private static Workflow threeJobs() {
        return Workflow.of(Chain.of(Job.of(TestJobs::noop), Group.of(Job.of(TestJobs::noop), Job.of(TestJobs::succeeds))));
    }

    private static List<String> enginesTagged(MeterRegistry registry, String meter) {
        return registry.find(meter).meters().stream().map(m -> m.getId().getTag("engine")).sorted().toList();
    }

    @Test
    void twoEnginesOnOneRegistryHaveTheirOwnGaugesAndCloseRemovesThem() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HymirEngine first = HymirEngine.builder().meterRegistry(meters).build();
        HymirEngine second = HymirEngine.builder().meterRegistry(meters).build();
        try {
            first.await(first.run(threeJobs()));
            assertThat(enginesTagged(meters, "hymir.workflows.active")).containsExactly("hymir", "hymir-2");
            assertThat(meters.get("hymir.jobs.finished").tag("engine", "hymir").tag("outcome", "success").counter().count())
                    .isEqualTo(3);
            assertThat(meters.get("hymir.jobs.finished").tag("engine", "hymir-2").tag("outcome", "success").counter().count())
                    .as("the second engine ran nothing").isZero();
            assertThat(meters.get("hymir.job.duration").tag("engine", "hymir").tag("job_name", "dev.hymir.TestJobs.noop")
                    .timer().count()).isEqualTo(2);
        } finally {
            first.close();
        }
        assertThat(meters.getMeters()).as("the first engine's meters are gone")
                .allMatch(m -> "hymir-2".equals(m.getId().getTag("engine")));
        second.close();
        assertThat(meters.getMeters()).isEmpty();
    }

    @Test
    void aNameInUseOnTheRegistryIsRefusedAndFreedOnClose() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HymirEngine orders = HymirEngine.builder().name("orders").meterRegistry(meters).build()) {
            assertThat(enginesTagged(meters, "hymir.workflows.active")).containsExactly("orders");
            assertThatThrownBy(() -> HymirEngine.builder().name("orders").meterRegistry(meters).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'orders'").hasMessageContaining("HymirEngine.Builder.name");
            assertThat(orders.await(orders.run(threeJobs())).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
        try (HymirEngine again = HymirEngine.builder().name("orders").meterRegistry(meters).build()) {
            assertThat(enginesTagged(meters, "hymir.workflows.active")).containsExactly("orders");
        }
    }

    @Test
    void anEngineIsAMeterBinderBoundAfterBuild() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HymirEngine engine = HymirEngine.builder().build()) {
            engine.await(engine.run(threeJobs()));
            assertThat(meters.getMeters()).isEmpty();
            engine.bindTo(meters);
            engine.bindTo(meters); // the same registry again: nothing changes
            engine.await(engine.run(threeJobs()));
            assertThat(meters.get("hymir.jobs.started").counter().count()).as("counted from the binding on").isEqualTo(3);
            assertThatThrownBy(() -> engine.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bound to");
        }
        assertThat(meters.getMeters()).isEmpty();
    }

    @Test
    void coreMetersTimePassesAndCountWaitingReports() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HymirEngine engine = HymirEngine.builder().meterRegistry(meters).build()) {
            engine.await(engine.run(threeJobs()));
            assertThat(meters.get("hymir.core.pass.duration").timer().count()).isPositive();
            assertThat(meters.get("hymir.core.reports.waiting").gauge().value()).as("every report applied").isZero();
            assertThat(meters.get("hymir.timers.pending").gauge().value()).isZero();
            assertThat(meters.get("hymir.jobs.abandoned").counter().count()).isZero();
        }
    }

    @Test
    void journalMetersCountAppendsAndTheReplayAtBuild() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        double records;
        try (HymirEngine engine = HymirEngine.builder().journal(dir).meterRegistry(meters).build()) {
            engine.await(engine.run(threeJobs()));
            records = meters.get("hymir.journal.records").counter().count();
            // at least Submitted, three Succeeded and Finished
            assertThat(records).isGreaterThanOrEqualTo(5);
            assertThat(meters.get("hymir.journal.batch.size").summary().totalAmount()).isEqualTo(records);
            assertThat(meters.get("hymir.journal.commit.duration").timer().count())
                    .isEqualTo(meters.get("hymir.journal.batch.size").summary().count()).isPositive();
            assertThat(meters.get("hymir.journal.bytes").functionCounter().count()).isGreaterThan(records);
            assertThat(meters.get("hymir.journal.replay.records").functionCounter().count()).as("a new directory").isZero();
            assertThat(meters.find("hymir.journal.sync.duration").meters()).as("PROCESS_CRASH does not sync").isEmpty();
        }
        assertThat(meters.getMeters()).as("the journal's meters go with the engine").isEmpty();
        try (HymirEngine engine = HymirEngine.builder().journal(dir).journalDurability(JournalDurability.POWER_LOSS)
                .meterRegistry(meters).build()) {
            assertThat(meters.get("hymir.journal.replay.records").functionCounter().count())
                    .as("what the first engine appended").isEqualTo(records);
            assertThat(meters.get("hymir.journal.replay.duration").timeGauge().value()).isPositive();
            engine.await(engine.run(threeJobs()));
            assertThat(meters.get("hymir.journal.sync.duration").functionTimer().count())
                    .isEqualTo(meters.get("hymir.journal.commit.duration").timer().count()).isPositive();
        }
    }

    @Test
    void withoutARegistryNothingIsRegisteredAnywhere() {
        SimpleMeterRegistry global = new SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(global);
        try (HymirEngine engine = HymirEngine.builder().build()) {
            engine.await(engine.run(threeJobs()));
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(global);
        }
        assertThat(global.getMeters()).extracting(Meter::getId).isEmpty();
    }
}
