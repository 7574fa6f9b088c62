/**
 * The /dev/fuse transport: {@link io.jvirtiod.fs.fuse.FuseServer#mount} mounts a
 * {@link io.jvirtiod.fs.FileSystem} on the host and serves it with one worker per cloned /dev/fuse fd.
 */
package io.jvirtiod.fs.fuse;
