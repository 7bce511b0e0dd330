package dev.hymir.internal.graph;

import java.util.Arrays;

/** A binary min-heap of ints, without boxing. */
final class IntMinHeap {
    private int[] heap;
    private int size;

    IntMinHeap(int capacity) {
        heap = new int[Math.max(1, capacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(int value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= value) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
    }

    int poll() {
        int result = heap[0];
        int last = heap[--size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return result;
    }
}
