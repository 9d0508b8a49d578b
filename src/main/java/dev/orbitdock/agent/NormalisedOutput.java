package dev.orbitdock.agent;

import java.util.List;

/**
 * A CLI agent's output into the session: the prompt first (the CLIs do not echo it), then every stdout line through
 * the agent's mapper; stderr lines are {@code stderr} rows. Rows that show the agent working count as progress.
 */
final class NormalisedOutput implements OutputHandler {
    private final SessionRecorder recorder;
    private final String sessionId;
    private final String prompt;
    private final AgentEventMapper mapper;
    /** The status last written; only a change is written again (the CLIs repeat it every turn). */
    private String status = "working";

    NormalisedOutput(SessionRecorder recorder, String sessionId, String prompt, AgentEventMapper mapper) {
        this.recorder = recorder;
        this.sessionId = sessionId;
        this.prompt = prompt;
        this.mapper = mapper;
    }

    @Override
    public void started() {
        recorder.row(sessionId, null, RowType.USER_PROMPT.wire(), EventJson.object().put("text", prompt));
    }

    /** Called from the stdout reader only, so {@link #status} needs no lock. */
    @Override
    public void stdout(String line) {
        if (line.isBlank()) {
            return;
        }
        List<AgentEvent> events = mapper.map(line);
        boolean progress = false;
        for (AgentEvent event : events) {
            progress |= apply(event);
        }
        if (progress) {
            recorder.progress(sessionId);
        }
    }

    @Override
    public void stderr(String line) {
        recorder.row(sessionId, null, "stderr", CommandOutput.text(line));
    }

    /** Records one event; true when it shows progress. */
    private boolean apply(AgentEvent event) {
        return switch (event) {
            case AgentEvent.Row row -> {
                if (row.key() == null) {
                    recorder.row(sessionId, null, row.type().wire(), row.payload());
                } else {
                    // Row ids are global; the CLI's item ids are unique only within its own session.
                    recorder.upsertRow(sessionId, sessionId + "/" + row.key(), null, row.type().wire(),
                            row.payload());
                }
                yield row.type().progress();
            }
            case AgentEvent.Usage usage -> {
                recorder.tokenUsage(sessionId, null, usage.model(), usage.inputTokens(), usage.outputTokens(),
                        usage.cachedInputTokens(), usage.costUsd());
                yield usage.outputTokens() > 0;
            }
            case AgentEvent.SessionStarted started -> {
                recorder.describe(sessionId, started.externalSessionId(), started.model());
                yield false;
            }
            case AgentEvent.Status next -> {
                if (!next.status().equals(status)) {
                    status = next.status();
                    recorder.status(sessionId, status);
                }
                yield false;
            }
        };
    }
}
