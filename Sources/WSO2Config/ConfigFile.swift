import Foundation

/// The WSO2 databases a configuration file can name, by wso2db's short names.
public enum DatabaseRole: String, CaseIterable, Sendable {
    /// WSO2_AM_DB.
    case am
    /// WSO2_SHARED_DB.
    case shared
    /// The legacy user-management database, WSO2UM_DB.
    case um
    /// The legacy registry database, WSO2REG_DB.
    case reg

    /// The names WSO2 gives this database's datasource in `master-datasources.xml`, first the usual one.
    public var datasourceNames: [String] {
        switch self {
        case .am: ["WSO2AM_DB", "WSO2_AM_DB"]
        case .shared: ["WSO2_SHARED_DB", "WSO2SHARED_DB"]
        case .um: ["WSO2UM_DB", "WSO2_UM_DB"]
        case .reg: ["WSO2REG_DB", "WSO2_REG_DB"]
        }
    }
}

/// A datasource chosen for a purpose, and why it was chosen (for the line wso2db prints before it
/// connects).
public struct DatasourceChoice: Sendable, CustomStringConvertible {
    /// The datasource.
    public let datasource: Datasource
    /// Why this one: `the datasource for am`, `--datasource WSO2AM_DB`, a chain of references.
    public let reason: String

    /// `WSO2AM_DB (jdbc/WSO2AM_DB) in FILE, because REASON`.
    public var description: String { "\(datasource), because \(reason)" }
}

/// A WSO2 configuration file that holds datasources: a `deployment.toml` (API-M 3.x/4.x) or a
/// `master-datasources.xml` (API-M 2.x). Which one it is is told by its content, not its name:
/// XML whose root is `<datasources-configuration>`, or TOML.
public enum ConfigFile: Sendable {
    /// An API-M 3.x/4.x `deployment.toml`.
    case deployment(DeploymentConfig)
    /// An API-M 2.x `master-datasources.xml`.
    case datasources(MasterDatasources)

    /// Reads a configuration file, telling its kind by its content.
    /// - Parameters:
    ///   - file: the path of a `deployment.toml` or a `master-datasources.xml`.
    ///   - environment: where `$env{NAME}` placeholders of a `deployment.toml` are looked up.
    /// - Throws: `ConfigError` when it cannot be read, is neither kind, or is malformed.
    public static func load(_ file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigFile {
        let data = try ConfigError.contents(
            of: file, hint: "give deployment.toml (API-M 3.x/4.x, repository/conf/) or master-datasources.xml (2.x, repository/conf/datasources/)")
        let text = String(decoding: data, as: UTF8.self)
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if start.hasPrefix("<") {
            return .datasources(try MasterDatasources(data: data, file: file))
        }
        return .deployment(try DeploymentConfig(text: text, file: file, environment: environment))
    }

    /// The file read.
    public var file: String {
        switch self {
        case .deployment(let config): config.file
        case .datasources(let config): config.file
        }
    }

    /// Every datasource in the file.
    public var datasources: [Datasource] {
        switch self {
        case .deployment(let config): config.datasources
        case .datasources(let config): config.datasources
        }
    }

    /// The datasources, for messages.
    public var listing: String {
        datasources.isEmpty ? "no datasources" : datasources.map { $0.name + ($0.jndiName.map { " (\($0))" } ?? "") }.joined(separator: ", ")
    }

    /// Chooses the datasource to use.
    /// - Parameters:
    ///   - role: the database the command works on, if it names one.
    ///   - name: `--datasource NAME`, if given: a datasource name, a JNDI name, a TOML section
    ///     (`apim_db`), or a database (`am`, `shared`, `um`, `reg`) for the datasource WSO2 uses for it.
    /// - Throws: `ConfigError` when neither is given, or nothing in the file matches, listing what it holds.
    public func choose(for role: DatabaseRole?, named name: String?) throws -> DatasourceChoice {
        if let name {
            if let found = datasources.first(where: { $0.isNamed(name) }) {
                if let other = UnmanagedDatabase(found) { throw ConfigError.unmanaged(other, found) }
                return DatasourceChoice(datasource: found, reason: "--datasource \(name) names it")
            }
            if let other = UnmanagedDatabase(datasourceName: name) {
                throw ConfigError(
                    .unmanagedDatabase, "\(name) is \(other.wso2Name): \(other.reason)", file: file,
                    hint: "wso2db works on WSO2_AM_DB and WSO2_SHARED_DB (and the 2.x WSO2UM_DB and WSO2REG_DB); the file holds: \(listing)")
            }
            if let named = DatabaseRole(rawValue: name.lowercased()) ?? (name.lowercased() == "apimgt" ? .am : nil) {
                return try choose(for: named, named: nil)
            }
            throw ConfigError(
                .datasourceNotFound, "no datasource is called \(name)", file: file,
                hint: "the file holds: \(listing)")
        }
        guard let role else {
            throw ConfigError(
                .datasourceNotFound, "which datasource? the file holds: \(listing)", file: file,
                hint: "say which with --datasource NAME (a name above, or am, shared, um, reg)")
        }
        switch self {
        case .deployment(let config):
            return try Self.choose(role, in: config)
        case .datasources(let config):
            for name in role.datasourceNames {
                if let found = config.datasource(named: name) {
                    return DatasourceChoice(datasource: found, reason: "it is WSO2's datasource for \(role.rawValue) (\(name))")
                }
            }
            throw ConfigError(
                .datasourceNotFound, "no datasource for \(role.rawValue): none is called \(role.datasourceNames[0]) or jdbc/\(role.datasourceNames[0])",
                file: file, hint: "the file holds: \(listing); choose one with --datasource NAME")
        }
    }

    /// `apim_db` for am, `shared_db` for shared; a legacy database is read from `user` (the separate
    /// user-management database API-M 3.x allows) or else from `shared_db`, which took it over.
    private static func choose(_ role: DatabaseRole, in config: DeploymentConfig) throws -> DatasourceChoice {
        let sections: [String] =
            switch role {
            case .am: ["apim_db"]
            case .shared: ["shared_db"]
            case .um: ["user", "shared_db"]
            case .reg: ["shared_db"]
            }
        for section in sections {
            if let found = config.datasource(section: section) {
                return DatasourceChoice(datasource: found, reason: "deployment.toml keeps \(role.rawValue) in [database.\(section)]")
            }
        }
        throw ConfigError(
            .unsupportedEngine,
            "there is no [database.\(sections.last!)] section: API-M then keeps this database in its embedded H2 database, which wso2db does not drive",
            file: config.file, hint: "add the [database.\(sections.last!)] section the server uses, or give the connection with --url")
    }
}
