package dev.orbitdock.common;

import java.security.SecureRandom;

/** Source of entity ids; injected so tests can make them deterministic. */
@FunctionalInterface
public interface IdGenerator {
    String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    /** A new id such as {@code od-7k2m9x4q1c8v3b6n}. */
    String newId();

    static IdGenerator random() {
        SecureRandom random = new SecureRandom();
        return () -> "od-" + randomChars(random, 16);
    }

    /** {@code length} characters of {@link #ALPHABET}, for ids that must not be guessable. */
    static String randomChars(java.util.Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    /** {@code prefix-1}, {@code prefix-2}, … for tests. */
    static IdGenerator sequential(String prefix) {
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        return () -> prefix + "-" + next.incrementAndGet();
    }
}
