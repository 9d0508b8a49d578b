package dev.orbitdock.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package table of ARCHITECTURE.md §2: each feature package may use only the packages listed for it
 * ({@code common} — ids, errors, JSON, {@code Patch} — is open to all).
 */
class PackageLayeringTest {
    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("app", Set.of("cli", "http", "mission", "tracker", "workspace", "agent", "store", "sync",
                    "config", "auth")),
            Map.entry("cli", Set.of("app", "http", "mission", "tracker", "workspace", "agent", "store", "sync",
                    "config", "auth")),
            Map.entry("http", Set.of("mission", "tracker", "workspace", "agent", "store", "sync", "config", "auth")),
            Map.entry("mission", Set.of("tracker", "workspace", "agent", "store")),
            Map.entry("tracker", Set.of()),
            Map.entry("workspace", Set.of("store", "auth", "agent")),
            Map.entry("agent", Set.of("store")),
            Map.entry("store", Set.of()),
            Map.entry("sync", Set.of("store", "auth")),
            Map.entry("config", Set.of("store")),
            Map.entry("auth", Set.of("store")),
            Map.entry("common", Set.of()));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.orbitdock");

    static Set<String> packages() {
        return MAY_USE.keySet();
    }

    @ParameterizedTest
    @MethodSource("packages")
    void usesOnlyWhatTheTableAllows(String pkg) {
        Set<String> forbidden = new LinkedHashSet<>(MAY_USE.keySet());
        forbidden.removeAll(MAY_USE.get(pkg));
        forbidden.remove(pkg);
        forbidden.remove("common");
        String[] forbiddenPackages = forbidden.stream().map(p -> "dev.orbitdock." + p + "..").toArray(String[]::new);

        noClasses().that().resideInAPackage("dev.orbitdock." + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbiddenPackages)
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void everyClassLivesInAPackageOfTheTable() {
        classes().should().resideInAnyPackage(MAY_USE.keySet().stream().map(p -> "dev.orbitdock." + p + "..")
                .toArray(String[]::new)).check(CLASSES);
    }
}
