package dev.hymir.internal.registry;

import dev.hymir.JobFunction;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One parameter of a job method. {@code name} is {@code null} when the class was compiled without
 * {@code -parameters} and the parameter has no {@link JobFunction.Param}: such a parameter can only be
 * filled by position. {@code multiValued}: an input bound to it receives the whole list of values.
 */
public record Param(int position, String name, Class<?> rawType, Type type, boolean multiValued) {

    public static List<Param> of(Method method) {
        List<Param> params = new ArrayList<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            JobFunction.Param named = p.getAnnotation(JobFunction.Param.class);
            String name = named != null ? named.value() : p.isNamePresent() ? p.getName() : null;
            Class<?> raw = p.getType();
            boolean multi = Collection.class.isAssignableFrom(raw) || raw == Iterable.class;
            params.add(new Param(i, name, raw, p.getParameterizedType(), multi));
        }
        return params;
    }
}
