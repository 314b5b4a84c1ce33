import PostgresDriver
import SQLDriver
import SQLiteDriver

/// What an operation will do with a database, which decides how it is opened.
public enum DatabaseAccess: Sendable {
    /// Only read: a SQLite file is opened read-only and never created.
    case read
    /// Read and write an existing database.
    case write
    /// Read and write, creating a SQLite file that does not exist yet.
    case create
}

/// Opens a connection with the driver the URL calls for.
public enum Connector {
    /// Opens `url` for `access`.
    /// - Throws: `DatabaseError` from the driver (connection failed, file missing, not a database …).
    public static func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        switch url {
        case .postgres:
            return try PostgresConnection(url: url)
        case .sqlite:
            let mode: SQLiteConnection.Mode =
                switch access {
                case .read: .readOnly
                case .write: .readWrite
                case .create: .readWriteCreate
                }
            return try SQLiteConnection(url: url, mode: mode)
        }
    }

    /// The dialect for a URL, without connecting (for printing DDL).
    public static func dialect(for url: DatabaseURL) -> any SQLDialect {
        switch url {
        case .postgres: PostgresDialect()
        case .sqlite: SQLiteDialect()
        }
    }
}
