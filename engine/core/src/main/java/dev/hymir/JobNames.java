package dev.hymir;

import java.lang.reflect.Method;

/** How a job function's name is derived: the annotation's {@code name}, else {@code Class.method}. */
final class JobNames {
    private JobNames() {
    }

    static String of(Method method, JobFunction annotation) {
        if (annotation != null && !annotation.name().isBlank()) {
            return annotation.name().strip();
        }
        return method.getDeclaringClass().getName() + "." + method.getName();
    }
}
