package io.jvirtiod.vduse;

/** A virtqueue as the driver set it up (VDUSE_VQ_GET_INFO): size, ring IOVAs, split avail index, readiness. */
public record VqInfo(int index, int num, long descAddr, long driverAddr, long deviceAddr, int availIndex, boolean ready) {}
