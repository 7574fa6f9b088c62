/**
 * The daemon's own confinement, apart from the devices it serves (as virtiofsd's sandbox.rs and seccomp.rs stand
 * apart from its file system): the namespaces and capabilities it runs with, and the system calls it may make.
 */
package io.jvirtiod.sandbox;
