import Foundation
import SQLDriver

/// The SQLite driver: `sqlite:PATH` (also `sqlite://PATH`, `sqlite:///ABSOLUTE`), with SQLite's
/// own URI parameters `mode=ro|rw|rwc` and `immutable=1`. Register it with
/// `DriverRegistry.register(SQLite())`.
public struct SQLite: DatabaseDriver {
    public init() {}

    public var id: String { "sqlite" }
    public var engineName: String { "SQLite" }
    public var schemes: [String] { ["sqlite"] }
    public var jdbcSubprotocols: [String] { ["sqlite"] }
    public var configTypes: [String] { ["sqlite"] }
    public var jdbcDriverClasses: [String] { ["org.sqlite.JDBC"] }
    public var urlForms: [String] { ["sqlite:PATH"] }
    public var dialect: any SQLDialect { SQLiteDialect() }
    public var passwordSources: String? { nil }

    /// The URL of a database file (or `:memory:`), without parsing.
    public static func url(path: String) -> DatabaseURL {
        DatabaseURL(driver: "sqlite", scheme: "sqlite", database: path)
    }

    /// The parameters honoured, with the values each may take.
    static let parameters: [String: Set<String>] = ["mode": ["ro", "rw", "rwc"], "immutable": ["0", "1"]]

    public func parse(_ text: String) throws -> DatabaseURL {
        var rest = Substring(text.dropFirst("sqlite:".count))
        if rest.hasPrefix("//") { rest.removeFirst(2) }
        let query = rest.firstIndex(of: "?").map { rest[rest.index(after: $0)...] }
        let path = Self.percentDecoded(rest.prefix { $0 != "?" })
        guard !path.isEmpty else {
            throw DatabaseError(.invalidURL, "sqlite: URL without a file path", hint: "write sqlite:PATH, for example sqlite:./shared.db")
        }
        var url = DatabaseURL(driver: id, scheme: "sqlite", database: path)
        for pair in (query ?? "").split(separator: "&") {
            let name = String(pair.prefix { $0 != "=" })
            let value = String(pair.dropFirst(name.count + 1))
            guard let allowed = Self.parameters[name.lowercased()] else {
                throw DatabaseError(
                    .invalidURL, "SQLite URL parameter \(name) is not one wso2db honours",
                    hint: "wso2db honours mode=ro|rw|rwc and immutable=1; a ? in a file name is written %3F")
            }
            guard allowed.contains(value.lowercased()) else {
                throw DatabaseError(
                    .invalidURL, "SQLite URL parameter \(name) cannot be \(value)",
                    hint: "\(name) takes one of " + allowed.sorted().joined(separator: ", "))
            }
            url.parameters.append(.init(name.lowercased(), value.lowercased()))
        }
        return url
    }

    public func parseJDBC(_ text: String) throws -> DatabaseURL {
        try parse(String(text.dropFirst("jdbc:".count)))
    }

    /// `sqlite:PATH`, with its parameters.
    public func describe(_ url: DatabaseURL) -> String {
        let query = url.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return "sqlite:" + (url.database ?? "") + (query.isEmpty ? "" : "?" + query)
    }

    /// A database file takes no credentials: the URL as it is.
    public func withCredentials(_ url: DatabaseURL, user: String?, password: String?) -> DatabaseURL { url }

    public func file(of url: DatabaseURL) -> String? {
        url.database == ":memory:" ? nil : url.database
    }

    public func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        let mode: SQLiteConnection.Mode =
            switch access {
            case .read: .readOnly
            case .write: .readWrite
            case .create: .readWriteCreate
            }
        return try SQLiteConnection(url: url, mode: mode)
    }

    /// `%XX` decoded where it is a valid escape; anything else as written.
    static func percentDecoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var position = 0
        while position < utf8.count {
            if utf8[position] == UInt8(ascii: "%"), position + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[position + 1...position + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                position += 3
            } else {
                bytes.append(utf8[position])
                position += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
