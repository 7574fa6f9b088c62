package io.jvirtiod.binding.sys;

import java.util.List;

/** renameat2(2) flags (stdio.h with _GNU_SOURCE), the flags of FUSE_RENAME2. */
public final class RenameH {
    private RenameH() {}

    public static final List<String> C_INCLUDES = List.of("stdio.h");

    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 1 << 1;
    public static final int RENAME_WHITEOUT = 1 << 2;
}
