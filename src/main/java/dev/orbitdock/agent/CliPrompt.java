package dev.orbitdock.agent;

import java.io.IOException;
import java.nio.file.Files;

/** The rendered prompt, read once for the session's first row (the CLIs get it on stdin and do not echo it). */
final class CliPrompt {
    private CliPrompt() {}

    static String read(AgentLaunch launch) {
        try {
            return Files.readString(launch.promptFile());
        } catch (IOException e) {
            throw new AgentStartException("prompt file " + launch.promptFile() + " is not readable: "
                    + e.getMessage(), null, e);
        }
    }
}
