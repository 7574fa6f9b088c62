package io.jvirtiod.daemon;

import io.jvirtiod.vhostuser.QueueHandler;
import io.jvirtiod.vhostuser.VhostUserDevice;
import io.jvirtiod.virtiofs.FuseChainServer;
import io.jvirtiod.virtiofs.VirtioFsDevice;
import io.jvirtiod.virtqueue.DescriptorChain;

import java.lang.foreign.MemorySegment;

/** The virtio-fs device behind the vhost-user transport: each queue's worker gets its own FUSE chain server. */
final class VirtioFsVhostUserDevice implements VhostUserDevice {
    private final VirtioFsDevice fs;

    VirtioFsVhostUserDevice(VirtioFsDevice fs) {
        this.fs = fs;
    }

    @Override
    public long features() {
        return VirtioFsDevice.FEATURES;
    }

    @Override
    public int numQueues() {
        return fs.numQueues();
    }

    @Override
    public MemorySegment config() {
        return fs.config();
    }

    @Override
    public QueueHandler openQueue(int index) {
        FuseChainServer server = fs.newQueueServer();
        return new QueueHandler() {
            @Override
            public int serve(DescriptorChain chain) {
                return server.serve(chain);
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @Override
    public void reset() {
        fs.reset();
    }
}
