package dev.orbitdock.agent;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CLI's version, as the first dotted number of what {@code --version} prints ({@code 2.1.332 (Claude Code)}). */
record CliVersion(int major, int minor, int patch) implements Comparable<CliVersion> {
    private static final Pattern DOTTED = Pattern.compile("(?<![\\d.])(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?");

    static CliVersion of(String dotted) {
        return find(dotted).orElseThrow(() -> new IllegalArgumentException("not a version: " + dotted));
    }

    static Optional<CliVersion> find(String text) {
        Matcher m = DOTTED.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new CliVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    @Override
    public int compareTo(CliVersion other) {
        int byMajor = Integer.compare(major, other.major);
        int byMinor = Integer.compare(minor, other.minor);
        return byMajor != 0 ? byMajor : byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
