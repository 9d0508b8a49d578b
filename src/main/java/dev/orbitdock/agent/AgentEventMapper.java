package dev.orbitdock.agent;

import java.util.List;

/**
 * One agent CLI's output format: a pure function from one line of its JSON output to what that line means. It
 * never throws: a line that is not JSON, or an event it does not know, comes back as a {@link RowType#RAW} row.
 */
@FunctionalInterface
public interface AgentEventMapper {
    List<AgentEvent> map(String line);
}
