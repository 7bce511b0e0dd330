package dev.hymir.internal.registry;

import dev.hymir.JobHandler;

import java.lang.reflect.Method;
import java.util.List;

/** What a job name resolves to: a method (static, or on a registered bean) or a handler. */
public sealed interface JobTarget {
    String name();

    /** A method; {@code receiver} is {@code null} for static methods. */
    record MethodTarget(String name, Method method, Object receiver, List<Param> params) implements JobTarget {
        public MethodTarget {
            params = List.copyOf(params);
        }
    }

    /** A registered handler; it takes whatever the job was given. */
    record HandlerTarget(String name, JobHandler handler) implements JobTarget {
    }
}
