package dev.orbitdock.mission;

import java.text.Normalizer;
import java.util.Locale;

/** Branch-safe names: {@code ENG-42} → {@code eng-42}, {@code #7 Fix the bug!} → {@code 7-fix-the-bug}. */
public final class Slugs {
    private static final int MAX = 48;

    private Slugs() {}

    public static String of(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX) {
            slug = slug.substring(0, MAX).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "issue" : slug;
    }

    public static String branch(String identifier) {
        return "mission/" + of(identifier);
    }
}
