package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** fcntl.h file handle definitions: {@link FileHandle} and the largest handle size. */
public final class FileHandleH {
    private FileHandleH() {}

    public static final List<String> C_INCLUDES = List.of("fcntl.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(FileHandle.LAYOUT);

    public static final int MAX_HANDLE_SZ = 128;
}
