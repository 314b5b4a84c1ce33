// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "wso2db",
    products: [
        .executable(name: "wso2db", targets: ["wso2db"]),
        .executable(name: "wso2db-bench", targets: ["wso2db-bench"]),
        .executable(name: "wso2db-catalog", targets: ["wso2db-catalog"]),
        .executable(name: "wso2db-generate", targets: ["wso2db-generate"]),
        .library(name: "WSO2Schema", targets: ["WSO2Schema"]),
        .library(name: "WSO2Catalog", targets: ["WSO2Catalog"]),
        .library(name: "PostgresDriver", targets: ["PostgresDriver"]),
        .library(name: "SQLiteDriver", targets: ["SQLiteDriver"]),
        .library(name: "MySQLDriver", targets: ["MySQLDriver"]),
        .library(name: "AllDrivers", targets: ["AllDrivers"]),
        .library(name: "WSO2Migrator", targets: ["WSO2Migrator"]),
        // The driver contract (DatabaseDriver, DriverRegistry, DatabaseURL, DatabaseConnection, DatabaseError) the other libraries speak.
        .library(name: "SQLDriver", targets: ["SQLDriver"]),
        // Deterministic API-M 2.6.0 data, for trying merge-legacy from Swift.
        .library(name: "LegacyData", targets: ["LegacyData"]),
        // Which API-M component uses which database; least-privilege grants; the deployment check.
        .library(name: "WSO2Deployment", targets: ["WSO2Deployment"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries, reached only through the driver targets.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),

        // The model: no C, no I/O.
        .target(name: "WSO2Schema"),
        // The contract every driver implements.
        .target(name: "SQLDriver", dependencies: ["WSO2Schema"]),
        // WSO2's databases as Swift values.
        .target(name: "WSO2Catalog", dependencies: ["WSO2Schema"]),

        .target(name: "PostgresDriver", dependencies: ["CLibPQ", "SQLDriver", "WSO2Schema"]),
        .target(name: "SQLiteDriver", dependencies: ["CSQLite", "SQLDriver", "WSO2Schema"]),
        .target(name: "MySQLDriver", dependencies: ["CMariaDB", "SQLDriver", "WSO2Schema"]),
        // The one place that names the concrete drivers: every executable registers them through it.
        .target(name: "AllDrivers", dependencies: ["SQLDriver", "PostgresDriver", "SQLiteDriver", "MySQLDriver"]),

        .target(name: "Migrations", dependencies: ["WSO2Schema", "WSO2Catalog"], path: "Migrations"),
        .target(name: "LegacyData", dependencies: ["WSO2Schema", "WSO2Catalog", "SQLDriver"]),
        // Writes the schema operations of the WSO2_AM_DB steps (Migrations/AM/Generated) from the catalog.
        .target(name: "StepWriter", dependencies: ["WSO2Schema", "WSO2Catalog", "Migrations"]),
        .executableTarget(name: "wso2db-steps", dependencies: ["StepWriter"]),
        .target(
            name: "WSO2Migrator",
            dependencies: ["WSO2Schema", "WSO2Catalog", "SQLDriver", "Migrations"]
        ),
        // Reads connection settings from WSO2's own configuration files (deployment.toml, master-datasources.xml …).
        .target(
            name: "WSO2Config",
            dependencies: ["SQLDriver", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The deployment matrix (which component uses which database), least-privilege grants and the
        // deployment check; it speaks SQLDriver only, and is handed a way to open connections.
        .target(
            name: "WSO2Deployment",
            dependencies: ["WSO2Schema", "WSO2Catalog", "SQLDriver", "WSO2Config"]
        ),
        // What every executable's command line shares: parse, run, and errors in one voice.
        .target(name: "CommandLineSupport", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "wso2db",
            dependencies: [
                "WSO2Deployment", "WSO2Migrator", "WSO2Catalog", "WSO2Schema", "SQLDriver", "AllDrivers", "WSO2Config",
                "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // A throwaway PostgreSQL cluster for the tests and the benchmarks.
        .target(name: "LocalPostgres"),
        // A throwaway MariaDB server for the tests (its programs run through LocalPostgres's Subprocess).
        .target(name: "LocalMariaDB", dependencies: ["LocalPostgres"]),
        .executableTarget(
            name: "wso2db-bench",
            dependencies: ["LocalPostgres", "LocalMariaDB", "WSO2Catalog", "WSO2Schema"]
        ),
        // Fills API-M 2.6.0 UM and REG databases with deterministic legacy data (for merge-legacy and its bench).
        .executableTarget(
            name: "wso2db-generate",
            dependencies: [
                "LegacyData", "WSO2Migrator", "WSO2Catalog", "WSO2Schema", "SQLDriver", "AllDrivers", "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Writes catalog Swift from a WSO2 dbscripts file: loads it into a scratch database, inspects it, emits.
        .executableTarget(
            name: "wso2db-catalog",
            dependencies: [
                "LocalPostgres", "LocalMariaDB", "AllDrivers", "SQLDriver", "WSO2Schema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(
            name: "WSO2SchemaTests",
            dependencies: ["WSO2Schema", "WSO2Catalog"]
        ),
        .testTarget(
            name: "DialectTests",
            dependencies: [
                "WSO2Schema", "WSO2Catalog", "SQLDriver", "PostgresDriver", "SQLiteDriver", "AllDrivers", "Migrations", "WSO2Migrator",
                "StepWriter",
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "WSO2Schema", "WSO2Catalog", "SQLDriver", "PostgresDriver", "SQLiteDriver", "AllDrivers",
                "WSO2Migrator", "LocalPostgres", "LegacyData",
            ]
        ),
        // The MariaDB Connector/C driver against a real MariaDB server of the suite's own.
        .testTarget(
            name: "MySQLTests",
            dependencies: ["MySQLDriver", "SQLDriver", "WSO2Schema", "WSO2Catalog", "WSO2Migrator", "LocalMariaDB"]
        ),
        // WSO2's configuration files as API-M ships them, for the tests of the readers and of the command line.
        .target(name: "ConfigFixtures", path: "Tests/ConfigFixtures"),
        .testTarget(
            name: "ConfigTests",
            dependencies: ["WSO2Config", "SQLDriver", "AllDrivers", "ConfigFixtures"]
        ),
        // Runs the built `wso2db`, `wso2db-generate` and `wso2db-catalog` binaries; depending on them makes `swift test` build them.
        .testTarget(
            name: "CLITests",
            dependencies: [
                "wso2db", "wso2db-catalog", "wso2db-generate", "LocalPostgres", "LocalMariaDB", "SQLDriver", "PostgresDriver", "SQLiteDriver",
                "AllDrivers",
                "LegacyData",
                "WSO2Catalog", "WSO2Schema", "ConfigFixtures", "WSO2Deployment",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
