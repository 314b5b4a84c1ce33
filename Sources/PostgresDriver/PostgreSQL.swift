import CLibPQ
import Foundation
import SQLDriver

/// The PostgreSQL driver: libpq URIs (`postgres://`, `postgresql://`, every libpq parameter, the
/// password also from `PGPASSWORD` / `~/.pgpass`) and pgjdbc URLs (`jdbc:postgresql://`) as WSO2's
/// configuration holds them. Register it with `DriverRegistry.register(PostgreSQL())`.
public struct PostgreSQL: DatabaseDriver {
    public init() {}

    public var id: String { "postgresql" }
    public var engineName: String { "PostgreSQL" }
    public var schemes: [String] { ["postgres", "postgresql"] }
    public var jdbcSubprotocols: [String] { ["postgresql"] }
    public var configTypes: [String] { ["postgre", "postgres", "postgresql"] }
    public var jdbcDriverClasses: [String] { ["org.postgresql.Driver"] }
    public var urlForms: [String] { ["postgres://USER@HOST:PORT/DB", "jdbc:postgresql://HOST:PORT/DB"] }
    public var dialect: any SQLDialect { PostgresDialect() }
    public var passwordSources: String? { "PGPASSWORD or ~/.pgpass" }

    /// `PGPASSWORD`, or a password file (`PGPASSFILE`, `~/.pgpass`).
    public func offersPassword(environment: [String: String]) -> Bool {
        if let password = environment["PGPASSWORD"], !password.isEmpty {
            Secrets.register(password)
            return true
        }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        return file.map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    /// Parses a libpq URI without the registry (`postgresql://user@host:port/db`).
    public static func url(_ text: String) throws -> DatabaseURL {
        try PostgresURL.parse(text)
    }

    public func parse(_ text: String) throws -> DatabaseURL {
        try PostgresURL.parse(text)
    }

    public func parseJDBC(_ text: String) throws -> DatabaseURL {
        try PostgresJDBC.parse(text)
    }

    /// `postgresql://user:***@host:port/db?name=value`: a host that is a socket folder or a list
    /// of hosts is shown as a `host=` parameter, as libpq would read it.
    public func describe(_ url: DatabaseURL) -> String {
        var shown = url
        shown.scheme = url.scheme.hasPrefix("jdbc:") ? "postgresql" : url.scheme
        var moved: [DatabaseURL.Parameter] = []
        if let host = url.host, host.contains("/") || host.contains(",") || host.isEmpty {
            moved.append(.init("host", host))
            shown.host = nil
        }
        if let port = url.port, port.contains(",") || shown.host == nil {
            moved.append(.init("port", port))
            shown.port = nil
        }
        shown.parameters = moved + url.parameters
        return shown.genericDescription
    }

    public func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        try PostgresConnection(url: url)
    }
}
