package io.jvirtiod.binding;

import org.junit.jupiter.api.Test;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PackedTest {

    @Test
    void aPackedStructHasNoPaddingAndAlignmentOne() {
        StructLayout s = Packed.struct(JAVA_BYTE.withName("a"), JAVA_LONG.withName("b"), JAVA_SHORT.withName("c"));
        assertEquals(11, s.byteSize());
        assertEquals(1, s.byteAlignment());
        assertEquals(1, s.byteOffset(groupElement("b")));
        assertEquals(9, s.byteOffset(groupElement("c")));
    }

    @Test
    void nestedGroupsAndArraysArePackedAndKeepTheirNames() {
        StructLayout inner = MemoryLayout.structLayout(JAVA_INT.withName("x"), JAVA_BYTE.withName("y"),
                MemoryLayout.paddingLayout(3)).withName("struct inner");
        StructLayout s = Packed.struct(JAVA_BYTE.withName("tag"), inner.withName("in"),
                MemoryLayout.sequenceLayout(2, inner).withName("arr"));
        assertEquals(1 + 8 + 16, s.byteSize());
        assertEquals(5, s.byteOffset(groupElement("in"), groupElement("y")));
        GroupLayout in = (GroupLayout) s.select(groupElement("in"));
        assertEquals(1, in.byteAlignment());
        assertEquals("in", in.name().orElseThrow());
    }
}
