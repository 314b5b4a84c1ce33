import Foundation
import LegacyData
import LocalPostgres
import Migrations
import PostgresDriver
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// `migrate am` on every release's WSO2_AM_DB as WSO2's own PostgreSQL script builds it, filled with rows
/// in every table: the result is the newer release's catalog schema (wso2db's inspector and differ),
/// and every row is kept.
@Suite("WSO2_AM_DB: migrate from every release")
struct AMMigrationTests {
    /// Every release with a step after it, oldest first.
    static let releases: [String] = MigrationSteps.am.map(\.from)

    /// WSO2's PostgreSQL script of an AM release.
    static func script(_ release: String) throws -> String {
        let carbon = [
            "2.1.0": "6.1.66", "2.2.0": "6.2.201", "2.5.0": "6.3.95", "2.6.0": "6.4.50", "3.0.0": "6.5.349", "3.1.0": "6.6.163",
            "3.2.0": "6.7.206", "4.0.0": "9.0.174", "4.1.0": "9.20.74", "4.2.0": "9.28.116", "4.3.0": "9.29.120", "4.4.0": "9.30.67",
            "4.5.0": "9.31.86", "4.6.0": "9.32.147", "4.7.0": "9.33.122",
        ][release]!
        return try Fixtures.referenceScript((release == "2.6.0" ? "legacy-" : "") + "apimgt-postgresql-carbon-apimgt-v\(carbon)-apim-\(release).sql")
    }

    /// A database built by WSO2's script of `release` and filled by `SchemaFiller`.
    static func filledDatabase(_ release: String) throws -> (DatabaseURL, PostgresConnection) {
        let url = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try script(release), into: url)
        let connection = try PostgresConnection(url: url)
        try SchemaFiller.keepingLaterRules(of: .am, after: release).fill(try connection.inspectSchema(), on: connection)
        return (url, connection)
    }

    /// The differences of the live database from the catalog's schema of `release`.
    static func differences(_ connection: PostgresConnection, from release: String) throws -> [String] {
        let expected = connection.dialect.inspectedForm(of: try Catalog.schema(for: .am, version: release))
        return SchemaDiffer.differences(expected: expected, actual: try connection.inspectSchema()).map(\.line)
    }

    /// Rows a step deletes by design (its doc comment says why): their tables are held to "no row gained or changed".
    static let deletedBy: [String: Set<String>] = [
        "2.5.0": ["AM_ALERT_TYPES", "AM_ALERT_TYPES_VALUES"],
        "3.1.0": ["IDN_OIDC_SCOPE_CLAIM_MAPPING", "IDN_OAUTH2_SCOPE_BINDING"],
        "3.0.0": ["IDN_OAUTH2_SCOPE_BINDING"],
        "4.0.0": ["AM_GW_API_ARTIFACTS"],
    ]

    /// The rows of every table `step` keeps, projected on the columns it keeps with their type and does not give
    /// values to (renamed ones under their new name), as JSON lines per table; `before` reads them under the old names.
    static func keptRows(_ connection: PostgresConnection, _ step: MigrationStep, before: Bool) throws -> [String: [String]] {
        let renames = step.operations.first.flatMap { operation -> [SchemaChange]? in
            if case .schema(let changes) = operation, changes.allSatisfy(\.isRename) { return changes }
            return nil
        } ?? []
        var newNames: [String: String] = [:]
        for case .renameColumn(let table, let from, let to) in renames { newNames["\(table).\(from)".uppercased()] = to }
        let old = try Catalog.schema(for: .am, version: step.from)
        let new = try Catalog.schema(for: .am, version: step.version)
        let filled = step.filledColumns
        let dialect = connection.dialect
        var result: [String: [String]] = [:]
        for table in old.tables {
            guard let kept = new.table(named: table.name) else { continue }
            let columns = table.columns.compactMap { column -> (old: String, new: String)? in
                let name = newNames["\(table.name).\(column.name)".uppercased()] ?? column.name
                guard let after = kept.column(named: name), after.type == column.type,
                    !filled.contains("\(table.name.uppercased()).\(name.uppercased())")
                else { return nil }
                return (column.name, name)
            }
            guard !columns.isEmpty else { continue }
            let pairs = columns.map { "'\($0.new.uppercased())', \(dialect.quote(before ? $0.old : $0.new))" }.joined(separator: ", ")
            result[table.name] = try connection.query("SELECT jsonb_build_object(\(pairs))::text FROM \(dialect.quote(table.name))").rows
                .map { $0[0].textValue ?? "" }.sorted()
        }
        return result
    }

    /// Every row `before` holds is still there (a step may add rows: seeds, moved scopes), except in the tables
    /// the step deletes rows from by design, which may only lose rows.
    static func expectKept(_ before: [String: [String]], _ after: [String: [String]], _ step: MigrationStep) {
        for (table, rows) in before {
            var remaining = after[table] ?? []
            var missing: [String] = []
            for row in rows {
                if let position = remaining.firstIndex(of: row) { remaining.remove(at: position) } else { missing.append(row) }
            }
            if Self.deletedBy[step.version]?.contains(table) == true {
                #expect(remaining.isEmpty, "\(table): the step to \(step.version) adds or changes rows where it only deletes")
            } else {
                #expect(missing == [], "\(table): rows lost or changed by the step to \(step.version)")
            }
        }
    }

    @Test("each release, filled, migrates step by step to 4.7.0: every intermediate schema, rows kept, a rerun does nothing", arguments: releases)
    func chain(_ release: String) throws {
        let (_, connection) = try Self.filledDatabase(release)
        #expect(try Self.differences(connection, from: release) == [])
        let path = Array(Self.releases.drop { $0 != release }.dropFirst()) + ["4.7.0"]
        for next in path {
            let step = try #require(MigrationSteps.am.first { $0.version == next })
            let before = try Self.keptRows(connection, step, before: true)
            let report = try Migrator.run(
                on: connection, to: next, baselineAnyway: false, lockTimeout: .seconds(30), allowingDestructive: true, database: .am)
            #expect(report.to == next)
            let differences = try Self.differences(connection, from: next)
            #expect(differences == [], "after the step to \(next)")
            if !differences.isEmpty { return }
            Self.expectKept(before, try Self.keptRows(connection, step, before: false), step)
        }
        let again = try Migrator.run(on: connection, to: nil, baselineAnyway: false, lockTimeout: .seconds(30), database: .am)
        #expect(again.applied.isEmpty)
    }
}
