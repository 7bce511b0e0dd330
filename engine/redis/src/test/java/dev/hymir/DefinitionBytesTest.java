package dev.hymir;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store writes {@code <id>:def} through {@link DefinitionBytes}: it must be exactly
 * {@link Workflow#toJson()} (what Python Hymir reads) or, compact, {@link Workflow#toCompactJson()}, whatever the
 * slice size it is written in.
 */
class DefinitionBytesTest {

    private static List<Workflow> workflows() {
        List<Workflow> all = new ArrayList<>();
        all.add(Workflow.of(Job.named("m.one")));
        all.add(Workflow.of(Chain.of(Job.named("m.a").set(1, "two", 3.5, true, null),
                Group.of(Job.named("m.b").withOutput("vals").withKwargs(Map.of("limit", 10, "name", "x\"y")),
                        Job.named("m.c").withOutput("vals").withMeta(Map.of("timeout", "PT3S", "queue", "q"))),
                Job.named("m.sum").withInputs("vals").withInput("vals", "values").withOutput("total"))));
        // Names and values outside ASCII, escapes, nested values.
        all.add(Workflow.of(Group.of(Job.named("m.ünïcødé").set("日本語", "tab\there", Map.of("k", List.of(1, 2))),
                Job.named("m.e").set("\u0001 control", "emoji \uD83D\uDE00"))));
        Workflow withCallbacks = Workflow.of(Chain.of(Group.of(Collections.nCopies(5, Job.named("m.n"))), Job.named("m.z")));
        withCallbacks.on(Callback.ON_FINISHED, Job.named("m.done").set("x"));
        withCallbacks.on(Callback.ON_SUCCESS, Job.named("m.ok"));
        withCallbacks.on(Callback.ON_FAILURE, Job.named("m.bad").withKwargs(Map.of("a", 1)));
        all.add(withCallbacks);
        all.add(Workflow.of(Chain.of(Group.of(Collections.nCopies(300, Job.named("m.g"))),
                Group.of(Collections.nCopies(300, Job.named("m.h"))))));
        // A random layered DAG built edge by edge, shared and distinct predecessor lists.
        Random random = new Random(7);
        Workflow.Builder b = Workflow.builder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String id = b.add(Job.named("m.r" + (i % 3)).set(i % 5));
            if (i >= 50) {
                for (int e = 0; e < 3; e++) {
                    b.edge(ids.get(random.nextInt(i - 50, i)), id);
                }
            }
            ids.add(id);
        }
        all.add(b.build());
        return all;
    }

    @Test
    void isToJsonByteForByteInAnySliceSize() {
        for (Workflow wf : workflows()) {
            byte[] expected = wf.toJson().getBytes(StandardCharsets.UTF_8);
            for (int budget : new int[] {1, 7, 100, 4_096, Integer.MAX_VALUE}) {
                assertThat(written(new DefinitionBytes(wf, false), budget)).as("budget " + budget).isEqualTo(expected);
            }
        }
    }

    @Test
    void compactIsTheCompactJsonFormAndReadsBack() {
        for (Workflow wf : workflows()) {
            byte[] expected = wf.toCompactJson().getBytes(StandardCharsets.UTF_8);
            for (int budget : new int[] {1, 13, Integer.MAX_VALUE}) {
                byte[] bytes = written(new DefinitionBytes(wf, true), budget);
                assertThat(bytes).as("budget " + budget).isEqualTo(expected);
                assertThat(Workflow.fromJson(new String(bytes, StandardCharsets.UTF_8)).toJson()).isEqualTo(wf.toJson());
            }
        }
    }

    @Test
    void aFanOutOfTwoThousandGroupsIsAFractionCompact() {
        Workflow wf = Workflow.of(Chain.of(Group.of(Collections.nCopies(2_000, Job.named("m.a"))),
                Group.of(Collections.nCopies(2_000, Job.named("m.b")))));
        long linked = new DefinitionBytes(wf, false).length();
        long compact = new DefinitionBytes(wf, true).length();
        assertThat(linked).isEqualTo(wf.toJson().getBytes(StandardCharsets.UTF_8).length);
        assertThat(compact * 100).isLessThan(linked); // 4·10^6 links vs one list of 2,000
    }

    private static byte[] written(DefinitionBytes def, int budget) {
        int calls = 0;
        while (!def.writeSome(budget)) {
            calls++;
            assertThat(calls).isLessThan(100_000_000);
        }
        assertThat(def.bytes()).hasSize((int) def.length());
        return def.bytes();
    }
}
