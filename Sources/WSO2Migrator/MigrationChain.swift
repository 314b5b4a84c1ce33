import Migrations
import WSO2Catalog
import WSO2Schema

/// One database's upgrade path: its steps, the names its history rows carry, and the catalog schemas
/// its versions have. The shared database's path starts from the legacy UM/REG schema of 2.6.0; the
/// AM database's path has a step between every two releases.
struct MigrationChain: Sendable {
    /// The database the steps upgrade.
    let database: WSO2Database
    /// The steps, oldest first.
    let steps: [MigrationStep]
    /// History rows of these databases belong to the path.
    let recorded: Set<String>
    /// The catalog databases whose schemas the path's versions have, the first the main one.
    let catalogDatabases: [WSO2Database]

    static let shared = MigrationChain(
        database: .shared, steps: MigrationSteps.shared, recorded: ["shared", "um", "reg"], catalogDatabases: [.shared, .um])
    static let am = MigrationChain(database: .am, steps: MigrationSteps.am, recorded: ["am"], catalogDatabases: [.am])

    /// The path of a database (`um` and `reg` grow into the shared one).
    static func of(_ database: WSO2Database) -> MigrationChain { database == .am ? .am : .shared }

    /// The path a step is on.
    static func of(_ step: MigrationStep) -> MigrationChain { of(step.database) }

    /// The versions the steps pass through, oldest first.
    var pathVersions: [String] { [steps[0].from] + steps.map(\.version) }

    /// `Failure.noPath` for a release the catalog knows but no step reaches, else `newerThanKnown`.
    func unplaceable(_ release: String) -> Migrator.Failure {
        let known = catalogDatabases.contains { Catalog.versions(of: $0).contains(release) }
        return known ? .noPath(release: release, path: pathVersions) : .newerThanKnown(release)
    }

    /// The version of the path whose schema `version` has (4.5.0 → 4.7.0 for the shared database), or `nil`.
    func canonical(_ version: String) -> String? {
        if pathVersions.contains(version) { return version }
        for database in catalogDatabases {
            guard let schema = try? Catalog.schema(for: database, version: version) else { continue }
            return pathVersions.first { (try? catalogSchema($0).tables) == schema.tables }
        }
        return nil
    }

    /// The catalog schema at a version of the path (for the shared database, 2.1.0–2.6.0 are legacy UM/REG schemas).
    func catalogSchema(_ version: String) throws -> Schema {
        switch database {
        case .am: try Catalog.schema(for: .am, version: version)
        default: try Catalog.schema(for: Catalog.versions(of: .shared).contains(version) ? .shared : .um, version: version)
        }
    }

    /// The catalog schema at a version of the path as `engine`'s scripts write it (see `Migrator.catalogSchema(_:engine:)`
    /// for a shared release an engine has no script of).
    func catalogSchema(_ version: String, engine: CatalogEngine) throws -> Schema {
        switch database {
        case .am: try Catalog.schema(for: .am, version: version, engine: engine)
        default: try Migrator.catalogSchema(version, engine: engine)
        }
    }

    /// Every version a database on this path can be migrated to.
    var knownVersions: [String] {
        database == .am ? Catalog.versions(of: .am) : Catalog.versions(of: .shared)
    }
}
