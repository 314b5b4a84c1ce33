import SQLDriver

/// Opens connections with the driver a URL calls for, through `DriverRegistry`: the library names
/// no driver; the program using it registers them (`AllDrivers.register()`).
public enum Connector {
    /// Opens `url` for `access`.
    /// - Throws: `DatabaseError` from the driver (connection failed, file missing, not a database …).
    public static func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        try DriverRegistry.open(url, for: access)
    }

    /// The dialect for a URL, without connecting (for printing DDL).
    public static func dialect(for url: DatabaseURL) throws -> any SQLDialect {
        try DriverRegistry.driver(for: url).dialect
    }
}
