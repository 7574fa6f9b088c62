package io.jvirtiod.binding.sys;

import java.util.List;

/** sys/eventfd.h: flags of eventfd(2), the counters that carry virtqueue kicks and calls. */
public final class EventFdH {
    private EventFdH() {}

    public static final List<String> C_INCLUDES = List.of("sys/eventfd.h");

    /** read(2) takes 1 from the counter instead of all of it. */
    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_CLOEXEC = 02000000;
    public static final int EFD_NONBLOCK = 04000;
}
