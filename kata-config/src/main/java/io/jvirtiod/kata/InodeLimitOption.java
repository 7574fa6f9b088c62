package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.PassthroughConfig;
import picocli.CommandLine.Option;

/** The {@code --inode-limit N} option (jvirtiod's own): a picocli mixin of every command that serves a share. */
public final class InodeLimitOption {
    @Option(names = "--inode-limit", paramLabel = "N", converter = IntRange.Positive.class,
            description = "answer ENFILE once the kernel holds N inodes, root included, so the daemon's memory is "
                    + "bounded (default: no limit, as virtiofsd)")
    private Integer limit;

    /** The limit given, or {@link PassthroughConfig#UNLIMITED_INODES}. */
    public long limit() {
        return limit == null ? PassthroughConfig.UNLIMITED_INODES : limit;
    }
}
