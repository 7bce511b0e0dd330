package dev.hymir;

/**
 * A job implemented by code that is not a static {@link JobFunction} method: a lambda, or a closure
 * over a bean. Registered by name with {@link JobRegistry#register(String, JobHandler)}; the handler
 * receives everything bound to the call and returns a {@link JobResult} or a plain value.
 */
@FunctionalInterface
public interface JobHandler {
    Object handle(JobCall call) throws Exception;
}
