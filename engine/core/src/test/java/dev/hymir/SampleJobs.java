package dev.hymir;

import java.util.List;
import java.util.Map;

/** Job functions the model tests refer to (ValidationTest also runs some to check the bindings it validated). */
public final class SampleJobs {
    private SampleJobs() {
    }

    @JobFunction
    public static void dummy() {
    }

    @JobFunction(output = "reports")
    public static Success startReport(String reportKey, Map<String, Object> options) {
        return new Success(reportKey);
    }

    @JobFunction(inputs = {"reports"}, output = "counts", meta = {"timeout=PT30S", "concurrency=4"})
    public static int processReports(List<String> reports) {
        return reports.size();
    }

    @JobFunction(name = "reports.rollup")
    public static void rollup(String period) {
    }

    @JobFunction(inputs = {"inventory_reports->reports"})
    public static int renamed(List<String> reports) {
        return reports.size();
    }

    @JobFunction
    public static String identify(String workflowId, String jobId) {
        return workflowId + "/" + jobId;
    }

    @JobFunction
    public static int add(int a, int b) {
        return a + b;
    }

    @JobFunction
    public static int unnamedParameter(@JobFunction.Param("amount") int amountWithAnotherName) {
        return amountWithAnotherName;
    }

    /** Deliberately not annotated: must not be resolvable by name. */
    public static void notAJob() {
    }

    /** A bean whose method can be registered explicitly. */
    public static final class Mailer {
        public String send(String to) {
            return "sent to " + to;
        }
    }
}
