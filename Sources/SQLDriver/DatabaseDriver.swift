/// An engine wso2db drives, as one value: the URL forms it owns, how it reads and masks them, the
/// names WSO2's configuration gives it, how it opens connections, and its dialect.
///
/// A driver module provides one type conforming to this and nothing else is needed for shared code
/// to reach it: each executable registers its drivers once (`DriverRegistry.register`), and every
/// URL, configuration `type` and JDBC driver class is then resolved through the registry. Shared
/// code never names a concrete driver.
public protocol DatabaseDriver: Sendable {
    /// A stable, lower-case name (`postgresql`, `sqlite`, `mysql`): what `DatabaseURL.driver` holds.
    var id: String { get }
    /// The engine's usual name, for messages (`PostgreSQL`).
    var engineName: String { get }
    /// The URL schemes it owns, lower-case, without `:` (`postgres`, `postgresql`; `sqlite`).
    var schemes: [String] { get }
    /// The JDBC sub-protocols it owns (`postgresql` for `jdbc:postgresql:`), lower-case.
    var jdbcSubprotocols: [String] { get }
    /// The values of a WSO2 `type` setting that name this engine (`postgre`, `postgres`, `postgresql`).
    var configTypes: [String] { get }
    /// The JDBC driver classes WSO2's configuration names for this engine (`org.postgresql.Driver`).
    var jdbcDriverClasses: [String] { get }
    /// The URL forms it accepts, for hints (`postgres://USER@HOST:PORT/DB`, `sqlite:PATH`).
    var urlForms: [String] { get }
    /// How this engine spells SQL.
    var dialect: any SQLDialect { get }
    /// Where the engine's client library looks for a password the URL does not give, for messages
    /// (`PGPASSWORD or ~/.pgpass`); `nil` for an engine that takes no credentials (a file).
    var passwordSources: String? { get }

    /// Whether those places hold a password to offer, in `environment`.
    func offersPassword(environment: [String: String]) -> Bool

    /// Parses a URL in one of `schemes`. Every password it finds is registered with `Secrets`.
    /// - Throws: `DatabaseError` `.invalidURL`, never echoing a password.
    func parse(_ text: String) throws -> DatabaseURL
    /// Parses a `jdbc:SUBPROTOCOL:…` URL in one of `jdbcSubprotocols`, reading it as the engine's
    /// JDBC driver does; parameters it drops are named in `DatabaseURL.droppedParameters`.
    /// - Throws: `DatabaseError` `.invalidURL`, never echoing a password.
    func parseJDBC(_ text: String) throws -> DatabaseURL
    /// The URL for messages, built from its parsed parts with the password as `***`.
    func describe(_ url: DatabaseURL) -> String
    /// The same database with a user name and a password from elsewhere (a configuration file,
    /// standard input); `nil` keeps that part. They win over what the URL says.
    func withCredentials(_ url: DatabaseURL, user: String?, password: String?) -> DatabaseURL
    /// The file a URL's database is kept in, for an engine that keeps one database in one file
    /// (`nil` for a server, and by default): a run that made the file may remove it again.
    func file(of url: DatabaseURL) -> String?
    /// Opens a connection, for `access`, naming the session after `Session.applicationName` where
    /// the engine can.
    /// - Throws: `DatabaseError` (connection failed, file missing, not a database …), scrubbed of secrets.
    func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection
}

extension DatabaseDriver {
    public var jdbcDriverClasses: [String] { [] }

    public func file(of url: DatabaseURL) -> String? { nil }

    public func offersPassword(environment: [String: String]) -> Bool { false }

    public func withCredentials(_ url: DatabaseURL, user: String?, password: String?) -> DatabaseURL {
        var copy = url
        if let user, !user.isEmpty { copy.user = user }
        if let password {
            Secrets.register(password)
            copy.password = password
        }
        return copy
    }
}

/// What an operation will do with a database, which decides how it is opened.
public enum DatabaseAccess: Sendable {
    /// Only read: a file is opened read-only and never created.
    case read
    /// Read and write an existing database.
    case write
    /// Read and write, creating a database file that does not exist yet.
    case create
}

/// Facts about the running program that every session it opens carries.
public enum Session {
    /// What sessions are called on the server (`application_name` on PostgreSQL), so that a DBA,
    /// and a second run waiting for a lock, can tell what holds one: `wso2db merge-legacy`.
    public static var applicationName: String {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }

    private static let state = Locked("wso2db")
}
