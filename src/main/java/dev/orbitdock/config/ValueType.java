package dev.orbitdock.config;

import java.net.URI;
import java.net.URISyntaxException;
import dev.orbitdock.common.Durations;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The kinds of config value, each with its own validation. {@link #validate} returns a problem, or empty. */
public enum ValueType {
    STRING("text") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            return value.isBlank() ? Optional.of("must not be blank") : Optional.empty();
        }
    },
    SECRET("secret") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            return value.isBlank() || !value.strip().equals(value)
                    ? Optional.of("must be non-blank with no surrounding whitespace") : Optional.empty();
        }
    },
    URL("http(s) URL") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            try {
                URI uri = new URI(value);
                boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
                return http && uri.getHost() != null ? Optional.empty()
                        : Optional.of("must be an http:// or https:// URL with a host");
            } catch (URISyntaxException e) {
                return Optional.of("is not a URL (" + e.getReason() + ")");
            }
        }
    },
    HOST_PORT("host:port") {
        private static final Pattern SHAPE = Pattern.compile("(\\[[0-9a-fA-F:]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

        @Override
        Optional<String> problem(String value, List<String> choices) {
            var matcher = SHAPE.matcher(value);
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
                return Optional.of("must be host:port, e.g. 127.0.0.1:4000 or 0.0.0.0:4000");
            }
            return Optional.empty();
        }
    },
    HOST_LIST("host[:port],…") {
        private static final Pattern HOST = Pattern.compile("(\\[[0-9a-fA-F:]+](:\\d{1,5})?|[A-Za-z0-9.-]+(:\\d{1,5})?)");

        @Override
        Optional<String> problem(String value, List<String> choices) {
            String[] hosts = value.split(",", -1);
            for (String host : hosts) {
                if (!HOST.matcher(host.strip()).matches()) {
                    return Optional.of("must be a comma-separated list of host or host:port, e.g."
                            + " build1.example.com,10.0.0.5:2222");
                }
            }
            return Optional.empty();
        }
    },
    INTEGER("integer") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            try {
                Long.parseLong(value);
                return Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.of("must be a whole number");
            }
        }
    },
    BOOLEAN("true|false") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            return value.equals("true") || value.equals("false") ? Optional.empty()
                    : Optional.of("must be true or false");
        }
    },
    DURATION("duration") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            return Durations.parse(value).isPresent() ? Optional.empty()
                    : Optional.of("must be a duration such as 30s, 5m, 2h or 1d");
        }
    },
    CHOICE("one of") {
        @Override
        Optional<String> problem(String value, List<String> choices) {
            return choices.contains(value) ? Optional.empty()
                    : Optional.of("must be one of " + String.join(", ", choices));
        }
    };

    private final String label;

    ValueType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    abstract Optional<String> problem(String value, List<String> choices);

    /** What is wrong with {@code value} for a type without choices (e.g. a URL flag); empty when it is fine. */
    public Optional<String> problem(String value) {
        return problem(value, List.of());
    }
}
