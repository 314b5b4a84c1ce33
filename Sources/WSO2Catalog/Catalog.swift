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

/// The WSO2 schemas wso2db knows, by database and API-M version.
public enum Catalog {
    /// One schema and the API-M versions that ship it.
    struct Entry: Sendable {
        let versions: [String]
        let schema: Schema
    }

    static func entries(for database: WSO2Database) -> [Entry] {
        switch database {
        case .shared:
            // carbon-kernel 4.9.26 to 4.9.33 and 4.11.18 ship one identical PostgreSQL script; API-M 4.0.0 ships 4.6.2's.
            [
                Entry(versions: ["4.7.0", "4.6.0", "4.5.0", "4.4.0", "4.3.0"], schema: SharedKernel4_11_18.schema),
                Entry(versions: ["4.0.0"], schema: SharedKernel4_6_2.schema),
            ]
        case .um, .reg:
            // API-M 2.6.0 ran the same kernel 4.4.35 script on both the user and the registry database.
            [Entry(versions: ["2.6.0"], schema: LegacyKernel4_4_35.schema)]
        case .am:
            // Generated from carbon-apimgt's scripts by wso2db-catalog; each API-M release has its own AM schema.
            [
                Entry(versions: ["4.7.0"], schema: APIMgt9_33_122.schema),
                Entry(versions: ["2.6.0"], schema: APIMgt6_4_50.schema),
            ]
        }
    }

    /// The version used when the user names none: the newest the database has.
    public static func defaultVersion(of database: WSO2Database) -> String? {
        entries(for: database).first?.versions.first
    }

    /// Every API-M version with a known schema for the database, newest first.
    public static func versions(of database: WSO2Database) -> [String] {
        entries(for: database).flatMap(\.versions)
    }

    /// The schema of `database` at API-M `version` (the newest when `nil`).
    /// - Throws: `CatalogError` naming the versions that are known.
    public static func schema(for database: WSO2Database, version: String? = nil) throws -> Schema {
        let entries = entries(for: database)
        guard !entries.isEmpty else { throw CatalogError.notInCatalog(database) }
        guard let wanted = version ?? defaultVersion(of: database) else { throw CatalogError.notInCatalog(database) }
        guard let entry = entries.first(where: { $0.versions.contains(wanted) }) else {
            throw CatalogError.unknownVersion(database, wanted, known: versions(of: database))
        }
        var schema = entry.schema
        schema.name = database.wso2Name
        schema.version = wanted
        return schema
    }
}
