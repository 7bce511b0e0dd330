package dev.hymir.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a JUnit 5 test a fresh {@link dev.hymir.HymirEngine}, closed after it, through {@link HymirExtension}:
 * declare a parameter of type {@code HymirEngine} (and, if wanted, {@link LocalRedisServer},
 * {@link ManualClock} or {@code java.nio.file.Path} for the journal's directory).
 *
 * <pre>{@code
 * @HymirTest(redis = true)
 * class ReportTest {
 *     @Test
 *     void theReportIsSummed(HymirEngine engine, LocalRedisServer redis) {
 *         String id = engine.run(Workflow.of(Chain.of(Job.of(Reports::load), Job.of(Reports::sum))));
 *         assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
 *         // the snapshot is in the redis-server at redis.url(), as RedisExecutor reads it
 *     }
 * }
 * }</pre>
 *
 * On a class, it applies to every test method in it (and in its subclasses); on a method, to that
 * method; a method's annotation wins over its class's. Each test method gets its own engine (and its own
 * redis-server and journal directory when asked for); a parameter of a {@code @BeforeEach} method gets the
 * same ones as its test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(HymirExtension.class)
public @interface HymirTest {

    /**
     * Start a real {@code redis-server} on a free loopback port for the test, and have the engine write
     * its snapshots there (a {@link dev.hymir.RedisStateStore}). A parameter of type
     * {@link LocalRedisServer} asks for it too. Needs {@code redis-server} installed.
     */
    boolean redis() default false;

    /**
     * Give the engine a journal (Chronicle Queue) in a new temporary directory, deleted after the test.
     * Needs {@code hymir-journal} on the test class path and the JVM flags of
     * {@link dev.hymir.HymirEngine#requiredJvmFlags()} on the test JVM. A parameter of type
     * {@code java.nio.file.Path} receives that directory.
     */
    boolean journal() default false;

    /**
     * Build the engine with a {@link ManualClock}, so timers (retries, job timeouts) fire only when the
     * test advances it. A parameter of type {@code ManualClock} asks for it too, when it is declared where
     * the engine is first asked for.
     */
    boolean manualClock() default false;
}
