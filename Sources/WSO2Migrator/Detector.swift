import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Which WSO2 database a live database is, and which known version it matches best.
public enum Detector {
    /// How well one known schema matches.
    public struct Candidate: Sendable {
        /// The database.
        public var database: WSO2Database
        /// The newest API-M version that ships this schema.
        public var version: String
        /// Every API-M version that ships it.
        public var versions: [String]
        /// Differences from it.
        public var differences: Int
        /// How many of its tables the database holds.
        public var tablesFound: Int
        /// How many tables it has.
        public var tables: Int
    }

    /// What detection found.
    public struct Detection: Sendable {
        /// The best match, or `nil` when no known schema matches.
        public var match: Candidate?
        /// Another database the match could equally be (the legacy UM and REG databases were made
        /// by one script; only their rows tell them apart).
        public var alsoPossible: [WSO2Database]
        /// Every known schema, best first.
        public var candidates: [Candidate]
    }

    /// A schema counts as a match only when the database holds at least this share of its tables.
    static let minimumTableShare = 0.5

    /// Reads the live schema and ranks every known schema by its differences from it.
    public static func detect(on connection: any DatabaseConnection) throws -> Detection {
        try detect(live: connection.inspectSchema(), on: connection)
    }

    /// Ranks every known schema against `live`, the connection's schema already read.
    static func detect(live: Schema, on connection: any DatabaseConnection) throws -> Detection {
        let dialect = connection.dialect
        let candidates = Catalog.knownSchemas.map { known in
            let expected = dialect.inspectedForm(of: known.schema)
            return Candidate(
                database: known.database, version: known.versions[0], versions: known.versions,
                differences: SchemaDiffer.differences(expected: expected, actual: live).count,
                tablesFound: expected.tables.filter { live.table(named: $0.name) != nil }.count, tables: expected.tables.count)
        }.sorted { ($0.differences, -$0.tablesFound) < ($1.differences, -$1.tablesFound) }
        guard var best = candidates.first, Double(best.tablesFound) >= Double(best.tables) * minimumTableShare else {
            return Detection(match: nil, alsoPossible: [], candidates: candidates)
        }
        var alsoPossible: [WSO2Database] = []
        if best.database == .um {
            let legacy = try legacyKind(connection, live)
            best.database = legacy.first ?? .um
            alsoPossible = Array(legacy.dropFirst())
        }
        return Detection(match: best, alsoPossible: alsoPossible, candidates: candidates)
    }

    /// UM or REG, from which family of tables holds rows: `[.um]`, `[.reg]`, or both when the
    /// rows do not tell (none, or both families).
    static func legacyKind(_ connection: any DatabaseConnection, _ live: Schema) throws -> [WSO2Database] {
        let dialect = connection.dialect
        func holdsRows(prefix: String) throws -> Bool {
            let tables = live.tables.filter { $0.name.uppercased().hasPrefix(prefix) }
            guard !tables.isEmpty else { return false }
            let probe = tables.map { "SELECT 1 FROM \(dialect.quoteExactly($0.name))" }.joined(separator: " UNION ALL ")
            return try !connection.query("SELECT 1 FROM (\(probe)) AS rows LIMIT 1").rows.isEmpty
        }
        switch (try holdsRows(prefix: "UM_"), try holdsRows(prefix: "REG_")) {
        case (true, false): return [.um]
        case (false, true): return [.reg]
        default: return [.um, .reg]
        }
    }
}
