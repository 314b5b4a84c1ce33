import SQLDriver
import WSO2Catalog
import WSO2Schema

/// What a database holds, told from the names of its tables alone: empty, most of the tables of
/// some WSO2 database, or something else. Every command asks this before it works, so that one
/// pointed at the wrong database says so instead of reporting hundreds of differences or creating
/// one WSO2 database inside another. One query (`existingObjects`), no inspection, no diff.
public struct DatabaseContents: Sendable {
    /// The two families of WSO2 databases. Within a family the tables overlap and one database
    /// grows into another (the legacy UM and REG databases into the shared one); across families
    /// nothing is shared.
    public enum Family: Sendable, Equatable {
        /// WSO2_AM_DB.
        case apiManager
        /// WSO2_SHARED_DB and the legacy WSO2UM_DB / WSO2REG_DB (carbon-kernel's user management and registry).
        case carbonKernel

        /// The family of `database`.
        public init(_ database: WSO2Database) {
            self = database == .am ? .apiManager : .carbonKernel
        }
    }

    /// A known schema that the tables fit.
    public struct Fit: Sendable, Equatable {
        /// The database (the legacy schema is named `.um`; `.reg` has the same tables).
        public var database: WSO2Database
        /// The newest API-M version shipping that schema.
        public var version: String
        /// How many of the schema's tables the database holds.
        public var tablesFound: Int
        /// How many tables the schema has.
        public var tables: Int

        /// `WSO2_AM_DB 4.7.0`, or, for the legacy schema that both UM and REG databases have,
        /// `WSO2UM_DB or WSO2REG_DB 2.6.0`.
        public var name: String {
            database == .um ? "WSO2UM_DB or WSO2REG_DB \(version)" : "\(database.wso2Name) \(version)"
        }
    }

    /// The tables the database holds (wso2db's bookkeeping excluded), in the engine's spelling.
    public let tables: [String]
    /// Every known schema of which the database holds at least half the tables, best fit first
    /// (the most tables in common relative to both sides, then the newest).
    public let fits: [Fit]

    /// Reads the names of the tables on `connection` and fits them to every known schema.
    public static func read(on connection: any DatabaseConnection) throws -> DatabaseContents {
        DatabaseContents(tables: try connection.existingObjects().filter { $0.kind == .table }.map(\.name))
    }

    /// Fits `tables` to every known schema.
    public init(tables: [String]) {
        self.tables = tables
        // Nothing to fit, and no catalog schema need be built for it (create's usual case).
        guard !tables.isEmpty else {
            fits = []
            return
        }
        let live = Set(tables.map { $0.uppercased() })
        let scored = Catalog.knownSchemas().enumerated().compactMap { order, known -> (Fit, Double, Int)? in
            let names = known.tableNames.map { $0.uppercased() }
            let found = names.filter(live.contains).count
            guard !names.isEmpty, Double(found) >= Double(names.count) * Detector.minimumTableShare else { return nil }
            // Jaccard: tables in common over tables on either side, so that a database holding the
            // 51 tables of 4.7.0 fits 4.7.0 better than the 40 of the legacy schema it contains.
            let jaccard = Double(found) / Double(names.count + live.count - found)
            return (Fit(database: known.database, version: known.versions[0], tablesFound: found, tables: names.count), jaccard, order)
        }
        fits = scored.sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }.map(\.0)
    }

    /// Whether the database holds no tables.
    public var isEmpty: Bool { tables.isEmpty }

    /// The best fit, if any known schema fits.
    public var identified: Fit? { fits.first }

    /// Whether the database holds most of the tables of some schema of `database`'s family.
    public func holds(_ family: Family) -> Bool {
        fits.contains { Family($0.database) == family }
    }

    /// The best fit from another family than `database`'s, when the database holds nothing of
    /// `database`'s own family: the database the user was probably pointing at instead.
    public func otherDatabase(than database: WSO2Database) -> Fit? {
        let family = Family(database)
        guard !holds(family) else { return nil }
        return fits.first { Family($0.database) != family }
    }
}
