package dev.hymir.dashboard;

import dev.hymir.JobFunction;

/** Job functions with readable names, for the README's screenshot of a workflow halfway through. */
public final class Reports {
    static final String GATE = "reports-score";

    private Reports() {
    }

    @JobFunction
    public static void fetchCatalog() {
    }

    @JobFunction
    public static void loadInventory(String warehouse) {
    }

    @JobFunction(output = "scores")
    public static int scoreItem(int item) throws InterruptedException {
        DashJobs.gate(GATE).acquire();
        return item;
    }

    @JobFunction(inputs = "scores")
    public static void mergeScores(java.util.List<Integer> scores) {
    }

    @JobFunction
    public static void loadOrders(String region) {
    }

    @JobFunction
    public static void checkOrder(int order) {
        if (order % 100 == 17) {
            throw new IllegalStateException("order " + order + " has no customer record (customer id 0)");
        }
    }

    @JobFunction
    public static void mergeOrders() {
    }

    @JobFunction
    public static void publishReport() {
    }

    @JobFunction
    public static void notifyTeam() {
    }
}
