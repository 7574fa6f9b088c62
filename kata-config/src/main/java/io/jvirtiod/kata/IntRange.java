package io.jvirtiod.kata;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A picocli converter for a whole number within bounds, so that every numeric option of jvirtiod's commands
 * declares its range where it is declared and a bad value is refused naming it. Subclasses fix the bounds
 * (picocli instantiates converters by class). It lives here, the lowest module with a command line.
 */
public abstract class IntRange implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    protected IntRange(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(String value) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (n < min || n > max) throw new TypeConversionException("'" + value + "' is not in " + min + ".." + max);
        return (int) n;
    }

    /** 1 up to Integer.MAX_VALUE: counts that must allow at least one (the inode limit, which counts the root). */
    public static final class Positive extends IntRange {
        public Positive() {
            super(1, Integer.MAX_VALUE);
        }
    }

    /** 0 up to Integer.MAX_VALUE: file descriptors, file limits. */
    public static final class NonNegative extends IntRange {
        public NonNegative() {
            super(0, Integer.MAX_VALUE);
        }
    }
}
