package io.jvirtiod.daemon;

import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.SocketH;
import io.jvirtiod.binding.sys.UnixSocket;
import io.jvirtiod.kata.VirtiofsdOptions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line log records on stderr, or to the system log with {@code --syslog} (as virtiofsd: Kata collects a
 * daemon's stderr or journal), at virtiofsd's {@code --log-level}.
 */
final class DaemonLogging {
    private DaemonLogging() {}

    /** The syslog socket (bound into the namespace sandbox for --syslog). */
    static final Path SYSLOG = Path.of("/dev/log");

    static void configure(VirtiofsdOptions.LogLevel level, boolean syslog, String ident) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level jul = switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINEST;
            case OFF -> Level.OFF;
        };
        root.setLevel(jul);
        Handler h = syslog && Files.exists(SYSLOG) ? new SyslogHandler(ident) : new ConsoleHandler();
        h.setLevel(jul);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                if (r.getThrown() != null) msg += ": " + r.getThrown();
                return syslog ? msg : "[" + Instant.ofEpochMilli(r.getMillis()) + " " + r.getLevel() + "] " + msg + "\n";
            }
        });
        root.addHandler(h);
    }

    /** Datagrams to /dev/log in the traditional "<PRI>ident[pid]: message" form (facility daemon). */
    private static final class SyslogHandler extends Handler {
        private final String prefix;
        private final int fd;

        SyslogHandler(String ident) {
            this.prefix = ident + "[" + ProcessHandle.current().pid() + "]: ";
            this.fd = UnixSocket.socket(SocketH.SOCK_DGRAM | SocketH.SOCK_CLOEXEC);
            UnixSocket.connect(fd, SYSLOG.toString());
        }

        @Override
        public synchronized void publish(LogRecord r) {
            if (!isLoggable(r)) return;
            int severity = r.getLevel().intValue() >= Level.SEVERE.intValue() ? 3
                    : r.getLevel().intValue() >= Level.WARNING.intValue() ? 4
                    : r.getLevel().intValue() >= Level.INFO.intValue() ? 6 : 7;
            byte[] b = ("<" + (3 * 8 + severity) + ">" + prefix + getFormatter().format(r)).getBytes(StandardCharsets.UTF_8);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = a.allocate(b.length);
                MemorySegment.copy(b, 0, s, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b.length);
                FileIo.writeRaw(fd, s);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            FileIo.closeRaw(fd);
        }
    }
}
