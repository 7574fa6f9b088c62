package io.jvirtiod.inflight;

import java.util.Arrays;
import java.util.List;

/**
 * What a restarted backend must do for one queue: resubmit {@link #heads()} in that order (oldest fetch
 * first), then continue fetching from the avail ring at {@link #lastAvailIdx()}.
 *
 * @param heads         descriptor heads still in flight, ordered by their fetch counter, oldest first
 * @param lastAvailIdx  the avail ring index of the next request to fetch: used idx + heads in flight
 * @param usedIdx       the used ring idx the recovery was made against
 * @param batchCleared  heads of a half-recorded last batch found already in the used ring and cleared
 */
public record Recovery(int[] heads, int lastAvailIdx, int usedIdx, int batchCleared) {

    public Recovery {
        heads = heads.clone();
    }

    @Override
    public int[] heads() {
        return heads.clone();
    }

    /** The heads to resubmit, oldest first. */
    public List<Integer> headList() {
        return Arrays.stream(heads).boxed().toList();
    }

    @Override
    public String toString() {
        return "Recovery[resubmit " + Arrays.toString(heads) + ", lastAvailIdx " + lastAvailIdx + ", usedIdx "
                + usedIdx + ", batchCleared " + batchCleared + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recovery r && Arrays.equals(heads, r.heads) && lastAvailIdx == r.lastAvailIdx
                && usedIdx == r.usedIdx && batchCleared == r.batchCleared;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(heads) * 31 + lastAvailIdx * 17 + usedIdx * 7 + batchCleared;
    }
}
