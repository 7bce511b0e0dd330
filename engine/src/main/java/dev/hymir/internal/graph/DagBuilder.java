package dev.hymir.internal.graph;

import dev.hymir.Job;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link Dag} job by job, in index order: each job is a template index (the caller keeps
 * the templates) and a predecessor list. Lists are normalised (sorted, duplicates dropped) and shared
 * where that is cheap to see: the same array given again (a Group's members share their parent's
 * terminals), one predecessor (by its index), and, when asked, equal contents anywhere (hashing every
 * list: for graphs given edge by edge).
 */
public final class DagBuilder {
    private final boolean shareEqualLists;
    private final boolean shareSameArrays;
    private int jobs;
    private int[] templateOf;                  // allocated at the first job of a template other than 0
    private int[] listOf = new int[16];
    private int lists = 1; // list 0: empty
    private int[] listStart = new int[16];
    private int[] items = new int[16];
    private int itemCount;
    private int[] lastArray;
    private int lastList;
    private final Map<int[], Integer> byArray; // arrays of 2+ given before, by identity
    private int[] singleList;                  // by predecessor index: its one-item list + 1 (0: none yet)
    private final Map<IntArrayKey, Integer> byContent;

    /**
     * {@code shareEqualLists}: find equal lists anywhere by content (a hash per list);
     * {@code shareSameArrays}: find an array given before by identity (a map entry per array of 2+).
     * Neither: only the same array given for consecutive jobs, and single predecessors, are shared
     * (constant memory per job, for the largest workflows).
     */
    public DagBuilder(boolean shareEqualLists, boolean shareSameArrays) {
        this.shareEqualLists = shareEqualLists;
        this.shareSameArrays = shareSameArrays && !shareEqualLists;
        this.byContent = shareEqualLists ? new HashMap<>() : null;
        this.byArray = this.shareSameArrays ? new java.util.IdentityHashMap<>() : null;
    }

    /** The list of predecessors {@code preds} (job indices, any order, duplicates allowed); returns its number. */
    public int list(int[] preds) {
        if (preds.length == 0) {
            return 0;
        }
        if (preds == lastArray) {
            return lastList;
        }
        int id;
        Integer seen = byArray != null && preds.length >= 2 ? byArray.get(preds) : null;
        if (seen != null) {
            id = seen;
        } else if (preds.length == 1) {
            id = singleList(preds[0]);
        } else {
            int[] sorted = preds;
            if (!isSortedDistinct(preds)) {
                sorted = preds.clone();
                Arrays.sort(sorted);
                sorted = dedupSorted(sorted);
            }
            if (sorted.length == 1) {
                id = singleList(sorted[0]);
            } else if (shareEqualLists) {
                IntArrayKey key = new IntArrayKey(sorted == preds ? preds.clone() : sorted);
                Integer known = byContent.get(key);
                if (known == null) {
                    known = newList(sorted, sorted.length);
                    byContent.put(key, known);
                }
                id = known;
            } else {
                id = newList(sorted, sorted.length);
            }
            if (byArray != null && preds.length >= 2) {
                byArray.put(preds, id); // the caller gives the same array again for every member of a Group
            }
        }
        lastArray = preds;
        lastList = id;
        return id;
    }

    /**
     * Adds the list {@code sorted[0..length)} (ascending, distinct: trusted) as a new list, not shared;
     * returns its number. For definitions read back, whose lists are distinct already.
     */
    public int addSortedList(int[] sorted, int length) {
        for (int k = 1; k < length; k++) {
            if (sorted[k] <= sorted[k - 1]) {
                throw new IllegalArgumentException("predecessor list not ascending at item " + k);
            }
        }
        return newList(sorted, length);
    }

    private int singleList(int pred) {
        if (singleList == null || pred >= singleList.length) {
            singleList = Arrays.copyOf(singleList == null ? new int[0] : singleList, Math.max(pred + 1, Math.max(16, jobs * 2)));
        }
        if (singleList[pred] == 0) {
            singleList[pred] = newList(new int[] {pred}, 1) + 1;
        }
        return singleList[pred] - 1;
    }

    private int newList(int[] sorted, int length) {
        if (itemCount + length > items.length) {
            items = Arrays.copyOf(items, Math.max(itemCount + length, items.length * 2));
        }
        System.arraycopy(sorted, 0, items, itemCount, length);
        if (lists + 1 >= listStart.length) {
            listStart = Arrays.copyOf(listStart, listStart.length * 2);
        }
        listStart[lists] = itemCount;
        itemCount += length;
        listStart[lists + 1] = itemCount;
        return lists++;
    }

    /**
     * Sizes the arrays for what is coming (a definition read back knows it): no growth, and no copy
     * at {@link #build} when the counts are exact. A 10^7-job DAG is then built in its final size.
     */
    public DagBuilder expect(int jobCount, int listCount, int itemCount) {
        if (listOf.length < jobCount) {
            listOf = Arrays.copyOf(listOf, jobCount);
        }
        if (listStart.length < listCount + 1) {
            listStart = Arrays.copyOf(listStart, listCount + 1);
        }
        if (items.length < itemCount) {
            items = Arrays.copyOf(items, itemCount);
        }
        return this;
    }

    /** Adds the next job: template {@code template} (the caller's numbering), waiting for list {@code list}. */
    public int job(int template, int list) {
        if (list < 0 || list >= lists) {
            throw new IllegalArgumentException("no predecessor list " + list);
        }
        if (jobs == listOf.length) {
            listOf = Arrays.copyOf(listOf, Math.max(16, jobs * 2));
        }
        if (template != 0 && templateOf == null) {
            templateOf = new int[listOf.length];
        }
        if (templateOf != null) {
            if (templateOf.length < listOf.length) {
                templateOf = Arrays.copyOf(templateOf, listOf.length);
            }
            templateOf[jobs] = template;
        }
        listOf[jobs] = list;
        return jobs++;
    }

    public int jobCount() {
        return jobs;
    }

    /**
     * The DAG of the jobs added, with {@code templates} (indexed by the template numbers given);
     * rejects predecessors out of range and cycles (the message names them).
     */
    public Dag build(Job[] templates) {
        int n = jobs;
        for (int k = 0; k < itemCount; k++) {
            if (items[k] < 0 || items[k] >= n) {
                throw new IllegalArgumentException("a predecessor list names job index " + items[k] + ": job indices are 0.." + (n - 1));
            }
        }
        listStart[lists] = itemCount; // (room for it: newList keeps one slot past the last list)
        Dag dag = new Dag(templates, templateOf == null ? null : exact(templateOf, n), exact(listOf, n),
                exact(listStart, lists + 1), exact(items, itemCount));
        listOf = listStart = items = templateOf = null; // given up to the Dag
        dag.requireAcyclic();
        return dag;
    }

    /**
     * A DAG from explicit edges {@code sources[k] -> targets[k]} (job indices) over jobs whose templates
     * are {@code templateOf} (null: all template 0); equal predecessor sets are shared by content.
     */
    public static Dag fromEdges(Job[] templates, int[] templateOf, int jobCount, int[] sources, int[] targets, int edgeCount) {
        int[] counts = new int[jobCount];
        for (int k = 0; k < edgeCount; k++) {
            if (targets[k] < 0 || targets[k] >= jobCount || sources[k] < 0 || sources[k] >= jobCount) {
                throw new IllegalArgumentException("edge " + k + " names job index " + (targets[k] < 0 || targets[k] >= jobCount
                        ? targets[k] : sources[k]) + ": job indices are 0.." + (jobCount - 1));
            }
            counts[targets[k]]++;
        }
        int[] start = new int[jobCount + 1];
        for (int v = 0; v < jobCount; v++) {
            start[v + 1] = start[v] + counts[v];
        }
        int[] preds = new int[edgeCount];
        int[] fill = Arrays.copyOf(start, jobCount);
        for (int k = 0; k < edgeCount; k++) {
            preds[fill[targets[k]]++] = sources[k];
        }
        DagBuilder b = new DagBuilder(true, false);
        for (int v = 0; v < jobCount; v++) {
            int list = start[v] == start[v + 1] ? 0 : b.list(Arrays.copyOfRange(preds, start[v], start[v + 1]));
            b.job(templateOf == null ? 0 : templateOf[v], list);
        }
        return b.build(templates);
    }

    /** {@code a} itself when it holds exactly {@code n} entries (no second copy of 10^7 ints), else a trimmed copy. */
    private static int[] exact(int[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    private static boolean isSortedDistinct(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static int[] dedupSorted(int[] sorted) {
        int w = 1;
        for (int r = 1; r < sorted.length; r++) {
            if (sorted[r] != sorted[w - 1]) {
                sorted[w++] = sorted[r];
            }
        }
        return w == sorted.length ? sorted : Arrays.copyOf(sorted, w);
    }
}
