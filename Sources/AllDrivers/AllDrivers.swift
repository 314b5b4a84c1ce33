import MySQLDriver
import PostgresDriver
import SQLDriver
import SQLiteDriver

/// The drivers wso2db is built with. The one place that names them: every executable (and the
/// tests) calls `AllDrivers.register()` before it reads a URL. A new engine is one more driver in
/// the list below (and its module in this target's dependencies).
public enum AllDrivers {
    /// Registers every driver with `DriverRegistry`; calling it again changes nothing.
    public static func register() {
        DriverRegistry.register(PostgreSQL(), SQLite(), MySQL())
    }
}
