package dev.hymir;

import java.io.Serializable;

/**
 * Method-reference shapes accepted by {@link Job#of}: static methods of 0 to 8 parameters, returning a
 * value or {@code void}, that may throw. They are {@link Serializable} only so that Hymir can read the
 * referenced method's name; a job is never serialized as a lambda.
 */
public interface JobMethod extends Serializable {

    @FunctionalInterface
    interface Of0<R> extends JobMethod {
        R call() throws Exception;
    }

    @FunctionalInterface
    interface Void0 extends JobMethod {
        void call() throws Exception;
    }

    @FunctionalInterface
    interface Of1<A1, R> extends JobMethod {
        R call(A1 a1) throws Exception;
    }

    @FunctionalInterface
    interface Void1<A1> extends JobMethod {
        void call(A1 a1) throws Exception;
    }

    @FunctionalInterface
    interface Of2<A1, A2, R> extends JobMethod {
        R call(A1 a1, A2 a2) throws Exception;
    }

    @FunctionalInterface
    interface Void2<A1, A2> extends JobMethod {
        void call(A1 a1, A2 a2) throws Exception;
    }

    @FunctionalInterface
    interface Of3<A1, A2, A3, R> extends JobMethod {
        R call(A1 a1, A2 a2, A3 a3) throws Exception;
    }

    @FunctionalInterface
    interface Void3<A1, A2, A3> extends JobMethod {
        void call(A1 a1, A2 a2, A3 a3) throws Exception;
    }

    @FunctionalInterface
    interface Of4<A1, A2, A3, A4, R> extends JobMethod {
        R call(A1 a1, A2 a2, A3 a3, A4 a4) throws Exception;
    }

    @FunctionalInterface
    interface Void4<A1, A2, A3, A4> extends JobMethod {
        void call(A1 a1, A2 a2, A3 a3, A4 a4) throws Exception;
    }

    @FunctionalInterface
    interface Of5<A1, A2, A3, A4, A5, R> extends JobMethod {
        R call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) throws Exception;
    }

    @FunctionalInterface
    interface Void5<A1, A2, A3, A4, A5> extends JobMethod {
        void call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) throws Exception;
    }

    @FunctionalInterface
    interface Of6<A1, A2, A3, A4, A5, A6, R> extends JobMethod {
        R call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6) throws Exception;
    }

    @FunctionalInterface
    interface Void6<A1, A2, A3, A4, A5, A6> extends JobMethod {
        void call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6) throws Exception;
    }

    @FunctionalInterface
    interface Of7<A1, A2, A3, A4, A5, A6, A7, R> extends JobMethod {
        R call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7) throws Exception;
    }

    @FunctionalInterface
    interface Void7<A1, A2, A3, A4, A5, A6, A7> extends JobMethod {
        void call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7) throws Exception;
    }

    @FunctionalInterface
    interface Of8<A1, A2, A3, A4, A5, A6, A7, A8, R> extends JobMethod {
        R call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8) throws Exception;
    }

    @FunctionalInterface
    interface Void8<A1, A2, A3, A4, A5, A6, A7, A8> extends JobMethod {
        void call(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8) throws Exception;
    }

}
