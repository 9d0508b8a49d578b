package dev.orbitdock.cli;

import dev.orbitdock.cli.mcp.MissionToolsServer;
import dev.orbitdock.common.OrbitDockException;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "mcp-mission-tools", description = {"Serve the mission tools to an agent as an MCP server on stdio.",
        "Started by the agent CLI from the MCP config OrbitDock writes for each run; reads ORBITDOCK_API_URL and",
        "ORBITDOCK_ISSUE_TOKEN (a token scoped to one mission issue) from the environment."})
final class McpMissionToolsCommand implements Callable<Integer> {
    static final String API_URL_ENV = "ORBITDOCK_API_URL";
    static final String TOKEN_ENV = "ORBITDOCK_ISSUE_TOKEN";

    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws InterruptedException {
        String url = required(API_URL_ENV);
        String token = required(TOKEN_ENV);
        URI api;
        try {
            api = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new OrbitDockException("invalid_api_url", API_URL_ENV + " is not a URL: " + url,
                    "set it to the OrbitDock server's address, e.g. http://127.0.0.1:4000");
        }
        // Standard output is the MCP channel: nothing else may be printed on it.
        new MissionToolsServer(api, token).serve(System.in, System.out, Version.current());
        return 0;
    }

    private String required(String name) {
        String value = root.context().env().get(name);
        if (value == null || value.isBlank()) {
            throw new OrbitDockException("missing_environment", name + " is not set",
                    "this command is started by OrbitDock for an agent run, which sets it");
        }
        return value.strip();
    }
}
