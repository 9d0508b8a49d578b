package dev.orbitdock.store;

import dev.orbitdock.common.Patch;
import java.util.ArrayList;
import java.util.List;

/** Builds {@code UPDATE table SET …  WHERE key = ?} from the present fields of {@link Patch}es. */
final class SqlUpdate {
    private final String table;
    private final List<String> columns = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    SqlUpdate(String table) {
        this.table = table;
    }

    SqlUpdate set(String column, Patch<?> patch) {
        if (!patch.isAbsent()) {
            columns.add(column);
            values.add(patch.valueOrNull());
        }
        return this;
    }

    SqlUpdate always(String column, Object value) {
        columns.add(column);
        values.add(value);
        return this;
    }

    boolean isEmpty() {
        return columns.isEmpty();
    }

    String sql(String keyColumn) {
        return "UPDATE " + table + " SET " + String.join(" = ?, ", columns) + " = ? WHERE " + keyColumn + " = ?";
    }

    List<Object> values() {
        return values;
    }
}
