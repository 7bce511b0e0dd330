package dev.hymir.internal.reflect;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Finds the static method behind a serializable method reference (via its {@link SerializedLambda}). */
public final class MethodRefs {
    private MethodRefs() {
    }

    public static Method staticMethod(Serializable reference) {
        if (reference == null) {
            throw new IllegalArgumentException("Job.of: method must not be null; pass a method reference such as Reports::start");
        }
        SerializedLambda lambda = serializedForm(reference);
        if (lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic || lambda.getCapturedArgCount() != 0) {
            throw notAStaticReference(lambda);
        }
        if (lambda.getImplMethodName().startsWith("lambda$")) {
            throw notAStaticReference(lambda);
        }
        ClassLoader loader = reference.getClass().getClassLoader();
        Class<?> owner;
        try {
            owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + lambda.getImplClass() + " for a method reference", e);
        }
        String descriptor = lambda.getImplMethodSignature();
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(lambda.getImplMethodName()) && Modifier.isStatic(m.getModifiers())
                    && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
                return m;
            }
        }
        throw new IllegalStateException("method " + owner.getName() + "." + lambda.getImplMethodName() + descriptor + " not found");
    }

    /** {@code com.acme.Reports.start(String, Map)}. */
    public static String describe(Method m) {
        return m.getDeclaringClass().getName() + "." + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static SerializedLambda serializedForm(Serializable reference) {
        try {
            Method writeReplace = reference.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object form = writeReplace.invoke(reference);
            if (form instanceof SerializedLambda lambda) {
                return lambda;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("Job.of needs a method reference such as Reports::start, got "
                    + reference.getClass().getName(), e);
        }
        throw new IllegalArgumentException("Job.of needs a method reference such as Reports::start, got "
                + reference.getClass().getName());
    }

    private static IllegalArgumentException notAStaticReference(SerializedLambda lambda) {
        return new IllegalArgumentException("Job.of needs a reference to a static @JobFunction method (Type::method); got "
                + (lambda.getImplMethodName().startsWith("lambda$") ? "a lambda" : "a reference to instance method "
                + lambda.getImplClass().replace('/', '.') + "." + lambda.getImplMethodName())
                + ". Register lambdas and bean methods with JobRegistry.register(name, ...) and use Job.named(name)");
    }
}
