package dev.hymir;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a job function. Annotated methods are the {@link JobRegistry}'s allow-list:
 * a job name read back from a journal or from Redis only ever resolves to a method carrying this
 * annotation (or to something registered explicitly).
 *
 * <pre>{@code
 * @JobFunction(output = "reports")
 * public static Success startReport(String reportKey, Map<String, Object> options) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JobFunction {
    /** The job name; default {@code <binary class name>.<method name>}. */
    String name() default "";

    /** Output variable that {@link Job#of} sets; empty for none. */
    String output() default "";

    /** Inputs that {@link Job#of} sets: {@code "reports"}, or {@code "inventory_reports->reports"} to rename. */
    String[] inputs() default {};

    /** Meta entries that {@link Job#of} sets, each {@code "key=value"} (values are strings). */
    String[] meta() default {};

    /**
     * Names a parameter for kwargs and inputs when the class was compiled without {@code -parameters}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Param {
        String value();
    }
}
