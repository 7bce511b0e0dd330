package dev.hymir;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated method returns a new value and changes nothing, so calling it as a statement does
 * nothing: {@code job.withOutput("x");} leaves {@code job} as it was; write
 * {@code job = job.withOutput("x");}. Hymir's value types ({@link Job}, {@code WorkflowDiagram.Options})
 * carry it on their withers.
 *
 * <p>Hymir defines its own annotation so that the API jar needs no annotation library: IntelliJ IDEA
 * ("Result of method call ignored") and Error Prone ({@code CheckReturnValue}) flag an ignored result
 * of any method annotated with an annotation of this simple name, whatever its package. Kept in the
 * class files (CLASS retention) for those tools; not visible to reflection.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface CheckReturnValue {
}
