package dev.orbitdock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void opensInWalModeWithForeignKeys() {
        try (TestStore store = TestStore.open(dir)) {
            assertThat(store.string("PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(store.count("PRAGMA foreign_keys")).isEqualTo(1);
            assertThat(store.count("PRAGMA busy_timeout")).isEqualTo(5000);
        }
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsRows() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(Commands.session("kept"));
        }
        try (TestStore store = TestStore.open(dir)) {
            assertThat(store.count("SELECT count(*) FROM sessions WHERE id = 'kept'")).isEqualTo(1);
            assertThat(store.count("SELECT count(*) FROM flyway_schema_history WHERE success = 1")).isEqualTo(
                    SchemaMigrator.LATEST_VERSION);
        }
    }

    @Test
    void latestVersionMatchesTheNewestMigrationFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.+\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
            assertThat(SchemaMigrator.LATEST_VERSION).isEqualTo(newest);
        }
    }

    @Test
    void refusesAFileThatIsNotSqliteAndLeavesItAlone() throws IOException {
        Path file = dir.resolve("orbitdock.db");
        byte[] garbage = "this is not a database, just some text that is long enough to matter".repeat(100)
                .getBytes();
        Files.write(file, garbage);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo("store_corrupt");
                    assertThat(e.hint()).isNotBlank();
                });
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void refusesSomeoneElsesSqliteDatabaseWithoutChangingIt() throws SQLException, IOException {
        Path file = dir.resolve("orbitdock.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE recipes (name TEXT)");
            s.execute("INSERT INTO recipes VALUES ('soup')");
        }
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo("store_foreign"));

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve("orbitdock.db-wal")).doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("delete");
        }
    }

    @Test
    void refusesASchemaFromANewerRelease() throws SQLException {
        try (TestStore ignored = TestStore.open(dir)) {
            // create and migrate
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("orbitdock.db"));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '999', 'future', 'SQL',"
                    + " 'V999__future.sql', 0, 'test', 0, 1)");
        }

        assertThatThrownBy(() -> Database.open(dir.resolve("orbitdock.db")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo("store_too_new"));
    }

    @Test
    void refusesAMissingDirectory() {
        assertThatThrownBy(() -> Database.open(dir.resolve("nope/orbitdock.db")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo("data_dir_missing"));
    }
}
