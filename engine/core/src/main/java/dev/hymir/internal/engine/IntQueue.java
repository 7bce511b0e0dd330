package dev.hymir.internal.engine;

import java.util.Arrays;

/** A growable FIFO ring of ints (job indices), so 10^6 ready jobs are not 10^6 boxed Integers. */
final class IntQueue {
    private int[] items = new int[16];
    private int head;
    private int size;

    void add(int value) {
        if (size == items.length) {
            int[] bigger = new int[items.length * 2];
            int tail = items.length - head;
            System.arraycopy(items, head, bigger, 0, tail);
            System.arraycopy(items, 0, bigger, tail, head);
            items = bigger;
            head = 0;
        }
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    int poll() {
        if (size == 0) {
            throw new IllegalStateException("IntQueue is empty");
        }
        int value = items[head];
        head = (head + 1) & (items.length - 1);
        size--;
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        head = 0;
        size = 0;
        if (items.length > 1024) {
            items = new int[16];
        } else {
            Arrays.fill(items, 0);
        }
    }
}
