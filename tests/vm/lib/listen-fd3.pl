#!/usr/bin/perl
# listen-fd3.pl [--ready FILE] SOCKET COMMAND [ARG...]
#
# Starts a vhost-user backend the way Kata Containers does: the launcher (not the daemon) creates the UNIX
# socket, binds and listens on it, and hands the listening socket to the daemon as file descriptor 3; the daemon
# is told `--fd=3` and only accepts. QEMU may therefore connect as soon as the socket exists, before the daemon
# has even started (the connection waits in the backlog). FILE, if given, is created once the socket listens,
# so a caller can start QEMU without racing the bind.
use strict;
use warnings;
use Socket qw(AF_UNIX SOCK_STREAM pack_sockaddr_un);
use Fcntl qw(F_GETFD F_SETFD FD_CLOEXEC);
use POSIX ();

my $ready;
if (@ARGV && $ARGV[0] eq '--ready') { shift; $ready = shift; }
my ($path, @cmd) = @ARGV;
die "usage: $0 [--ready FILE] SOCKET COMMAND [ARG...]\n" unless defined $path && @cmd;

unlink $path;
socket(my $sock, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!\n";
bind($sock, pack_sockaddr_un($path)) or die "bind $path: $!\n";
listen($sock, 128) or die "listen $path: $!\n";
if (fileno($sock) != 3) {
    # dup2 leaves the new descriptor without FD_CLOEXEC.
    defined POSIX::dup2(fileno($sock), 3) or die "dup2 to fd 3: $!\n";
} else {
    # Perl marks descriptors above $^F (2) close-on-exec; fd 3 must survive exec.
    my $flags = fcntl($sock, F_GETFD, 0) or die "fcntl: $!\n";
    fcntl($sock, F_SETFD, $flags & ~FD_CLOEXEC) or die "fcntl: $!\n";
}
if (defined $ready) {
    open(my $r, '>', $ready) or die "$ready: $!\n";
    close $r;
}
exec { $cmd[0] } @cmd or die "exec $cmd[0]: $!\n";
