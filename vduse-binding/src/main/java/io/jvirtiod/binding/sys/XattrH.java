package io.jvirtiod.binding.sys;

import java.util.List;

/** sys/xattr.h flags of setxattr(2), passed through from FUSE_SETXATTR. */
public final class XattrH {
    private XattrH() {}

    public static final List<String> C_INCLUDES = List.of("sys/xattr.h");

    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;
}
