/// Where a database is, as its driver parsed it: which driver, and the parts of the URL.
///
/// Built only by a driver (`DriverRegistry.parse`, `DatabaseDriver.parse`), never by scanning text
/// afterwards: the password is a part of its own and `description` is rendered from the parts with
/// the password masked, so no spelling of a password can leak through it.
///
/// Two URLs are equal when they hold the same parts, whatever scheme spelled them (`postgres://`
/// and `postgresql://`); whether they reach the same database is a question for the databases
/// (`DatabaseConnection.identity()`).
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// One `name=value` parameter, in the driver's own names.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The `id` of the driver that parsed it.
    public var driver: String
    /// The scheme as written (`postgres`, `postgresql`, `jdbc:postgresql`), for messages only.
    public var scheme: String
    /// The user name, when the URL gives one.
    public var user: String?
    /// The password, when the URL gives one. Never shown: `description` prints `***`.
    public var password: String?
    /// The host (or the engine's own spelling of several hosts, or a socket folder).
    public var host: String?
    /// The port (or the engine's spelling of several).
    public var port: String?
    /// The database's name on a server, or the path of a database file.
    public var database: String?
    /// Other parameters, in order, in the driver's names.
    public var parameters: [Parameter]
    /// JDBC parameters that have no meaning here and were left out, by name (for `--verbose`).
    public var droppedParameters: [String]

    /// Creates a URL from its parts; a driver does this in `parse`. Registers the password with `Secrets`.
    public init(
        driver: String, scheme: String, user: String? = nil, password: String? = nil, host: String? = nil, port: String? = nil,
        database: String? = nil, parameters: [Parameter] = [], droppedParameters: [String] = []
    ) {
        self.driver = driver
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.parameters = parameters
        self.droppedParameters = droppedParameters
        if let password { Secrets.register(password) }
    }

    /// Parses a URL as users write it, with the driver its scheme names (see `DriverRegistry.parse`).
    /// - Throws: `DatabaseError` `.invalidURL` or `.unsupportedEngine`, naming what to write instead.
    public init(parsing text: String) throws {
        self = try DriverRegistry.parse(text)
    }

    /// The value of a parameter (the last one of that name), if given.
    public func parameter(_ name: String) -> String? {
        parameters.last { $0.name == name }?.value
    }

    /// The same database with a user name and a password from elsewhere, as its driver adds them
    /// (`DatabaseDriver.withCredentials`); a database file takes none and is returned as it is.
    public func withCredentials(user: String?, password: String?) -> DatabaseURL {
        DriverRegistry.driver(id: driver)?.withCredentials(self, user: user, password: password) ?? self
    }

    /// Whether the URL carries a password of its own (then an engine's other password sources,
    /// such as `PGPASSWORD`, are not consulted).
    public var carriesPassword: Bool { password != nil }

    /// The URL for messages, rendered by its driver from the parts, password masked.
    public var description: String {
        DriverRegistry.driver(id: driver)?.describe(self) ?? genericDescription
    }

    /// `scheme://user:***@host:port/database?name=value`, with any `password` parameter masked: the
    /// rendering drivers use unless they spell their URLs otherwise.
    public var genericDescription: String {
        var text = scheme + "://"
        if let user {
            text += user + (password == nil ? "" : ":***") + "@"
        } else if password != nil {
            text += ":***@"
        }
        text += host ?? ""
        if let port { text += ":" + port }
        text += "/" + (database ?? "")
        let shown = parameters.map { $0.name.lowercased().contains("password") ? "\($0.name)=***" : "\($0.name)=\($0.value)" }
        if !shown.isEmpty { text += "?" + shown.joined(separator: "&") }
        return text
    }

    public static func == (lhs: DatabaseURL, rhs: DatabaseURL) -> Bool {
        lhs.driver == rhs.driver && lhs.user == rhs.user && lhs.password == rhs.password && lhs.host == rhs.host
            && lhs.port == rhs.port && lhs.database == rhs.database && lhs.parameters == rhs.parameters
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(driver)
        hasher.combine(user)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(database)
        hasher.combine(parameters)
    }
}

/// What a database is, independent of how a URL spells the way to it: the device and inode of a
/// SQLite file, the cluster's system identifier and the database's OID on PostgreSQL.
///
/// Two connections reach the same database exactly when their identities are equal. Locks against
/// a second run, the check that a merge's target is none of its sources, and the merge journal's
/// record of its sources all use it.
public struct DatabaseIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The `id` of the driver.
    public var driver: String
    /// The engine's own identity of the database, as text (`2049:1835012`, `7315…:16384`).
    public var key: String

    public init(driver: String, key: String) {
        self.driver = driver
        self.key = key
    }

    /// `driver:key`, the form journals record; `init(recorded:)` reads it back.
    public var description: String { driver + ":" + key }

    /// Reads the recorded form back.
    public init?(recorded text: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        driver = String(text[..<colon])
        key = String(text[text.index(after: colon)...])
        guard !key.isEmpty else { return nil }
    }

    /// The identity as a name usable in a file name: letters, digits, `-` and `_` only.
    public var fileName: String {
        String(description.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
