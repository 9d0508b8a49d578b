package dev.orbitdock.mission;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.store.MissionCommand;
import dev.orbitdock.store.PersistenceWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What people do to missions (CLI and REST): register, pause, resume, trigger, and move issues by hand. Works on
 * the database alone, so it needs no running server; a running orchestrator sees the changes on its next tick.
 */
public final class MissionService {
    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final IdGenerator ids;
    private final IssueStates states;
    private final MissionLoader loader;

    public MissionService(MissionQueries queries, PersistenceWriter writer, Clock clock, IdGenerator ids) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
        this.ids = ids;
        this.states = new IssueStates(queries, writer, clock);
        this.loader = new MissionLoader(writer, clock);
    }

    /** Registers the repo (idempotent) and reads its MISSION.md; a parse error is stored, not thrown. */
    public MissionRecord add(Path repo) {
        Path root = repo.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new OrbitDockException("repo_not_found", root + " is not a directory", "pass the repo's path");
        }
        if (!Files.exists(root.resolve(MissionLoader.FILE_NAME))) {
            throw new OrbitDockException("mission_file_missing", "No " + MissionLoader.FILE_NAME + " in " + root,
                    "create one: YAML front matter between --- lines, then the prompt (see README)");
        }
        MissionRecord mission = queries.missionByRepo(root).orElseGet(() -> {
            String id = ids.newId();
            writer.write(new MissionCommand.Upsert(id, root.getFileName().toString(), root.toString(), null, null,
                    null, clock.instant()));
            return queries.mission(id).orElseThrow();
        });
        loader.load(mission);
        return queries.mission(mission.id()).orElseThrow();
    }

    public List<MissionRecord> list() {
        return queries.missions();
    }

    public MissionRecord require(String idOrName) {
        return queries.mission(idOrName).orElseThrow(() -> new OrbitDockException("mission_not_found",
                "No mission '" + idOrName + "'", "list them with: orbitdock mission list"));
    }

    public List<MissionIssue> issues(String missionIdOrName) {
        return queries.issues(require(missionIdOrName).id());
    }

    /** The provisioning steps recorded on the issue's current workspace. */
    public List<ProvisioningProgress> provisioning(MissionIssue issue) {
        return issue.workspaceId() == null ? List.of() : queries.provisioning(issue.workspaceId());
    }

    public Optional<MissionIssue> issue(String id) {
        return queries.issue(id);
    }

    public MissionRecord setPaused(String idOrName, boolean paused) {
        MissionRecord mission = require(idOrName);
        writer.write(new MissionCommand.SetPaused(mission.id(), paused, clock.instant()));
        return require(mission.id());
    }

    public MissionRecord trigger(String idOrName) {
        MissionRecord mission = require(idOrName);
        writer.write(new MissionCommand.Trigger(mission.id(), clock.instant()));
        return require(mission.id());
    }

    /**
     * A manual move from the transition table. Queueing by hand ({@code failed → queued} …) is a person's fresh
     * start: the attempt count resets, so {@code max_retries} applies again from the next dispatch.
     */
    public MissionIssue transition(String issueId, OrchestrationState to) {
        return states.manual(issueId, to, u -> to == OrchestrationState.QUEUED ? u.retryDueAt(null).attempt(0) : u);
    }
}
