import WSO2Schema

/// The WSO2 databases wso2db knows.
public enum WSO2Database: String, Sendable, CaseIterable {
    /// WSO2_AM_DB (apimgtdb).
    case am
    /// WSO2_SHARED_DB (shareddb): user management and registry of API-M 3.x/4.x.
    case shared
    /// WSO2UM_DB: the API-M 2.x user-management database.
    case um
    /// WSO2REG_DB: the API-M 2.x registry database.
    case reg

    /// Accepts the short name or any alias users write (`apimgt`, `WSO2_AM_DB`, …), any case.
    public init?(argumentName argument: String) {
        let key = argument.uppercased()
        switch key {
        case "AM", "APIMGT", "APIMGTDB", "WSO2_AM_DB", "WSO2AM_DB": self = .am
        case "SHARED", "SHAREDDB", "WSO2_SHARED_DB": self = .shared
        case "UM", "USERDB", "WSO2UM_DB", "WSO2_UM_DB": self = .um
        case "REG", "REGDB", "WSO2REG_DB", "WSO2_REG_DB": self = .reg
        default: return nil
        }
    }

    /// The name WSO2's documentation gives the database.
    public var wso2Name: String {
        switch self {
        case .am: "WSO2_AM_DB"
        case .shared: "WSO2_SHARED_DB"
        case .um: "WSO2UM_DB"
        case .reg: "WSO2REG_DB"
        }
    }
}

/// A request the catalog cannot answer.
public enum CatalogError: Error, Sendable, CustomStringConvertible, Equatable {
    /// No schema is known for this database at this version.
    case unknownVersion(WSO2Database, String, known: [String])
    /// The database is known but not yet described in the catalog.
    case notInCatalog(WSO2Database)

    public var description: String {
        switch self {
        case .unknownVersion(let database, let version, let known):
            "no \(database.wso2Name) schema is known for API-M \(version); known versions: \(known.joined(separator: ", "))"
                + "\n  hint: give one of the known versions, or leave the version out for the newest"
        case .notInCatalog(let database):
            "\(database.wso2Name) is not in this build's catalog yet"
        }
    }
}

/// The WSO2 schemas wso2db knows, by database, API-M release and engine.
///
/// Each schema is generated from one of WSO2's scripts by `wso2db-catalog` (see the README, "Catalog generator")
/// and lists every API-M release that ships it: a release that shares a schema resolves to it, and keeps its
/// own name (`schema(for: .shared, version: "4.6.0").version` is `4.6.0`).
public enum Catalog {
    /// One schema and the API-M versions that ship it, newest first.
    struct Entry: Sendable {
        let versions: [String]
        /// The generated type: its schema is built the first time it is asked for, not when the entry is listed.
        let generated: any GeneratedSchema.Type

        init(versions: [String], schema generated: any GeneratedSchema.Type) {
            self.versions = versions
            self.generated = generated
        }

        var schema: Schema { generated.schema }
    }

    /// The schemas of `database` generated from `engine`'s scripts, newest first (none yet for an engine
    /// whose scripts have not been generated).
    static func entries(for database: WSO2Database, engine: CatalogEngine = .postgresql) -> [Entry] {
        switch engine {
        case .postgresql: postgreSQLEntries(for: database)
        case .mysql: mySQLEntries(for: database)
        }
    }

    /// The version used when the user names none: the newest the database has.
    public static func defaultVersion(of database: WSO2Database, engine: CatalogEngine = .postgresql) -> String? {
        entries(for: database, engine: engine).first?.versions.first
    }

    /// Every API-M version with a known schema for the database, newest first.
    public static func versions(of database: WSO2Database, engine: CatalogEngine = .postgresql) -> [String] {
        entries(for: database, engine: engine).flatMap(\.versions)
    }

    /// The API-M versions that ship the same schema as `version` (itself included), newest first; empty when
    /// the version is unknown.
    public static func versions(sharingSchemaOf database: WSO2Database, version: String, engine: CatalogEngine = .postgresql) -> [String] {
        entries(for: database, engine: engine).first { $0.versions.contains(version) }?.versions ?? []
    }

    /// The schema of `database` at API-M `version` (the newest when `nil`), as `engine`'s scripts write it,
    /// named for `database` and for `version` itself (not the newest release that shares it).
    /// - Throws: `CatalogError` naming the versions that are known.
    public static func schema(for database: WSO2Database, version: String? = nil, engine: CatalogEngine = .postgresql) throws -> Schema {
        let entries = entries(for: database, engine: engine)
        guard !entries.isEmpty else { throw CatalogError.notInCatalog(database) }
        guard let wanted = version ?? entries.first?.versions.first else { throw CatalogError.notInCatalog(database) }
        guard let entry = entries.first(where: { $0.versions.contains(wanted) }) else {
            throw CatalogError.unknownVersion(database, wanted, known: versions(of: database, engine: engine))
        }
        var schema = entry.schema
        schema.name = database.wso2Name
        schema.version = wanted
        return schema
    }
}
