import Foundation
import WSO2Schema

/// Every catalog schema the project generates: which of WSO2's scripts, as which Swift type, into which
/// folder. `wso2db-catalog --all` regenerates them all; a test does the same and compares.
///
/// One entry per distinct schema (which releases share one is `Catalog`'s business; the generator was run
/// on every release's script to find out). Another engine's catalog is more entries with its own `engine`:
/// they go to `Sources/WSO2Catalog/<Engine>/…`.
struct CatalogSource: Sendable {
    /// The script's file name in WSO2's reference folder (`../shared/reference/wso2`).
    var script: String
    /// The Swift type to declare.
    var type: String
    /// WSO2's name for the database.
    var database: String
    /// The newest API-M release that ships the script.
    var version: String
    /// Where the script comes from, for the generated files' header.
    var source: String
    /// The folder under `Sources/WSO2Catalog`, engine first (`PostgreSQL/Kernel/4.11.18`).
    var folder: String
    /// The engine whose script it is.
    var engine: CatalogEngine
}

enum CatalogManifest {
    /// carbon-kernel scripts: WSO2_SHARED_DB of API-M 3.x/4.x, and the legacy UM and REG databases of 2.x.
    static let kernels: [(script: String, kernel: String, database: String, version: String)] = [
        ("legacy-um-reg-postgresql-kernel-v4.4.11-apim-2.1.0.sql", "4.4.11", "WSO2UM_DB/WSO2REG_DB", "2.1.0"),
        ("legacy-um-reg-postgresql-kernel-v4.4.35.sql", "4.4.35", "WSO2UM_DB/WSO2REG_DB", "2.6.0"),
        ("shared-postgresql-kernel-v4.5.1-apim-3.0.0.sql", "4.5.1", "WSO2_SHARED_DB", "3.0.0"),
        ("shared-postgresql-kernel-v4.6.0-apim-3.1.0+3.2.0.sql", "4.6.0", "WSO2_SHARED_DB", "3.2.0"),
        ("shared-postgresql-kernel-v4.6.2.sql", "4.6.2", "WSO2_SHARED_DB", "4.0.0"),
        ("shared-postgresql-kernel-v4.6.3-apim-4.1.0.sql", "4.6.3", "WSO2_SHARED_DB", "4.1.0"),
        ("shared-postgresql-kernel-v4.11.18.sql", "4.11.18", "WSO2_SHARED_DB", "4.7.0"),
    ]

    /// carbon-apimgt scripts (WSO2_AM_DB), one per API-M release.
    static let apiManagers: [(script: String, carbonAPIMgt: String, version: String)] = [
        ("apimgt-postgresql-carbon-apimgt-v6.1.66-apim-2.1.0.sql", "6.1.66", "2.1.0"),
        ("apimgt-postgresql-carbon-apimgt-v6.2.201-apim-2.2.0.sql", "6.2.201", "2.2.0"),
        ("apimgt-postgresql-carbon-apimgt-v6.3.95-apim-2.5.0.sql", "6.3.95", "2.5.0"),
        ("legacy-apimgt-postgresql-carbon-apimgt-v6.4.50-apim-2.6.0.sql", "6.4.50", "2.6.0"),
        ("apimgt-postgresql-carbon-apimgt-v6.5.349-apim-3.0.0.sql", "6.5.349", "3.0.0"),
        ("apimgt-postgresql-carbon-apimgt-v6.6.163-apim-3.1.0.sql", "6.6.163", "3.1.0"),
        ("apimgt-postgresql-carbon-apimgt-v6.7.206-apim-3.2.0.sql", "6.7.206", "3.2.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.0.174-apim-4.0.0.sql", "9.0.174", "4.0.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.20.74-apim-4.1.0.sql", "9.20.74", "4.1.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.28.116-apim-4.2.0.sql", "9.28.116", "4.2.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.29.120-apim-4.3.0.sql", "9.29.120", "4.3.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.30.67-apim-4.4.0.sql", "9.30.67", "4.4.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.31.86-apim-4.5.0.sql", "9.31.86", "4.5.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.32.147-apim-4.6.0.sql", "9.32.147", "4.6.0"),
        ("apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql", "9.33.122", "4.7.0"),
    ]

    /// WSO2's MySQL scripts of the same schemas. carbon-kernel 4.8.1 (API-M 4.2.0) differs from 4.11.18 only in
    /// the order two indexes are created. No MySQL script of kernel 4.6.2 (API-M 4.0.0) is in the reference: see `derived`.
    static let mySQLKernels: [(script: String, kernel: String, database: String, version: String)] = [
        ("legacy-um-reg-mysql-kernel-v4.4.11-apim-2.1.0.sql", "4.4.11", "WSO2UM_DB/WSO2REG_DB", "2.1.0"),
        ("legacy-um-reg-mysql-kernel-v4.4.35.sql", "4.4.35", "WSO2UM_DB/WSO2REG_DB", "2.6.0"),
        ("shared-mysql-kernel-v4.5.1-apim-3.0.0.sql", "4.5.1", "WSO2_SHARED_DB", "3.0.0"),
        ("shared-mysql-kernel-v4.6.0-apim-3.1.0+3.2.0.sql", "4.6.0", "WSO2_SHARED_DB", "3.2.0"),
        ("shared-mysql-kernel-v4.6.3-apim-4.1.0.sql", "4.6.3", "WSO2_SHARED_DB", "4.1.0"),
        ("shared-mysql-kernel-v4.11.18.sql", "4.11.18", "WSO2_SHARED_DB", "4.7.0"),
    ]

    /// Schemas of an engine that the reference has no script of, derived from others (see `DerivedSource`).
    static let derived: [DerivedSource] = [
        DerivedSource(
            target: CatalogSource(
                script: "", type: "MySQLKernel4_6_2", database: "WSO2_SHARED_DB", version: "4.0.0",
                source: "carbon-kernel 4.6.3 dbscripts/mysql.sql less what 4.6.2 → 4.6.3 added to dbscripts/postgresql.sql (no MySQL script of 4.6.2 is in the reference)",
                folder: "MySQL/Kernel/4.6.2", engine: .mysql),
            base: "MySQLKernel4_6_3", older: "Kernel4_6_2", newer: "Kernel4_6_3"),
    ]

    static let all: [CatalogSource] =
        kernels.map { kernel($0, engine: .postgresql) } + apiManagers.map { apiManager($0, engine: .postgresql) }
        + mySQLKernels.map { kernel($0, engine: .mysql) }
        + apiManagers.map { apiManager($0, engine: .mysql) }

    private static func kernel(
        _ kernel: (script: String, kernel: String, database: String, version: String), engine: CatalogEngine
    ) -> CatalogSource {
        CatalogSource(
            script: kernel.script, type: engine.typePrefix + "Kernel" + kernel.kernel.replacingOccurrences(of: ".", with: "_"),
            database: kernel.database, version: kernel.version,
            source: "carbon-kernel \(kernel.kernel) dbscripts/\(engine.rawValue).sql", folder: "\(engine.folder)/Kernel/\(kernel.kernel)",
            engine: engine)
    }

    private static func apiManager(_ release: (script: String, carbonAPIMgt: String, version: String), engine: CatalogEngine) -> CatalogSource {
        CatalogSource(
            script: release.script.replacingOccurrences(of: "-postgresql-", with: "-\(engine.rawValue)-"),
            type: engine.typePrefix + "APIMgt" + release.carbonAPIMgt.replacingOccurrences(of: ".", with: "_"),
            database: "WSO2_AM_DB", version: release.version,
            source: "carbon-apimgt \(release.carbonAPIMgt) dbscripts/apimgt/\(engine.rawValue).sql", folder: "\(engine.folder)/AM/\(release.version)",
            engine: engine)
    }
}

extension CatalogEngine {
    /// The folder under `Sources/WSO2Catalog` that holds the engine's generated schemas.
    var folder: String {
        switch self {
        case .postgresql: "PostgreSQL"
        case .mysql: "MySQL"
        }
    }

    /// What the engine's generated type names start with: PostgreSQL's schemas came first and have none.
    var typePrefix: String {
        switch self {
        case .postgresql: ""
        case .mysql: "MySQL"
        }
    }
}
