package dev.hymir.internal.redis;

import java.util.Arrays;

/** A growable list of ints taken from the front in chunks (job indices waiting to be written). */
final class IntList {
    private int[] items = new int[16];
    private int head;
    private int tail;

    void add(int value) {
        if (tail == items.length) {
            if (head > items.length / 2) {
                System.arraycopy(items, head, items, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                items = Arrays.copyOf(items, items.length * 2);
            }
        }
        items[tail++] = value;
    }

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return head == tail;
    }

    /** Removes up to {@code max} values from the front into a new array. */
    int[] take(int max) {
        int n = Math.min(max, size());
        int[] taken = Arrays.copyOfRange(items, head, head + n);
        head += n;
        if (head == tail) {
            clear();
        }
        return taken;
    }

    void clear() {
        head = 0;
        tail = 0;
        if (items.length > 4_096) {
            items = new int[16]; // a large drain's array is not kept for the rest of the run
        }
    }
}
