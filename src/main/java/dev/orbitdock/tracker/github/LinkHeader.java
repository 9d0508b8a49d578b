package dev.orbitdock.tracker.github;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's pagination header: {@code <https://…?page=2>; rel="next", <https://…?page=5>; rel="last"}. Parsed per
 * link target rather than split on commas, because the URLs themselves may contain commas.
 */
final class LinkHeader {
    private LinkHeader() {}

    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";,]*)\"?");

    static Optional<String> next(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL.matcher(link.group(2));
            // rel may hold several space-separated relation types.
            if (rel.find() && (" " + rel.group(1).strip() + " ").contains(" next ")) {
                return Optional.of(link.group(1));
            }
        }
        return Optional.empty();
    }
}
