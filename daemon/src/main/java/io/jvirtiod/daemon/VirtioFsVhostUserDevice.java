package io.jvirtiod.daemon;

import io.jvirtiod.vhostuser.QueueHandler;
import io.jvirtiod.vhostuser.VhostUserDevice;
import io.jvirtiod.virtiofs.FuseChainServer;
import io.jvirtiod.virtiofs.VirtioFsDevice;
import io.jvirtiod.virtqueue.DescriptorChain;

import java.lang.foreign.MemorySegment;

/**
 * The virtio-fs device behind the vhost-user transport: each queue's worker, or with {@code --thread-pool-size}
 * each pool thread, gets its own FUSE chain server.
 */
final class VirtioFsVhostUserDevice implements VhostUserDevice {
    private final VirtioFsDevice fs;
    private final int poolThreads;

    /** @param poolThreads virtiofsd's --thread-pool-size: 0 serves each queue on its own thread */
    VirtioFsVhostUserDevice(VirtioFsDevice fs, int poolThreads) {
        this.fs = fs;
        this.poolThreads = poolThreads;
    }

    @Override
    public int poolThreads() {
        return poolThreads;
    }

    @Override
    public QueueHandler openPoolHandler() {
        return openQueue(VirtioFsDevice.HIPRIO_QUEUE); // a chain server serves any queue alike
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
