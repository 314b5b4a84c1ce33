import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Which WSO2 database a live database is, and which known releases it matches.
public enum Detector {
    /// How well one known schema matches.
    public struct Candidate: Sendable {
        /// The database.
        public var database: WSO2Database
        /// The newest API-M version that ships this schema.
        public var version: String
        /// Every API-M version that ships it, newest first.
        public var versions: [String]
        /// Differences from it: exact when `isCounted`, otherwise a lower bound (the tables one side has and
        /// the other lacks), for a schema too far off to be worth comparing object by object.
        public var differences: Int
        /// Whether `differences` was counted object by object.
        public var isCounted: Bool
        /// How many of its tables the database holds.
        public var tablesFound: Int
        /// How many tables it has.
        public var tables: Int
    }

    /// What detection found.
    public struct Detection: Sendable {
        /// The nearest known schema, or `nil` when no known schema is recognisable (the database holds less
        /// than half of the tables of every one).
        public var match: Candidate?
        /// Every known schema the database matches with no difference at all (the legacy UM and REG
        /// databases share theirs, so a match can be both).
        public var exactMatches: [Candidate]
        /// Another database the match could equally be (the legacy UM and REG databases were made
        /// by one script; only their rows tell them apart).
        public var alsoPossible: [WSO2Database]
        /// Every known schema, nearest first.
        public var candidates: [Candidate]

        /// Whether a known schema matches exactly.
        public var isExact: Bool { match?.differences == 0 }
    }

    /// A schema counts as recognised only when the database holds at least this share of its tables.
    static let minimumTableShare = 0.5

    /// Reads the live schema and ranks every known schema by its differences from it.
    public static func detect(on connection: any DatabaseConnection) throws -> Detection {
        try detect(live: connection.inspectSchema(), on: connection)
    }

    /// Ranks every known schema against `live`, the connection's schema already read.
    ///
    /// Each missing or extra table is one difference, so the tables alone bound a schema's differences from
    /// below: schemas are compared object by object nearest-bound first, and one whose bound exceeds the best
    /// count so far is not compared at all. With some thirty known schemas, that keeps detection to the few
    /// that could be the answer.
    static func detect(live: Schema, on connection: any DatabaseConnection) throws -> Detection {
        let dialect = connection.dialect
        let liveNames = Set(live.tables.map { $0.name.uppercased() })
        var candidates = Catalog.knownSchemas(engine: dialect.catalogEngine).map { known in
            let names = Set(known.tableNames.map { $0.uppercased() })
            return (
                known: known,
                candidate: Candidate(
                    database: known.database, version: known.versions[0], versions: known.versions,
                    differences: names.symmetricDifference(liveNames).count, isCounted: false,
                    tablesFound: names.intersection(liveNames).count, tables: names.count))
        }.sorted { $0.candidate.differences < $1.candidate.differences }
        var best = Int.max
        for position in candidates.indices where candidates[position].candidate.differences <= best {
            let expected = dialect.inspectedForm(of: candidates[position].known.schema)
            let count = SchemaDiffer.differences(expected: expected, actual: live).count
            candidates[position].candidate.differences = count
            candidates[position].candidate.isCounted = true
            best = min(best, count)
        }
        let ranked = candidates.map(\.candidate).sorted(by: nearer)
        guard var nearest = ranked.first, Double(nearest.tablesFound) >= Double(nearest.tables) * minimumTableShare else {
            return Detection(match: nil, exactMatches: [], alsoPossible: [], candidates: ranked)
        }
        var alsoPossible: [WSO2Database] = []
        if nearest.database == .um {
            let legacy = try legacyKind(connection, live)
            nearest.database = legacy.first ?? .um
            alsoPossible = Array(legacy.dropFirst())
        }
        let exact = nearest.differences == 0 ? [nearest] + ranked.dropFirst().filter { $0.differences == 0 && $0.isCounted } : []
        return Detection(match: nearest, exactMatches: exact, alsoPossible: alsoPossible, candidates: ranked)
    }

    /// Fewer differences first; on a tie, more of its tables found, and a shared database before a legacy
    /// one: the kernels of API-M 3.x/4.x and 2.x write many tables alike, and a 3.x or 4.x database that
    /// drifted must not be taken for a 2.x one when the evidence is even.
    static func nearer(_ left: Candidate, _ right: Candidate) -> Bool {
        func legacy(_ candidate: Candidate) -> Int { candidate.database == .um || candidate.database == .reg ? 1 : 0 }
        return (left.differences, -left.tablesFound, legacy(left)) < (right.differences, -right.tablesFound, legacy(right))
    }

    /// UM or REG, from which family of tables holds rows: `[.um]`, `[.reg]`, or both when the
    /// rows do not tell (none, or both families).
    static func legacyKind(_ connection: any DatabaseConnection, _ live: Schema) throws -> [WSO2Database] {
        let dialect = connection.dialect
        func holdsRows(prefix: String) throws -> Bool {
            let tables = live.tables.filter { $0.name.uppercased().hasPrefix(prefix) }
            guard !tables.isEmpty else { return false }
            let probe = tables.map { "SELECT 1 FROM \(dialect.quoteExactly($0.name))" }.joined(separator: " UNION ALL ")
            return try !connection.query("SELECT 1 FROM (\(probe)) AS probe LIMIT 1").rows.isEmpty
        }
        switch (try holdsRows(prefix: "UM_"), try holdsRows(prefix: "REG_")) {
        case (true, false): return [.um]
        case (false, true): return [.reg]
        default: return [.um, .reg]
        }
    }
}
