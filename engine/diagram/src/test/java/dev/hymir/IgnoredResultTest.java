package dev.hymir;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls whose result is the whole point (issue 13's trap: a result silently dropped when the call is
 * written as a statement). Mutating APIs register on {@code this} (tested in CallbackRegistrationTest
 * and JobRegistryTest); the withers of value types, which must return copies, carry
 * {@link CheckReturnValue} so IntelliJ and Error Prone flag an ignored result. The annotation has
 * CLASS retention (invisible to reflection), so this reads the class files with {@code javap}.
 */
class IgnoredResultTest {

    @Test
    void everyWitherOfAValueTypeCarriesCheckReturnValue() throws Exception {
        for (Class<?> type : List.of(Job.class, WorkflowDiagram.Options.class)) {
            List<String> withers = new ArrayList<>();
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && m.getReturnType() == type) {
                    withers.add(m.getName());
                }
            }
            assertThat(withers).as(type + " has withers").isNotEmpty();
            String javap = javap(type);
            for (String wither : withers) {
                assertThat(annotationsOf(javap, type, wither))
                        .as(type.getSimpleName() + "." + wither + " must carry @CheckReturnValue")
                        .contains("dev.hymir.CheckReturnValue");
            }
        }
    }

    @Test
    void theMutatingCallsReturnTheObjectTheyChanged() {
        Workflow wf = Workflow.of(Job.named("m.a"));
        assertThat(wf.on(Callback.ON_FINISHED, Job.named("m.b"))).isSameAs(wf);
        JobRegistry registry = JobRegistry.explicitOnly();
        assertThat(registry.register("a", call -> null)).isSameAs(registry);
    }

    /** The text javap prints for the method {@code name} of {@code type}, up to the next method. */
    private static String annotationsOf(String javap, Class<?> type, String name) {
        String header = "  public " + type.getName() + " " + name + "(";
        int start = javap.indexOf(header);
        assertThat(start).as("javap lists " + header).isGreaterThanOrEqualTo(0);
        int end = javap.indexOf("\n\n", start);
        return javap.substring(start, end < 0 ? javap.length() : end);
    }

    private static String javap(Class<?> type) throws Exception {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new AssertionError("this JDK has no javap"));
        Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        int code = javap.run(new PrintWriter(out), new PrintWriter(out), "-v", "-cp", classes.toString(), type.getName());
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }
}
