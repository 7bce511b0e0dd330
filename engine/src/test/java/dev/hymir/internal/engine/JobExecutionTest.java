package dev.hymir.internal.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An interrupt meant for an attempt never reaches what its thread does next. */
class JobExecutionTest {
    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    @Test
    void anInterruptWhileTheAttemptRunsReachesItsThread() {
        JobExecution x = new JobExecution(null, 0, 0);
        x.thread = Thread.currentThread();
        x.interruptThread();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptAfterTheAttemptReturnedIsNotDelivered() {
        JobExecution x = new JobExecution(null, 0, 0);
        x.thread = Thread.currentThread();
        x.stopInterrupts();
        x.interruptThread();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptThatCameJustBeforeTheAttemptReturnedIsCleared() {
        JobExecution x = new JobExecution(null, 0, 0);
        x.thread = Thread.currentThread();
        x.interruptThread(); // the timeout fired as the job returned
        x.stopInterrupts();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
