package io.jvirtiod.binding;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;

/**
 * Layouts of C structs declared {@code __attribute__((packed))}: every member, however deep, has alignment 1, so
 * the struct has no padding and alignment 1, as gcc lays it out. FFM refuses to lower a group's alignment below
 * its members', hence this rebuilds the members instead. Accessors of packed fields must use the *_UNALIGNED
 * value layouts.
 */
public final class Packed {
    private Packed() {}

    /** A packed struct of {@code members} (which may themselves be naturally aligned layouts). */
    public static StructLayout struct(MemoryLayout... members) {
        MemoryLayout[] packed = new MemoryLayout[members.length];
        for (int i = 0; i < members.length; i++) packed[i] = unaligned(members[i]);
        return MemoryLayout.structLayout(packed);
    }

    /** A packed union of {@code members}. */
    public static UnionLayout union(MemoryLayout... members) {
        MemoryLayout[] packed = new MemoryLayout[members.length];
        for (int i = 0; i < members.length; i++) packed[i] = unaligned(members[i]);
        return MemoryLayout.unionLayout(packed);
    }

    /** {@code layout} with alignment 1 throughout, keeping its name and its members' names. */
    public static MemoryLayout unaligned(MemoryLayout layout) {
        MemoryLayout result = switch (layout) {
            case StructLayout s -> struct(s.memberLayouts().toArray(MemoryLayout[]::new));
            case UnionLayout u -> union(u.memberLayouts().toArray(MemoryLayout[]::new));
            case SequenceLayout q -> MemoryLayout.sequenceLayout(q.elementCount(), unaligned(q.elementLayout()));
            default -> layout.withByteAlignment(1);
        };
        return layout.name().map(result::withName).orElse(result);
    }
}
