/**
 * The FUSE wire protocol (7.23 to 7.45), apart from any transport: {@link io.jvirtiod.fs.protocol.FuseDispatcher}
 * decodes and validates requests into flyweights ({@code *In}, {@link io.jvirtiod.fs.protocol.Name}) and encodes
 * replies from flyweights over a worker's reply buffer ({@code *Out}, {@link io.jvirtiod.fs.protocol.DirentSink},
 * {@link io.jvirtiod.fs.protocol.ByteSink}); file data moves through {@link io.jvirtiod.fs.protocol.ReadSink} and
 * {@link io.jvirtiod.fs.protocol.WriteSource} scatter lists.
 *
 * <p>A transport creates one {@link io.jvirtiod.fs.protocol.Exchange} per worker and calls
 * {@code handle(exchange, request, length)}. A virtio-fs transport, whose request may span guest descriptors,
 * passes the head (in-header and arguments, contiguous) as {@code request} and, for WRITE, describes the
 * payload descriptors in {@code exchange.writeSource()} and passes their byte count as {@code externalBytes};
 * its {@link io.jvirtiod.fs.protocol.ReplyChannel#prepareRead} points the READ sink at the device-writable
 * descriptors after the out-header, so data goes from the host file to guest memory without a copy.
 */
package io.jvirtiod.fs.protocol;
