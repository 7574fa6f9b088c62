package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;
import picocli.CommandLine.TypeConversionException;

/** The {@code --cache MODE} converter of every command: {@link CacheMode#parse} decides, "none" included. */
public final class CacheModeSpelling extends Spelling<CacheMode> {
    public CacheModeSpelling() {
        super(CacheMode.class, "a cache mode");
    }

    @Override
    public CacheMode convert(String value) {
        try {
            return CacheMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
