package dev.orbitdock.cli;

import dev.orbitdock.app.Services;
import dev.orbitdock.app.WorkspaceProviders;
import dev.orbitdock.cli.init.CredentialCheck;
import dev.orbitdock.cli.init.ServiceCredentialChecks;
import dev.orbitdock.cli.init.WizardTables;
import dev.orbitdock.cli.init.Doctor;
import dev.orbitdock.cli.init.Doctor.Check;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionRecord;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "doctor", description = {"Check that everything OrbitDock needs is in place.",
        "JDK, git, data dir, secret key, agent CLIs and each mission's MISSION.md. Prints ✓/✗ lines; exits 1 on",
        "any ✗ (a missing agent CLI is only a warning)."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() {
        CliContext context = root.context();
        Doctor doctor = new Doctor(context.env());
        List<Check> checks = new ArrayList<>();
        checks.add(Doctor.jdk(Runtime.version()));
        checks.add(doctor.tool("git", null));
        DataDir dataDir = root.resolveDataDir();
        Check dir = dataDir(dataDir);
        checks.add(dir);
        if (dir.status() == Doctor.Status.OK) {
            // No env: the secret check must read the table, not an ORBITDOCK_<KEY> that would hide it.
            try (Services services = Services.open(dataDir, Map.of(), Map.of())) {
                checks.add(secrets(dataDir, services));
                String provider = services.config().resolve(ConfigKeys.WORKSPACE_PROVIDER).value();
                if (!provider.equals("local")) { // local needs only git, checked above
                    // The same steps as `mission provider test`: a provider that cannot provision fails here.
                    WorkspaceProviders.smokeTest(provider, services.config(), context.env()).forEach(step ->
                            checks.add(step.ok() ? Check.ok(provider + " provider: " + step.name())
                                    : Check.fail(provider + " provider: " + step.name() + ": " + step.detail())));
                }
                trackers(services, context).forEach(checks::add);
                for (MissionRecord mission : services.missions().list()) {
                    checks.add(mission.parseError() == null
                            ? Check.ok("mission " + mission.name() + ": MISSION.md is valid")
                            : Check.fail("mission " + mission.name() + ": MISSION.md has problems: "
                                    + mission.parseError().lines().findFirst().orElse("")));
                }
            }
        }
        checks.add(doctor.tool("claude", "claude"));
        checks.add(doctor.tool("codex", "codex"));
        checks.forEach(check -> context.out().println(check.line()));
        context.out().flush();
        return checks.stream().anyMatch(c -> c.status() == Doctor.Status.FAIL) ? 1 : 0;
    }

    private static Check dataDir(DataDir dataDir) {
        try {
            dataDir.ensureWritable();
            return Check.ok("data dir " + dataDir.path() + " is writable");
        } catch (OrbitDockException e) {
            return failure(e);
        }
    }

    /** The key file is owner-only and opens every stored secret (a missing file is fine only if none is stored). */
    private static Check secrets(DataDir dataDir, Services services) {
        boolean exists = Files.exists(dataDir.secretKeyFile());
        try {
            if (exists) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.secretKeyFile()));
                if (!mode.equals("rw-------")) {
                    return Check.fail("secret.key has mode " + mode + "; run: chmod 600 " + dataDir.secretKeyFile());
                }
            }
            int opened = 0;
            for (ConfigKey key : ConfigKeys.all()) {
                if (key.secret() && services.config().resolve(key).isSet()) { // decrypts, or says why not
                    opened++;
                }
            }
            return Check.ok(exists ? "secret.key is 0600 and opens " + opened + " stored secret(s)"
                    : "secret.key not created yet (made on the first stored secret)");
        } catch (OrbitDockException e) {
            return failure(e);
        } catch (java.io.IOException e) {
            return Check.fail("cannot read secret.key: " + e.getMessage());
        }
    }

    /**
     * Every stored tracker credential, tried on its service as {@code init} does: refused is a failure, no answer
     * only a warning (the machine may be offline).
     */
    private static List<Check> trackers(Services services, CliContext context) {
        var credentials = new ServiceCredentialChecks(context.env(), key -> services.config().resolve(key).value());
        List<Check> checks = new ArrayList<>();
        for (ConfigKey key : WizardTables.TRACKER_KEYS.values().stream().flatMap(List::stream).toList()) {
            String value = services.config().resolve(key).value();
            if (value == null || !credentials.covers(key)) {
                continue;
            }
            checks.add(switch (credentials.check(key, value, Map.of())) {
                case CredentialCheck.Verdict.Accepted ok -> Check.ok(key.name() + " is accepted"
                        + (ok.detail() == null ? "" : " (" + ok.detail() + ")"));
                case CredentialCheck.Verdict.Rejected no -> Check.fail(key.name() + " is refused: " + no.message());
                case CredentialCheck.Verdict.Unreachable none -> new Check(Doctor.Status.WARN, key.name()
                        + " could not be checked: " + none.message());
            });
        }
        return checks;
    }

    /** The failure and, when it has one, the way to fix it. */
    private static Check failure(OrbitDockException e) {
        return Check.fail(e.getMessage() + (e.hint() == null ? "" : " — " + e.hint()));
    }
}
