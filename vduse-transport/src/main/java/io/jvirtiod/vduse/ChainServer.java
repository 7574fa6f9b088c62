package io.jvirtiod.vduse;

import io.jvirtiod.virtqueue.DescriptorChain;

/**
 * A device's request handler for one queue, as the transport calls it: serve the request in a chain to completion
 * and return the used length. Why an interface here: the transport knows nothing of block or file systems; a
 * device (virtio-blk's BlkRequestHandler) plugs in. Called on the queue's thread only.
 */
@FunctionalInterface
public interface ChainServer {
    int serve(DescriptorChain chain);
}
