package dev.orbitdock.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels at run time: the CLI stays quiet (warnings only), the server logs what {@code log_level} says. */
public final class Logging {
    private Logging() {}

    public static void setLevel(String level) {
        ((Logger) LoggerFactory.getLogger("dev.orbitdock")).setLevel(Level.toLevel(level, Level.INFO));
    }
}
