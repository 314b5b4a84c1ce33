import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Opening the databases of a merge and the checks made before anything is written.
enum MergeSources {
    /// A source: opened read-only, inside one read-only transaction that sees one snapshot for
    /// the whole run (`SessionPurpose.snapshot`).
    static func open(_ url: DatabaseURL) throws -> any DatabaseConnection {
        let connection = try Connector.open(url, for: .read)
        try connection.prepareSession(.snapshot)
        return connection
    }

    /// A connection that only reads, its bulk reads giving canonical rows.
    static func openReader(_ url: DatabaseURL) throws -> any DatabaseConnection {
        let connection = try Connector.open(url, for: .read)
        try connection.prepareSession(.read)
        return connection
    }

    /// Another connection to the target, writing as the target's own does (`SessionPurpose.bulkLoad`).
    static func openWriter(_ url: DatabaseURL) throws -> any DatabaseConnection {
        let connection = try Connector.open(url, for: .write)
        try connection.prepareSession(.bulkLoad)
        return connection
    }

    /// The target as opened, and whether this run made its file.
    struct OpenedTarget {
        let connection: any DatabaseConnection
        let created: Bool
        let path: String?

        /// Removes a SQLite file this run made (with its journal files and lock file).
        func remove() {
            guard created, let path else { return }
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    /// The target, or `nil` in a dry run whose SQLite target does not exist yet (it is empty, then,
    /// and is not created by a run that only reads).
    static func openTarget(_ url: DatabaseURL, dryRun: Bool) throws -> OpenedTarget? {
        var path: String?
        var exists = true
        if let file = try DriverRegistry.driver(for: url).file(of: url) {
            path = file
            exists = FileManager.default.fileExists(atPath: file)
            if dryRun && !exists { return nil }
        }
        let connection = try Connector.open(url, for: dryRun ? .read : .create)
        // Each table's commit is recorded in the journal in the same transaction, so a commit lost
        // in a crash (bulk loads wait for no disk flush) is lost with its journal row.
        try connection.prepareSession(dryRun ? .read : .bulkLoad)
        return OpenedTarget(connection: connection, created: !exists, path: path)
    }

    /// What a source is, with its live schema.
    /// - Throws: `notLegacy` when it is no database of a release the merge takes (2.1.0 to 3.2.0);
    ///   `sourceDrift` when the tables the merge takes from it differ from its release in tables or columns.
    static func place(_ role: LegacyRole, _ connection: any DatabaseConnection) throws -> (LegacyMerge.Source, Schema) {
        let url = connection.url.description
        let live = try connection.inspectSchema()
        let detection = try Detector.detect(live: live, on: connection)
        guard let match = detection.match else {
            throw LegacyMerge.Failure.notLegacy(role, url: url, found: "no WSO2 database wso2db knows")
        }
        guard [.um, .reg, .shared].contains(match.database), MergeMapping.sourceReleases.contains(match.version) else {
            throw LegacyMerge.Failure.notLegacy(role, url: url, found: "\(match.database.wso2Name) \(match.version)")
        }
        let differences = SchemaDiffer.differences(
            expected: connection.dialect.inspectedForm(of: try MergeMapping.sourceSchema(release: match.version, engine: connection.dialect.catalogEngine)),
            actual: live
        ).filter { difference in
            // Only the tables taken from this source matter; tables not WSO2's are never read.
            guard let table = difference.table ?? (difference.kind == .missing ? difference.element.name(in: nil) : nil) else { return false }
            return LegacyRole.of(table: table) == role && !(difference.kind == .extra && difference.element.kind == "table")
        }
        let target = try MergeMapping.targetSchema(engine: connection.dialect.catalogEngine)
        let fatal = differences.filter { difference in
            switch difference.element {
            case .table: true
            case .column: !fitsTarget(difference, target)
            default: false
            }
        }
        guard fatal.isEmpty else { throw LegacyMerge.Failure.sourceDrift(role, url: url, differences: fatal) }
        let source = LegacyMerge.Source(
            role: role, url: url, database: role == .um ? .um : .reg, version: match.version, acceptedDifferences: differences)
        return (source, live)
    }

    /// Whether a column that differs from its release still maps onto 4.7.0: narrower than 4.7.0's (every value
    /// fits), or looser (nullable where the release is NOT NULL: the checks before the merge hold its rows to
    /// 4.7.0's rules, naming any that break them). Wider, another type, missing or extra does not.
    static func fitsTarget(_ difference: SchemaDifference, _ target: Schema) -> Bool {
        guard difference.kind == .changed, case .column(let found)? = difference.actual,
            let wanted = difference.table.flatMap({ target.table(named: $0) })?.column(named: found.name)
        else { return false }
        return difference.changes.allSatisfy { change in
            switch change.aspect {
            case .nullability: found.isNullable
            case .length:
                switch (found.type, wanted.type) {
                case (.varchar(let have), .varchar(let room)), (.char(let have), .char(let room)): have <= room
                case (.varchar, .text), (.char, .text): true
                default: false
                }
            default: false
            }
        }
    }

    /// Rows of the source's tables whose foreign keys point nowhere: possible where the engine did
    /// not enforce them (SQLite with foreign keys off; MySQL loaded with `FOREIGN_KEY_CHECKS = 0`, as
    /// a dump restores); 4.7.0 enforces them.
    static func brokenForeignKeys(
        _ role: LegacyRole, of family: Schema, at version: String, on connection: any DatabaseConnection
    ) throws -> [Conflict] {
        let dialect = connection.dialect
        if dialect.foreignKeySwitch == nil, dialect.uncheckedForeignKeyAdds != nil {
            // One query finds the keys that some row breaks; only those are counted and named.
            return try connection.brokenForeignKeys(of: family).flatMap { entry in
                try Conflict.orphans(
                    of: entry.key, in: family.table(named: entry.table)!, parent: entry.key.referencedTable, version: version, connection, dialect)
            }
        }
        guard let check = dialect.foreignKeySwitch?.check else { return [] }
        var broken: [String: [String]] = [:]
        for row in try connection.query(check).rows {
            guard let table = row[0].textValue, LegacyRole.of(table: table) == role else { continue }
            broken["\(table)\t\(row[2].textValue ?? "?")", default: []].append("rowid \(row[1].integerValue.map(String.init) ?? "?")")
        }
        return broken.keys.sorted().map { key in
            let parts = key.split(separator: "\t").map(String.init)
            let rows = broken[key]!
            return Conflict(
                table: parts[0], rule: "FOREIGN KEY to \(parts[1])", version: MergeMapping.targetVersion, rows: Array(rows.prefix(Conflict.limit)),
                count: rows.count, truncated: rows.count > Conflict.limit)
        }
    }

    /// Rows per table of its release's schema the source has (upper-case names).
    static func rowCounts(on connection: any DatabaseConnection, live: Schema, release: Schema) throws -> [String: Int] {
        let dialect = connection.dialect
        let tables = release.tables.compactMap { live.table(named: $0.name) }
        guard !tables.isEmpty else { return [:] }
        // One query, one round trip, for every table.
        let counts = try connection.query(
            tables.enumerated().map { position, table in
                "SELECT \(position), count(*) FROM \(dialect.quoteExactly(table.name))"
            }.joined(separator: " UNION ALL "))
        var result: [String: Int] = [:]
        for row in counts.rows {
            guard let position = row[0].integerValue.map(Int.init), tables.indices.contains(position) else { continue }
            result[tables[position].name.uppercased()] = Int(row[1].integerValue ?? 0)
        }
        return result
    }

    /// Rows in a source's tables of the other family.
    /// - Throws: `swapped` when each source holds only the other's rows; `misplacedRows` unless `leaving`.
    static func misplaced(counts: [LegacyRole: [String: Int]], leaving: Bool) throws -> [LegacyMerge.LeftBehind] {
        func rows(in role: LegacyRole, of family: LegacyRole) -> [LegacyMerge.LeftBehind] {
            (counts[role] ?? [:]).filter { LegacyRole.of(table: $0.key) == family && $0.value > 0 }
                .map { LegacyMerge.LeftBehind(from: role, table: $0.key, rows: $0.value) }.sorted { $0.table < $1.table }
        }
        let umWrong = rows(in: .um, of: .reg)
        let regWrong = rows(in: .reg, of: .um)
        if !umWrong.isEmpty, !regWrong.isEmpty, rows(in: .um, of: .um).isEmpty, rows(in: .reg, of: .reg).isEmpty {
            throw LegacyMerge.Failure.swapped(um: umWrong, reg: regWrong)
        }
        let wrong = umWrong + regWrong
        guard wrong.isEmpty || leaving else { throw LegacyMerge.Failure.misplacedRows(wrong) }
        return wrong
    }
}
