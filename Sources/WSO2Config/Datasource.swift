import SQLDriver

/// One datasource of a WSO2 configuration file: where a database is and how to log in to it.
///
/// Its `description` names it and its file and never shows the password; the JDBC URL, which may
/// carry a `password=` parameter, is kept internal and only leaves through `connect(using:)` as a
/// `DatabaseURL`, whose own `description` masks the password.
public struct Datasource: Sendable, CustomStringConvertible {
    /// A datasource's password as the file gives it.
    public enum Password: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// No password in the file: libpq looks for one (`PGPASSWORD`, `~/.pgpass`).
        case none
        /// The password itself (after `$env{…}` was resolved).
        case given(String)
        /// Kept in WSO2's secure vault under an alias (`$secret{alias}`, `svns:secretAlias`): only
        /// the server, with its keystore, can decrypt it.
        case secureVault(alias: String)

        /// Never the password: `***`, `none` or the vault alias.
        public var description: String {
            switch self {
            case .none: "none"
            case .given: "***"
            case .secureVault(let alias): "secure vault alias \(alias)"
            }
        }

        public var debugDescription: String { description }

        /// `dump` and the test failure printers show the masked form too.
        public var customMirror: Mirror { Mirror(self, children: ["password": description]) }
    }

    /// The datasource's name in its file: `WSO2AM_DB` in `master-datasources.xml`,
    /// `[database.apim_db]` in `deployment.toml`.
    public let name: String
    /// The JNDI name it is looked up by (`jdbc/WSO2AM_DB`), when the file gives one.
    public let jndiName: String?
    /// The file it was read from.
    public let file: String
    /// The user name, when the file gives one.
    public let username: String?
    /// The password, as the file gives it.
    public let password: Password
    /// The JDBC URL as written (XML entities and `$env{…}` resolved). May carry a password.
    let url: String?
    /// The engine the file declares (`type = "h2"`, `<driverClassName>org.h2.Driver`), which tells
    /// the engine when there is no URL to tell by.
    let declaredEngine: String?
    /// Why the datasource cannot be used (an unset `$env{…}`, …), found when the file was read but
    /// only reported when this datasource is used, so that it does not stop the use of another.
    let problem: ConfigError?

    init(
        name: String, jndiName: String?, file: String, url: String?, username: String?, password: Password, declaredEngine: String? = nil,
        problem: ConfigError? = nil
    ) {
        self.name = name
        self.jndiName = jndiName
        self.file = file
        self.url = url
        self.username = username
        self.password = password
        self.declaredEngine = declaredEngine
        self.problem = problem
    }

    /// `WSO2UM_DB (jdbc/WSO2UM_DB) in /opt/wso2am-2.6.0/repository/conf/datasources/master-datasources.xml`.
    public var description: String {
        name + (jndiName.map { " (\($0))" } ?? "") + " in " + file
    }

    /// Whether `query` names this datasource: its name or its JNDI name (with or without `jdbc/`),
    /// without regard to case; for a TOML section also `apim_db` and `database.apim_db`.
    public func isNamed(_ query: String) -> Bool {
        let wanted = Self.normalised(query)
        var names = [name, String(name.trimmingCharacters(in: ["[", "]"]))]
        if let jndiName { names += [jndiName, String(jndiName.dropFirst(jndiName.lowercased().hasPrefix("jdbc/") ? 5 : 0))] }
        if name.hasPrefix("[database.") { names.append(String(name.dropFirst("[database.".count).dropLast())) }
        return names.contains { Self.normalised($0) == wanted }
    }

    private static func normalised(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces.union(["[", "]"])).lowercased()
    }

    /// The connection to this datasource: its JDBC URL turned into a libpq one, with the user
    /// name and password added as libpq parameters.
    /// - Parameter passwords: where else a password may come from (`--password-stdin`, `PGPASSWORD`, `~/.pgpass`).
    /// - Throws: `ConfigError` naming this file and datasource when it has no URL, when the URL is on
    ///   an engine wso2db does not drive (H2, MySQL, Oracle, SQL Server …) or cannot be read, and when
    ///   the password is in the secure vault and no other source gives one.
    public func connect(using passwords: PasswordSources) throws -> ResolvedConnection {
        if let problem { throw problem }
        guard let url else {
            if let declaredEngine, DriverRegistry.driver(forConfigType: declaredEngine) == nil,
                DriverRegistry.driver(forDriverClass: declaredEngine) == nil
            {
                throw ConfigError(
                    .unsupportedEngine, "the datasource is on \(EngineNames.name(of: declaredEngine)), which wso2db does not drive",
                    file: file, datasource: name, hint: Self.engineHint)
            }
            throw ConfigError(
                .malformed, "the datasource gives no url (nor hostname and name)", file: file, datasource: name,
                hint: "add url = \"jdbc:SUBPROTOCOL://HOST:PORT/DATABASE\", or give the connection with --url")
        }
        let parsed: DatabaseURL
        do {
            parsed = try DatabaseURL(parsing: url)
        } catch let error as DatabaseError {
            throw ConfigError(
                error.code == .unsupportedEngine ? .unsupportedEngine : .malformed, error.message, file: file, datasource: name,
                hint: error.code == .unsupportedEngine ? Self.engineHint : error.hint)
        }
        do {
            return try passwords.resolve(parsed, user: username, password: password)
        } catch let error as ConfigError {
            throw error.about(name).inFile(file)
        }
    }

    static var engineHint: String {
        let servers = DriverRegistry.drivers.filter { $0.passwordSources != nil }.map(\.engineName).joined(separator: " or ")
        return "wso2db works with \(servers) (and SQLite); point this datasource at one of them, or give a connection with --url"
    }
}

extension ConfigError {
    /// The same error, naming the file it concerns (unless it already names one).
    func inFile(_ file: String) -> ConfigError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}
