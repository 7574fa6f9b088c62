package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_supp_groups}: The FUSE_EXT_GROUPS extension body: nr_groups 32-bit gids follow. */
public final class FuseSuppGroups {
    private FuseSuppGroups() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("nr_groups")   // gids that follow
    ).withName("struct fuse_supp_groups");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NR_GROUPS = LAYOUT.byteOffset(groupElement("nr_groups"));
}
