import Foundation

/// Where a database is: a PostgreSQL connection string for libpq, or a SQLite file.
///
/// Accepted spellings: `postgres://…` and `postgresql://…` (libpq URIs, handed to libpq as they
/// are, so every libpq parameter and `PGPASSWORD` / `~/.pgpass` work), `jdbc:postgresql://…` as it
/// stands in WSO2's configuration (mapped to a libpq URI), and `sqlite:PATH`.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// A PostgreSQL database, as a libpq connection URI.
    case postgres(conninfo: String)
    /// A SQLite database file (`:memory:` for an in-memory database).
    case sqlite(path: String)

    /// Parses a URL as users write it.
    /// - Throws: `DatabaseError` with code `.invalidURL` or `.unsupportedEngine`, naming what to write instead.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(conninfo: trimmed)
        } else if lower.hasPrefix("jdbc:postgresql:") {
            self = .postgres(conninfo: try JDBCURL.libpqURI(from: trimmed))
        } else if lower.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw DatabaseError(
                    .invalidURL, "sqlite: URL without a file path", hint: "write sqlite:PATH, for example sqlite:./shared.db")
            }
            self = .sqlite(path: path)
        } else if let engine = Self.otherEngine(lower) {
            throw DatabaseError(
                .unsupportedEngine, "the datasource is on \(engine), which wso2db does not drive",
                hint: "wso2db works with PostgreSQL (postgres://, jdbc:postgresql://) and SQLite (sqlite:PATH)")
        } else {
            throw DatabaseError(
                .invalidURL, "cannot tell which database \(DatabaseURL.redact(trimmed)) is",
                hint: "write postgres://USER@HOST:PORT/DB, jdbc:postgresql://HOST:PORT/DB or sqlite:PATH")
        }
    }

    /// The engine a URL for another database names (`jdbc:mysql:`, `mysql://`, `jdbc:h2:` …), by its
    /// usual name.
    static func otherEngine(_ lower: String) -> String? {
        let scheme = lower.hasPrefix("jdbc:") ? lower.dropFirst(5).prefix { $0 != ":" } : lower.prefix { $0 != ":" }
        guard lower.hasPrefix("jdbc:") || lower.dropFirst(scheme.count).hasPrefix("://") else { return nil }
        let names = [
            "mysql": "MySQL", "mariadb": "MariaDB", "h2": "H2", "oracle": "Oracle", "sqlserver": "Microsoft SQL Server",
            "jtds": "Microsoft SQL Server", "db2": "IBM Db2", "derby": "Apache Derby", "hsqldb": "HSQLDB",
        ]
        if let name = names[String(scheme)] { return name }
        return lower.hasPrefix("jdbc:") ? String(scheme) : nil
    }

    /// The URL for messages, with any password replaced by `***`.
    public var description: String {
        switch self {
        case .postgres(let conninfo): DatabaseURL.redact(conninfo)
        case .sqlite(let path): "sqlite:\(path)"
        }
    }

    /// Masks the password in `user:password@` and in a `password=` parameter.
    public static func redact(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.range(of: "://") {
            let rest = result[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
                let colon = rest[..<at].firstIndex(of: ":")
            {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        var output = ""
        var remainder = Substring(result)
        while let range = remainder.range(of: "password=", options: .caseInsensitive) {
            output += remainder[..<range.upperBound] + "***"
            remainder = remainder[range.upperBound...].drop { $0 != "&" && $0 != " " }
        }
        return output + remainder
    }
}

