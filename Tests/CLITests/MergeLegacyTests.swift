import Foundation
import LegacyData
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Synchronization
import Testing
import WSO2Catalog
import WSO2Schema

/// `wso2db merge-legacy` end to end: two API-M 2.6.0 databases (UM and REG) full of awkward data,
/// merged into one empty WSO2_SHARED_DB 4.7.0, on PostgreSQL and SQLite in every combination; the
/// refusals; the dry run; a run killed part-way and run again; two runs at once.
@Suite("wso2db merge-legacy")
struct MergeLegacyTests {
    enum Engine: String, Sendable, CustomStringConvertible {
        case postgres, sqlite
        var description: String { rawValue }
    }

    static let legacy = MigrateTests.legacy
    static let shared470 = MigrateTests.shared470
    static let legacyScript = "legacy-um-reg-postgresql-kernel-v4.4.35.sql"
    static let sharedScript = "shared-postgresql-kernel-v4.11.18.sql"

    /// The legacy tables one source gives: `UM_*` from the UM database, `REG_*` from the REG one.
    static func family(_ prefix: String) -> Schema {
        var schema = legacy
        schema.tables = legacy.tables.filter { $0.name.hasPrefix(prefix) }
        return schema
    }
    static let umTables = family("UM_")
    static let regTables = family("REG_")

    // MARK: - Databases

    /// One database of a merge, a source or the target, and how to look at it.
    struct Place: Sendable, CustomStringConvertible {
        var engine: Engine
        var url: String
        var description: String { url }
        var path: String { String(url.dropFirst("sqlite:".count)) }

        func connect(readOnly: Bool = false) throws -> any DatabaseConnection {
            switch engine {
            case .postgres: try PostgresConnection(url: PostgreSQL.url(url))
            case .sqlite: try SQLiteConnection(url: SQLite.url(path: path), mode: readOnly ? .readOnly : .readWrite)
            }
        }

        /// Everything the database holds, to tell that nothing in it changed: `pg_dump` on
        /// PostgreSQL (without its random `\restrict` key), the file's bytes on SQLite.
        func fingerprint() throws -> Data {
            switch engine {
            case .postgres:
                let server = try LocalPostgres.shared()
                let dump = try LocalPostgres.run(server.binDirectory + "/pg_dump", ["--no-owner", "-d", url])
                return Data(
                    dump.split(separator: "\n").filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
                        .joined(separator: "\n").utf8)
            case .sqlite:
                var data = try Data(contentsOf: URL(fileURLWithPath: path))
                if let wal = FileManager.default.contents(atPath: path + "-wal") { data += wal }
                return data
            }
        }

        /// Every object anyone made in the database (tables, sequences, indexes, schemas): empty for
        /// an untouched target. A missing or empty SQLite file holds nothing.
        func objects() throws -> [String] {
            switch engine {
            case .postgres:
                let connection = try connect()
                return try connection.query(
                    """
                    SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                    UNION ALL
                    SELECT 'schema ' || nspname FROM pg_catalog.pg_namespace
                    WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
                    UNION ALL
                    SELECT 'function ' || p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public'
                    """
                ).rows.compactMap { $0.first?.textValue }
            case .sqlite:
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                guard let size, size > 0 else { return [] }
                return try connect(readOnly: true).query("SELECT type || ' ' || name FROM sqlite_schema").rows.compactMap { $0.first?.textValue }
            }
        }
    }

    /// A 2.6.0 legacy database with no rows: WSO2's script through psql on PostgreSQL, `wso2db
    /// create` on SQLite (`database` is `um` or `reg`).
    static func legacyDatabase(_ engine: Engine, _ database: String) throws -> Place {
        switch engine {
        case .postgres:
            let (server, name) = try DetectTests.databaseFromScript(legacyScript)
            return Place(engine: .postgres, url: server.url(database: name))
        case .sqlite:
            let url = "sqlite:" + (try folder()) + "/\(database).db"
            let created = try BuiltBinary.wso2db(["create", database, "--version", "2.6.0", "--url", url])
            try #require(created.status == 0, "\(created.standardError)")
            return Place(engine: .sqlite, url: url)
        }
    }

    /// An empty target: a fresh PostgreSQL database, or a SQLite path with no file yet.
    static func emptyTarget(_ engine: Engine) throws -> Place {
        switch engine {
        case .postgres:
            let server = try LocalPostgres.shared()
            return Place(engine: .postgres, url: server.url(database: try server.createDatabase(prefix: "target")))
        case .sqlite:
            return Place(engine: .sqlite, url: "sqlite:" + (try folder()) + "/shared.db")
        }
    }

    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-merge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A UM and a REG database full of awkward data; `extra` runs on each connection afterwards
    /// (UM first), before it is closed.
    static func awkwardSources(
        _ engine: Engine, extra: (_ um: any DatabaseConnection, _ reg: any DatabaseConnection) throws -> Void = { _, _ in }
    ) throws -> (um: Place, reg: Place) {
        let um = try legacyDatabase(engine, "um")
        let reg = try legacyDatabase(engine, "reg")
        // The connections close at the end of this scope, so that a SQLite file holds everything.
        try {
            let umConnection = try um.connect()
            let regConnection = try reg.connect()
            try AwkwardLegacyData.fill(um: umConnection, reg: regConnection)
            try extra(umConnection, regConnection)
        }()
        return (um, reg)
    }

    /// Inserts rows a test adds by hand (names folded as the engine folds them, values as parameters).
    static func insert(_ connection: any DatabaseConnection, _ table: String, _ rows: [[String: SQLValue]]) throws {
        let writer = AwkwardLegacyData.Rows(connection)
        for row in rows { try writer.insert(table, row) }
    }

    static func merge(
        um: Place, reg: Place, to target: Place, _ extra: [String] = [], format: String = "json", killAfter: Duration? = nil,
        killWhen: (@Sendable (String) -> Bool)? = nil
    ) throws -> Subprocess.Result {
        try BuiltBinary.wso2db(
            ["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target.url, "--format", format] + extra, killAfter: killAfter,
            killWhen: killWhen)
    }

    static func json(_ result: Subprocess.Result) throws -> [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any], "not one JSON document on stdout: \(result.standardOutput.prefix(2000)) \(result.standardError.suffix(2000))")
    }

    // MARK: - What a source holds before the merge

    /// What the sources held before the merge, to hold the target and the sources against.
    struct Before {
        var umFingerprint: Data
        var regFingerprint: Data
        /// Rows per legacy table, each from its own source.
        var rows: [String: Int]
        /// The last value each sequence handed out (or was set to): `UM_*` from the UM source, `REG_*` from the REG one.
        var positions: [String: Int64]
    }

    static func before(um: Place, reg: Place) throws -> Before {
        let (umFingerprint, regFingerprint) = (try um.fingerprint(), try reg.fingerprint())
        let umConnection = try um.connect(readOnly: true)
        let regConnection = try reg.connect(readOnly: true)
        let rows = try counts(umConnection, umTables).merging(try counts(regConnection, regTables)) { $1 }
        let positions = try sequencePositions(umConnection, prefix: "UM_").merging(try sequencePositions(regConnection, prefix: "REG_")) { $1 }
        return Before(umFingerprint: umFingerprint, regFingerprint: regFingerprint, rows: rows, positions: positions)
    }

    static func counts(_ connection: any DatabaseConnection, _ schema: Schema) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in schema.tables {
            let count = try connection.query("SELECT count(*) FROM \(connection.dialect.quote(table.name))").rows.first?.first?.integerValue
            result[table.name] = Int(count ?? -1)
        }
        return result
    }

    /// The last value each legacy sequence of the family handed out: `nextval` gives a larger one.
    static func sequencePositions(_ connection: any DatabaseConnection, prefix: String) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for sequence in legacy.sequences where sequence.name.hasPrefix(prefix) {
            if connection.dialect.hasNativeSequences {
                let row = try #require(
                    try connection.query("SELECT last_value, is_called FROM \(connection.dialect.quote(sequence.name))").rows.first)
                let last = try #require(row[0].integerValue)
                result[sequence.name] = row[1] == .boolean(true) ? last : last - 1
            } else {
                let next = try connection.query("SELECT \"next_value\" FROM \"wso2db_sequence\" WHERE \"name\" = ?1", .text(sequence.name))
                result[sequence.name] = try #require(next.rows.first?.first?.integerValue, "no wso2db_sequence row for \(sequence.name)") - 1
            }
        }
        return result
    }

    /// Every row of the family's tables, limited to the legacy columns, as a sorted multiset:
    /// computed by PostgreSQL itself (count and md5 of the sorted row texts) when both sides are
    /// PostgreSQL, else read and rendered one value at a time (`TableData.snapshot`).
    static func legacyRows(_ connection: any DatabaseConnection, _ schema: Schema, serverSide: Bool) throws -> [String: [String]] {
        guard serverSide else { return try TableData.snapshot(connection, schema: schema) }
        var result: [String: [String]] = [:]
        let dialect = connection.dialect
        for table in schema.tables {
            let columns = table.columns.map { dialect.quote($0.name) }.joined(separator: ", ")
            let row = try #require(
                try connection.query(
                    "SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r COLLATE \"C\"), '')) FROM (SELECT ROW(\(columns))::text AS r FROM \(dialect.quote(table.name))) s"
                ).rows.first)
            result[table.name] = row.map(TableData.render)
        }
        return result
    }

    /// How two sorted multisets of rows differ, shortly: counts, and a few rows found on one side only.
    static func difference(_ expected: [String], _ found: [String]) -> String {
        var missing: [String: Int] = [:]
        for row in expected { missing[row, default: 0] += 1 }
        var extra: [String] = []
        for row in found {
            if let count = missing[row], count > 0 { missing[row] = count - 1 } else { extra.append(row) }
        }
        let gone = missing.flatMap { row, count in Array(repeating: row, count: count) }.sorted()
        func few(_ rows: [String]) -> String { rows.prefix(3).map { String($0.prefix(160)) }.joined(separator: " ; ") }
        return "\(expected.count) rows in the source, \(found.count) in the target; "
            + "\(gone.count) only in the source [\(few(gone))], \(extra.count) only in the target [\(few(extra))]"
    }

    // MARK: - What a finished merge must show

    /// Everything a finished merge must show: exit 0 and the JSON report verified, every table
    /// matching; no drift from 4.7.0; every legacy row there exactly as many times; the new UUID and
    /// ID columns filled; inserts drawing ids past the sources' sequences; the sources unchanged.
    static func checkMerged(
        _ result: Subprocess.Result, um: Place, reg: Place, target: Place, before: Before,
        leftBehind: [String: Int] = [:], sourcesUnchanged: Bool = true
    ) throws {
        try #require(result.status == 0, "exit \(result.status): \(result.standardOutput.prefix(3000))\(result.standardError.suffix(3000))")
        let report = try json(result)
        try checkReport(report, um: um, reg: reg, target: target, before: before, dryRun: false, leftBehind: leftBehind)

        // No structural difference from 4.7.0: WSO2's own script on PostgreSQL, the catalog on both.
        if target.engine == .postgres {
            let script = try BuiltBinary.wso2db(
                ["drift", "shared", "--url", target.url, "--expected-sql", try DetectTests.reference(sharedScript)])
            #expect(script.status == 0, "drift against WSO2's script: \(script.standardOutput.prefix(3000))\(script.standardError)")
        }
        let drift = try BuiltBinary.wso2db(["drift", "shared", "--url", target.url])
        #expect(drift.status == 0, "drift: \(drift.standardOutput.prefix(3000))\(drift.standardError)")

        // Every legacy row, exactly as many times, with the same values.
        let targetConnection = try target.connect()
        for (source, schema) in [(um, umTables), (reg, regTables)] {
            let serverSide = source.engine == .postgres && target.engine == .postgres
            let expected = try legacyRows(try source.connect(readOnly: true), schema, serverSide: serverSide)
            let found = try legacyRows(targetConnection, schema, serverSide: serverSide)
            for table in schema.tables.map(\.name) where found[table] != expected[table] {
                let how =
                    serverSide
                    ? "row count and md5 \(expected[table] ?? []) in the source, \(found[table] ?? []) in the target"
                    : difference(expected[table] ?? [], found[table] ?? [])
                Issue.record("\(table): the target's rows differ from \(source)'s: \(how)")
            }
        }

        // The new UUID columns: filled, unique, UUID-shaped.
        let uuid = try Regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        for (table, column) in [("UM_USER", "UM_USER_ID"), ("UM_TENANT", "UM_TENANT_UUID")] {
            let dialect = targetConnection.dialect
            let values = try targetConnection.query("SELECT \(dialect.quote(column)) FROM \(dialect.quote(table))").rows.map { $0[0] }
            #expect(values.count == before.rows[table] && !values.isEmpty, "\(table): \(values.count) rows")
            let texts = values.compactMap(\.textValue)
            #expect(texts.count == values.count, "\(table).\(column) holds NULLs")
            #expect(Set(texts).count == texts.count, "\(table).\(column) holds duplicates")
            let misshapen = texts.filter { (try? uuid.wholeMatch(in: $0)) == nil }
            #expect(misshapen.isEmpty, "\(table).\(column) values that are no UUID: \(misshapen.prefix(3))")
        }
        // The IDs of the formerly key-less tables: filled and unique.
        for table in ["REG_RESOURCE_COMMENT", "REG_RESOURCE_RATING", "REG_RESOURCE_TAG", "REG_RESOURCE_PROPERTY", "UM_SHARED_USER_ROLE"] {
            let dialect = targetConnection.dialect
            let row = try #require(
                try targetConnection.query(
                    "SELECT count(*), count(\(dialect.quote("ID"))), count(DISTINCT \(dialect.quote("ID"))) FROM \(dialect.quote(table))"
                ).rows.first)
            #expect(row[0] == row[1] && row[1] == row[2] && row[0].integerValue == Int64(before.rows[table] ?? -1), "\(table).ID: \(row)")
        }

        // Plain INSERTs draw fresh ids from every sequence, past where the sources' sequences stood.
        try checkInsertsUseSequences(targetConnection, positions: before.positions)

        // The sources, byte for byte as they were.
        if sourcesUnchanged {
            #expect(try um.fingerprint() == before.umFingerprint, "the UM source changed")
            #expect(try reg.fingerprint() == before.regFingerprint, "the REG source changed")
        }
    }

    /// The JSON report of a merge or a dry run, held against what the sources held.
    static func checkReport(
        _ report: [String: Any], um: Place, reg: Place, target: Place, before: Before, dryRun: Bool, leftBehind: [String: Int] = [:]
    ) throws {
        #expect((report["um"] as? [String: Any])?["version"] as? String == "2.6.0", "\(report["um"] ?? "nil")")
        #expect((report["reg"] as? [String: Any])?["version"] as? String == "2.6.0", "\(report["reg"] ?? "nil")")
        #expect((report["target"] as? [String: Any])?["version"] as? String == "4.7.0", "\(report["target"] ?? "nil")")
        #expect((report["um"] as? [String: Any])?["url"] is String)
        #expect(report["dryRun"] as? Bool == dryRun)
        #expect(report["resumed"] is Bool)
        #expect(report["milliseconds"] is NSNumber)
        if dryRun {
            #expect(report["verified"] is NSNull, "a dry run verifies nothing: \(report["verified"] ?? "nil")")
        } else {
            #expect(report["verified"] as? Bool == true)
        }

        let tables = try #require(report["tables"] as? [[String: Any]], "no tables in the report")
        var byName: [String: [String: Any]] = [:]
        for entry in tables {
            let name = try #require(entry["table"] as? String)
            #expect(byName[name.uppercased()] == nil, "\(name) listed twice")
            byName[name.uppercased()] = entry
        }
        var backfills: Set<String> = []
        for table in legacy.tables.map(\.name) {
            let entry = try #require(byName[table], "\(table) is missing from the report")
            #expect(entry["from"] as? String == (table.hasPrefix("UM_") ? "um" : "reg"), "\(table) from \(entry["from"] ?? "nil")")
            let rows = before.rows[table]
            #expect((entry["rows"] as? Int) == rows, "\(table): \(entry["rows"] ?? "nil") rows reported, the source has \(rows ?? -1)")
            for fill in entry["backfills"] as? [[String: Any]] ?? [] {
                backfills.insert("\(table).\(fill["column"] as? String ?? "?") \(fill["fill"] as? String ?? "?")")
            }
            #expect(entry["backfills"] is [Any], "\(table): backfills is not a list")
            if dryRun {
                #expect(entry["source"] is NSNull && entry["target"] is NSNull && entry["match"] is NSNull, "\(table) in a dry run: \(entry)")
            } else {
                let source = try #require(entry["source"] as? [String: Any], "\(table): no source")
                let found = try #require(entry["target"] as? [String: Any], "\(table): no target")
                #expect(source["rows"] as? Int == rows && found["rows"] as? Int == rows, "\(table): \(source) \(found)")
                #expect(source["hash"] as? String != nil && source["hash"] as? String == found["hash"] as? String, "\(table): \(source) \(found)")
                #expect(entry["match"] as? Bool == true, "\(table) does not match")
            }
        }
        if !dryRun {
            for entry in tables { #expect(entry["match"] as? Bool == true, "\(entry["table"] ?? "?") does not match") }
        }
        #expect(
            backfills == [
                "UM_TENANT.UM_TENANT_UUID uuid", "UM_USER.UM_USER_ID uuid", "REG_RESOURCE_COMMENT.ID sequence", "REG_RESOURCE_RATING.ID sequence",
                "REG_RESOURCE_TAG.ID sequence", "REG_RESOURCE_PROPERTY.ID sequence", "UM_SHARED_USER_ROLE.ID sequence",
            ])

        // Rows per tenant are counted while verifying: none in a dry run.
        if !dryRun {
            let tenants = try #require(report["tenants"] as? [[String: Any]], "no tenants in the report")
            let tenantNames = Set(tenants.map { "\($0["tenant"] ?? "")" })
            #expect(tenantNames.isSuperset(of: ["-1234", "1", "2"]), "tenants: \(tenantNames.sorted())")
            for tenant in tenants {
                #expect((tenant["sourceRows"] as? Int ?? 0) > 0, "\(tenant)")
                #expect(tenant["sourceRows"] as? Int == tenant["targetRows"] as? Int && tenant["match"] as? Bool == true, "\(tenant)")
            }
        }

        try checkPhases(report, tables: tables, dryRun: dryRun)

        let left = try #require(report["leftBehind"] as? [[String: Any]], "no leftBehind in the report")
        var found: [String: Int] = [:]
        for entry in left { found["\(entry["from"] as? String ?? "?") \(entry["table"] as? String ?? "?")"] = entry["rows"] as? Int }
        #expect(found == leftBehind, "left behind")
    }

    /// The report's phase timings: none in a dry run; otherwise every phase this run went through,
    /// in order, none negative, adding up to no more than the whole run; each table this run copied
    /// with its copy time and its bytes (more than none where it has rows).
    static func checkPhases(_ report: [String: Any], tables: [[String: Any]], dryRun: Bool) throws {
        let phases = try #require(report["phases"] as? [[String: Any]], "no phases in the report")
        let names = phases.compactMap { $0["phase"] as? String }
        let times = phases.compactMap { $0["milliseconds"] as? Int }
        #expect(times.count == phases.count && times.allSatisfy { $0 >= 0 }, "phases: \(phases)")
        if dryRun {
            #expect(phases.isEmpty, "a dry run has no phases: \(names)")
            return
        }
        let copied = report["alreadyMerged"] as? Bool != true
        #expect(
            names == (copied ? ["checks", "create", "copy", "indexes", "finish", "verify"] : ["checks", "create", "verify"]),
            "phases: \(names)")
        let total = try #require(report["milliseconds"] as? Int)
        // Each phase is rounded down to its millisecond on its own.
        #expect(times.reduce(0, +) <= total + phases.count, "phases add up to \(times.reduce(0, +)) ms, the run took \(total) ms")
        guard copied, report["resumed"] as? Bool != true else { return }
        for entry in tables {
            let name = entry["table"] as? String ?? "?"
            let milliseconds = try #require(entry["copyMilliseconds"] as? Int, "\(name): no copyMilliseconds")
            let bytes = try #require(entry["copyBytes"] as? Int, "\(name): no copyBytes")
            #expect(milliseconds >= 0 && bytes >= 0, "\(name): \(milliseconds) ms, \(bytes) bytes")
            if (entry["rows"] as? Int ?? 0) > 0 { #expect(bytes > 0, "\(name) has rows but copied no bytes") }
        }
    }

    /// A plain INSERT that leaves every sequence-backed column out succeeds on every 4.7.0 table that
    /// has one, and each such column gets a fresh value: above every value the table held, held by
    /// no other row, and past the position its sequence had in its source when the sources had it
    /// (inside a transaction that is rolled back, with foreign keys not enforced).
    /// Used by `MigrateTests` too, with no source positions.
    static func checkInsertsUseSequences(_ connection: any DatabaseConnection, positions: [String: Int64]) throws {
        let dialect = connection.dialect
        if dialect.hasNativeSequences {
            try connection.execute("BEGIN; SET LOCAL session_replication_role = replica")
        } else {
            try connection.execute("PRAGMA foreign_keys = OFF; BEGIN")
        }
        defer {
            connection.rollback()
            if !dialect.hasNativeSequences { try? connection.execute("PRAGMA foreign_keys = ON") }
        }
        var tables = 0
        var pastSource: Set<String> = []
        for table in shared470.tables where !table.sequenceBackedColumns.isEmpty {
            let quoted = dialect.quote(table.name)
            func highest(_ column: Column) throws -> Int64 {
                try connection.query("SELECT max(\(dialect.quote(column.name))) FROM \(quoted)").rows.first?.first?.integerValue ?? 0
            }
            let drawn = table.sequenceBackedColumns
            let before = try drawn.map { try highest($0.column) }
            let skipped = Set(drawn.map(\.column.name))
            let columns = table.columns.filter { !skipped.contains($0.name) }
            let insert = dialect.insertStatement(
                .seeds, "row", into: quoted, columns: columns.map(\.name), values: columns.map { .value(TableData.value(for: $0, row: 8_888)) })
            try connection.run(insert.statement)
            for ((column, sequence), previous) in zip(drawn, before) {
                let fresh = try highest(column)
                #expect(fresh > previous, "\(table.name).\(column.name): the new row got no id above \(previous)")
                let holders = try connection.query("SELECT count(*) FROM \(quoted) WHERE \(dialect.quote(column.name)) = \(fresh)").rows.first?.first
                #expect(holders == .integer(1), "\(table.name).\(column.name) = \(fresh) is held by \(holders.map(TableData.render) ?? "?") rows")
                if let position = positions[sequence.uppercased()] {
                    #expect(fresh > position, "\(table.name).\(column.name): a new row got \(fresh), but \(sequence) stood at \(position) in the source")
                    pastSource.insert(sequence.uppercased())
                }
            }
            tables += 1
        }
        #expect(tables > 40, "tables with a sequence-backed column: \(tables)")
        if !positions.isEmpty { #expect(pastSource.count >= 30, "sequences held against the sources: \(pastSource.count)") }
    }

    /// Values of the awkward data read back from the target one by one.
    static func checkAwkwardValues(_ target: Place) throws {
        let connection = try target.connect()
        let dialect = connection.dialect
        func value(_ column: String, _ table: String, _ condition: String) throws -> SQLValue? {
            // Names are WSO2's: quoted as the engine folds them. The conditions hold only constants.
            var sql = condition
            for name in ["REG_CONTENT_ID", "REG_TENANT_ID", "UM_ID", "UM_TENANT_ID", "REG_ID", "REG_PATH_ID", "REG_SNAPSHOT_ID", "REG_NAME", "REG_TAG_ID", "REG_VERSION"] {
                sql = sql.replacingOccurrences(of: "{\(name)}", with: dialect.quote(name))
            }
            let rows = try connection.query("SELECT \(dialect.quote(column)) FROM \(dialect.quote(table)) WHERE \(sql)").rows
            #expect(rows.count == 1, "\(table) WHERE \(condition): \(rows.count) rows")
            return rows.first?.first
        }
        let data = AwkwardLegacyData.self
        #expect(try value("REG_CONTENT_DATA", "REG_CONTENT", "{REG_CONTENT_ID} = 1 AND {REG_TENANT_ID} = -1234") == .blob(data.everyByte))
        #expect(try value("REG_CONTENT_DATA", "REG_CONTENT", "{REG_CONTENT_ID} = 2 AND {REG_TENANT_ID} = 1") == .blob([]), "an empty binary value stays empty, not NULL")
        #expect(try value("REG_CONTENT_DATA", "REG_CONTENT", "{REG_CONTENT_ID} = 3 AND {REG_TENANT_ID} = 1") == .null)
        #expect(try value("REG_CONTENT_DATA", "REG_CONTENT", "{REG_CONTENT_ID} = 4 AND {REG_TENANT_ID} = 2") == data.content(4, tenant: 2))
        #expect(try value("REG_RESOURCE_VIDS", "REG_SNAPSHOT", "{REG_SNAPSHOT_ID} = 1 AND {REG_TENANT_ID} = 2") == .blob(Array(data.everyByte.reversed())))
        #expect(try value("UM_USER_CONFIG", "UM_TENANT", "{UM_ID} = 1") == .blob(data.everyByte))
        #expect(try value("UM_USER_CONFIG", "UM_TENANT", "{UM_ID} = 2") == .null)
        #expect(try value("UM_EMAIL", "UM_TENANT", "{UM_ID} = 1") == .text(""), "'' stays ''")
        #expect(try value("UM_EMAIL", "UM_TENANT", "{UM_ID} = 2") == .null, "NULL stays NULL")
        #expect(try value("UM_DOMAIN_NAME", "UM_TENANT", "{UM_ID} = 2") == .text("tënant-二.example.com"))
        #expect(try value("UM_USER_NAME", "UM_USER", "{UM_ID} = 2 AND {UM_TENANT_ID} = 1") == .text(data.awkwardUser))
        #expect(try value("UM_USER_NAME", "UM_USER", "{UM_ID} = 3 AND {UM_TENANT_ID} = -1234") == .text("\\N"))
        #expect(try value("UM_SALT_VALUE", "UM_USER", "{UM_ID} = 3 AND {UM_TENANT_ID} = 2") == .text("\\."))
        #expect(try value("UM_SALT_VALUE", "UM_USER", "{UM_ID} = 1 AND {UM_TENANT_ID} = 2") == .text(""))
        #expect(try value("UM_SALT_VALUE", "UM_USER", "{UM_ID} = 2 AND {UM_TENANT_ID} = 2") == .null)
        #expect(try value("UM_ATTR_VALUE", "UM_USER_ATTRIBUTE", "{UM_ID} = 1 AND {UM_TENANT_ID} = 2") == .text(data.nasty))
        #expect(try value("UM_DISPLAY_ORDER", "UM_CLAIM", "{UM_ID} = 1 AND {UM_TENANT_ID} = 1") == .integer(2_147_483_647))
        #expect(try value("UM_DISPLAY_ORDER", "UM_CLAIM", "{UM_ID} = 2 AND {UM_TENANT_ID} = 1") == .integer(-2_147_483_648))
        let properties: [(String, SQLValue)] = [("overview_name", .text(data.nasty)), ("empty", .text("")), ("null", .null), ("\\N", .text("\\N"))]
        for (index, (name, expected)) in properties.enumerated() {
            #expect(try value("REG_NAME", "REG_PROPERTY", "{REG_ID} = \(index + 1) AND {REG_TENANT_ID} = 1") == .text(name))
            #expect(try value("REG_VALUE", "REG_PROPERTY", "{REG_ID} = \(index + 1) AND {REG_TENANT_ID} = 1") == expected, "REG_PROPERTY \(name)")
        }
        for (offset, marker) in data.markers.enumerated() {
            #expect(try value("REG_VALUE", "REG_PROPERTY", "{REG_ID} = \(6 + offset) AND {REG_TENANT_ID} = 2") == .text(marker), "marker \(marker)")
        }
        #expect(
            try value("REG_PATH_VALUE", "REG_PATH", "{REG_PATH_ID} = 4 AND {REG_TENANT_ID} = 2") == .text("/_system/governance/" + data.long(1800, seed: 2)))
        // The exact duplicates of the key-less tables are all there.
        let duplicates = try connection.query(
            "SELECT count(*) FROM \(dialect.quote("REG_RESOURCE_TAG")) WHERE \(dialect.quote("REG_TAG_ID")) = 1 AND \(dialect.quote("REG_TENANT_ID")) = 1 AND \(dialect.quote("REG_PATH_ID")) IS NULL"
        ).rows.first?.first
        #expect(duplicates == .integer(3))
    }

    // MARK: - Tests

    @Test(
        "awkward data in both legacy databases merges into one 4.7.0 database, every row kept, verified",
        arguments: [(Engine.postgres, Engine.postgres), (.sqlite, .sqlite), (.sqlite, .postgres), (.postgres, .sqlite)])
    func awkwardData(sources: Engine, target engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(sources)
        let target = try Self.emptyTarget(engine)
        let before = try Self.before(um: um, reg: reg)
        let result = try Self.merge(um: um, reg: reg, to: target)
        try Self.checkMerged(result, um: um, reg: reg, target: target, before: before)
        #expect(!result.standardError.isEmpty, "progress goes to stderr")
        #expect(try target.objects().count > 100, "the target holds 4.7.0's tables, sequences and indexes")
        try Self.checkAwkwardValues(target)
    }

    @Test("a source holding the other database's rows is refused, naming each table and count; --leave-misplaced-rows leaves them", arguments: [Engine.postgres, .sqlite])
    func misplacedRows(engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine) { _, reg in
            try Self.insert(
                reg, "UM_DOMAIN",
                [
                    ["UM_DOMAIN_ID": .integer(1), "UM_DOMAIN_NAME": .text("PRIMARY"), "UM_TENANT_ID": .integer(5)],
                    ["UM_DOMAIN_ID": .integer(2), "UM_DOMAIN_NAME": .text("SYSTEM"), "UM_TENANT_ID": .integer(5)],
                ])
        }
        let target = try Self.emptyTarget(engine)
        let before = try Self.before(um: um, reg: reg)

        // The REG source holds 2 UM_DOMAIN rows.
        let regHoldsUM = try Self.merge(um: um, reg: reg, to: target, format: "text")
        #expect(regHoldsUM.status == 2, "\(regHoldsUM.standardOutput)\(regHoldsUM.standardError)")
        #expect(regHoldsUM.standardError.contains("UM_DOMAIN") && regHoldsUM.standardError.contains("2"), "\(regHoldsUM.standardError)")
        #expect(try target.objects() == [], "the target is untouched")
        #expect(try um.fingerprint() == before.umFingerprint && reg.fingerprint() == before.regFingerprint, "the sources are unchanged")

        // And the UM source 3 REG_PATH rows and 2 REG_TAG rows.
        try {
            let connection = try um.connect()
            try Self.insert(
                connection, "REG_PATH",
                (1...3).map { ["REG_PATH_ID": .integer(Int64($0)), "REG_PATH_VALUE": .text("/stray/\($0)"), "REG_TENANT_ID": .integer(-1234)] })
            try Self.insert(
                connection, "REG_TAG",
                (1...2).map {
                    ["REG_ID": .integer(Int64($0)), "REG_TAG_NAME": .text("t"), "REG_USER_ID": .text("u"), "REG_TAGGED_TIME": .text("2018-01-02 03:04:05"), "REG_TENANT_ID": .integer(1)]
                })
        }()
        let both = try Self.merge(um: um, reg: reg, to: target)
        #expect(both.status == 2, "\(both.standardOutput)\(both.standardError)")
        for (table, count) in [("REG_PATH", "3"), ("REG_TAG", "2"), ("UM_DOMAIN", "2")] {
            let named = both.standardError.split(separator: "\n").contains { $0.contains(table) && $0.contains(count) }
            #expect(named, "\(table) and its \(count) rows are named on one line: \(both.standardError)")
        }
        #expect(try target.objects() == [], "the target is untouched")

        // Leaving them where they are, the merge goes through and lists them.
        let updated = try Self.before(um: um, reg: reg)
        let merged = try Self.merge(um: um, reg: reg, to: target, ["--leave-misplaced-rows"])
        try Self.checkMerged(
            merged, um: um, reg: reg, target: target, before: updated,
            leftBehind: ["um REG_PATH": 3, "um REG_TAG": 2, "reg UM_DOMAIN": 2])
    }

    @Test("swapped sources are refused (exit 2, 'swapped'), the target untouched", arguments: [Engine.postgres, .sqlite])
    func swapped(engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine)
        let target = try Self.emptyTarget(engine)
        let before = try Self.before(um: um, reg: reg)
        let result = try Self.merge(um: reg, reg: um, to: target)
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.lowercased().contains("swapped"), "\(result.standardError)")
        #expect(try target.objects() == [])
        #expect(try um.fingerprint() == before.umFingerprint && reg.fingerprint() == before.regFingerprint)
    }

    @Test("a target that is one of the sources is refused (exit 2), the source unchanged", arguments: [Engine.postgres, .sqlite])
    func targetIsASource(engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine)
        let before = try Self.before(um: um, reg: reg)
        for target in [um, reg] {
            let result = try Self.merge(um: um, reg: reg, to: target)
            #expect(result.status == 2, "--to \(target): \(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.lowercased().contains("same"), "\(result.standardError)")
        }
        #expect(try um.fingerprint() == before.umFingerprint && reg.fingerprint() == before.regFingerprint)
    }

    @Test("a target that is not empty is refused (exit 2, 'not empty') and left as it was", arguments: [Engine.postgres, .sqlite])
    func nonEmptyTarget(engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine)
        let target = try Self.emptyTarget(engine)
        try {
            let connection: any DatabaseConnection =
                engine == .postgres ? try target.connect() : try SQLiteConnection(url: SQLite.url(path: target.path), mode: .readWriteCreate)
            try connection.execute("CREATE TABLE orders (id integer PRIMARY KEY, note varchar(20)); INSERT INTO orders VALUES (1, 'keep me')")
        }()
        let targetBefore = try target.fingerprint()
        let result = try Self.merge(um: um, reg: reg, to: target)
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.lowercased().contains("not empty"), "\(result.standardError)")
        #expect(try target.fingerprint() == targetBefore, "the target is unchanged")
    }

    enum ConflictKind: String, CaseIterable, Sendable, CustomStringConvertible {
        case hybridRoleDuplicate, domainNameNull, pathDuplicate, systemRoleDuplicate
        var description: String { rawValue }
    }

    @Test(
        "rows the 4.7.0 rules would reject are refused before anything is written, naming the table and the rule",
        arguments: ConflictKind.allCases, [Engine.postgres, .sqlite])
    func conflicts(kind: ConflictKind, engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine) { um, reg in
            switch kind {
            case .hybridRoleDuplicate:
                try Self.insert(
                    um, "UM_HYBRID_ROLE",
                    [100, 101].map { ["UM_ID": .integer($0), "UM_ROLE_NAME": .text("Internal/dup 'x'"), "UM_TENANT_ID": .integer(1)] })
            case .domainNameNull:
                try Self.insert(um, "UM_DOMAIN", [["UM_DOMAIN_ID": .integer(100), "UM_DOMAIN_NAME": .null, "UM_TENANT_ID": .integer(2)]])
            case .pathDuplicate:
                try Self.insert(
                    reg, "REG_PATH",
                    [100, 101].map { ["REG_PATH_ID": .integer($0), "REG_PATH_VALUE": .text("/_system/dup"), "REG_TENANT_ID": .integer(2)] })
            case .systemRoleDuplicate:
                try Self.insert(
                    um, "UM_SYSTEM_ROLE", [100, 101].map { ["UM_ID": .integer($0), "UM_ROLE_NAME": .text("x"), "UM_TENANT_ID": .integer(-1234)] })
            }
        }
        let target = try Self.emptyTarget(engine)
        let before = try Self.before(um: um, reg: reg)
        let result = try Self.merge(um: um, reg: reg, to: target)
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        let (table, rule): (String, String) =
            switch kind {
            case .hybridRoleDuplicate: ("UM_HYBRID_ROLE", "UNIQUE (UM_ROLE_NAME, UM_TENANT_ID)")
            case .domainNameNull: ("UM_DOMAIN", "NOT NULL")
            case .pathDuplicate: ("REG_PATH", "UNIQUE (REG_PATH_VALUE, REG_TENANT_ID)")
            case .systemRoleDuplicate: ("UM_SYSTEM_ROLE", "UNIQUE (UM_ROLE_NAME, UM_TENANT_ID)")
            }
        let line = result.standardError.split(separator: "\n").first { $0.contains(table) && $0.contains(rule) }
        #expect(line != nil, "\(table) and \(rule) named: \(result.standardError)")
        #expect(try target.objects() == [], "the target is untouched")
        #expect(try um.fingerprint() == before.umFingerprint && reg.fingerprint() == before.regFingerprint)
    }

    @Test("a source that is no 2.6.0 legacy database (an AM database, an unknown one) is refused, naming what was found")
    func notALegacySource() throws {
        let (um, reg) = try Self.awkwardSources(.sqlite)
        let am = Place(engine: .sqlite, url: "sqlite:" + (try Self.folder()) + "/am.db")
        try #require(try BuiltBinary.wso2db(["create", "am", "--url", am.url]).status == 0)
        let target = try Self.emptyTarget(.sqlite)

        let amAsUM = try Self.merge(um: am, reg: reg, to: target)
        #expect(amAsUM.status == 2, "\(amAsUM.standardOutput)\(amAsUM.standardError)")
        #expect(amAsUM.standardError.contains("WSO2_AM_DB") || amAsUM.standardError.contains(" am "), "\(amAsUM.standardError)")
        #expect(amAsUM.standardError.contains("--um") || amAsUM.standardError.contains(am.path), "\(amAsUM.standardError)")
        #expect(try target.objects() == [])

        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        try server.psql(database: name, command: "CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2))")
        let unknown = Place(engine: .postgres, url: server.url(database: name))
        let unknownAsREG = try Self.merge(um: um, reg: unknown, to: target)
        #expect(unknownAsREG.status == 2, "\(unknownAsREG.standardOutput)\(unknownAsREG.standardError)")
        #expect(unknownAsREG.standardError.contains("--reg") || unknownAsREG.standardError.contains(name), "\(unknownAsREG.standardError)")
        #expect(try target.objects() == [])

        // A 4.7.0 shared database is no legacy source either.
        let shared = try Self.emptyTarget(.sqlite)
        try #require(try BuiltBinary.wso2db(["create", "shared", "--url", shared.url]).status == 0)
        let sharedAsREG = try Self.merge(um: um, reg: shared, to: target)
        #expect(sharedAsREG.status == 2, "\(sharedAsREG.standardOutput)\(sharedAsREG.standardError)")
        #expect(try target.objects() == [])
    }

    @Test("usage errors exit 64")
    func usage() throws {
        let missingTarget = try BuiltBinary.wso2db(["merge-legacy", "--um", "sqlite:/nonexistent/um.db", "--reg", "sqlite:/nonexistent/reg.db"])
        #expect(missingTarget.status == 64, "\(missingTarget.standardError)")
        let badFormat = try BuiltBinary.wso2db(
            ["merge-legacy", "--um", "sqlite:/x/um.db", "--reg", "sqlite:/x/reg.db", "--to", "sqlite:/x/t.db", "--format", "xml"])
        #expect(badFormat.status == 64, "\(badFormat.standardError)")
        let help = try BuiltBinary.wso2db(["merge-legacy", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--leave-misplaced-rows") && help.standardOutput.contains("--dry-run"))
    }

    @Test("--dry-run prints the plan, every table with its rows and backfills, and leaves the target empty", arguments: [Engine.postgres, .sqlite])
    func dryRun(engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine)
        let target = try Self.emptyTarget(engine)
        let before = try Self.before(um: um, reg: reg)
        let result = try Self.merge(um: um, reg: reg, to: target, ["--dry-run"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        try Self.checkReport(try Self.json(result), um: um, reg: reg, target: target, before: before, dryRun: true)
        #expect(try target.objects() == [], "a dry run creates nothing")

        let text = try Self.merge(um: um, reg: reg, to: target, ["--dry-run"], format: "text")
        #expect(text.status == 0, "\(text.standardError)")
        for table in ["UM_USER", "UM_TENANT_UUID", "REG_RESOURCE_TAG", "REG_CONTENT"] {
            #expect(text.standardOutput.contains(table), "the plan names \(table): \(text.standardOutput.prefix(2000))")
        }
        #expect(try target.objects() == [], "a dry run creates nothing")
        #expect(try um.fingerprint() == before.umFingerprint && reg.fingerprint() == before.regFingerprint)

        // A dry run whose checks fail says so, as the real run would.
        let conflicted = try Self.awkwardSources(engine) { um, _ in
            try Self.insert(um, "UM_DOMAIN", [["UM_DOMAIN_ID": .integer(100), "UM_DOMAIN_NAME": .null, "UM_TENANT_ID": .integer(2)]])
        }
        let refused = try Self.merge(um: conflicted.um, reg: conflicted.reg, to: target, ["--dry-run"])
        #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains("UM_DOMAIN"))
    }

    @Test("killed with SIGKILL part-way and run again with the same arguments: merged, verified, every row once")
    func killedAndResumed() throws {
        let server = try LocalPostgres.shared()
        var places: [Place] = []
        for database in ["um", "reg"] {
            let place = Place(engine: .postgres, url: server.url(database: try server.createDatabase(prefix: database)))
            let created = try BuiltBinary.wso2db(["create", database, "--version", "2.6.0", "--url", place.url])
            try #require(created.status == 0, "\(created.standardError)")
            places.append(place)
        }
        let (um, reg) = (places[0], places[1])
        try {
            let connection = try um.connect()
            let report = try LegacyDataGenerator(seed: 26, scale: Scale(factor: 8)).fill(um: connection, reg: try reg.connect())
            #expect(report.totalRows > 10_000)
        }()
        let before = try Self.before(um: um, reg: reg)

        // Killed at moments named by its own progress on stderr, not by the clock (which moves with the
        // machine's load): while creating the schema, after the third table copied, while adding keys, and
        // while verifying. Each rerun must end merged and verified, with every row as the sources hold it.
        let moments: [(name: String, resumes: Bool, when: @Sendable (String) -> Bool)] = [
            ("creating the schema", false, { $0.contains("creating WSO2_SHARED_DB") }),
            ("copying tables", true, { $0.components(separatedBy: "  copied ").count > 3 }),
            ("adding keys", true, { $0.contains("adding keys") }),
            ("verifying", true, { $0.contains("verifying every table") }),
        ]
        var killed = 0
        for (number, moment) in moments.enumerated() {
            let target = try Self.emptyTarget(.postgres)
            let run = try Self.merge(um: um, reg: reg, to: target, killWhen: moment.when)
            if run.status == 137 { killed += 1 }
            // A run can finish between the moment showing and the kill landing; it must then have succeeded.
            #expect(run.status == 137 || run.status == 0, "\(moment.name): \(run.standardError.suffix(2000))")
            let again = try Self.merge(um: um, reg: reg, to: target)
            try Self.checkMerged(again, um: um, reg: reg, target: target, before: before, sourcesUnchanged: number == moments.count - 1)
            let report = try Self.json(again)
            if run.status == 137 && moment.resumes {
                #expect(
                    report["resumed"] as? Bool == true || report["alreadyMerged"] as? Bool == true,
                    "killed while \(moment.name), the next run goes on from there: \(run.standardError.suffix(2000))")
            }
        }
        // The kill follows the progress line within a millisecond or so; every phase lasts longer than that.
        #expect(killed >= moments.count - 1, "runs killed part-way: \(killed) of \(moments.count)")
    }

    @Test(
        "two merges into one target at once: one merges; the other stops naming the lock, or waits for it and only verifies",
        arguments: [Engine.postgres, .sqlite], [false, true])
    func concurrentMerges(engine: Engine, waitForLock: Bool) throws {
        let (um, reg) = try Self.awkwardSources(engine)
        let target = try Self.emptyTarget(engine)
        let before = try Self.before(um: um, reg: reg)
        let results = Mutex<[Subprocess.Result]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let wait = waitForLock ? [] : ["--lock-timeout", "0"]
            if let result = try? Self.merge(um: um, reg: reg, to: target, wait) { results.withLock { $0.append(result) } }
        }
        let finished = results.withLock { $0 }
        try #require(finished.count == 2)
        let outcomes = finished.map { "exit \($0.status): \($0.standardError.suffix(600))" }
        let winners = finished.filter { $0.status == 0 }
        try #require(!winners.isEmpty, "one run merged: \(outcomes)")
        for result in finished where result.status != 0 {
            let message = result.standardError.lowercased()
            #expect(
                !waitForLock && result.status == 2 && (message.contains("lock") || message.contains("another")),
                "the other run stops naming the lock: \(outcomes)")
        }
        let reports = try winners.map(Self.json)
        for report in reports { #expect(report["verified"] as? Bool == true) }
        if winners.count == 2 {
            // Then the second got the lock only after the first had finished, and only verified its work.
            #expect(reports.contains { $0["alreadyMerged"] as? Bool == true }, "both runs merged: \(outcomes)")
        }
        // Whichever way they met, the target holds every row once, verified.
        try Self.checkMerged(winners[0], um: um, reg: reg, target: target, before: before)
    }

    @Test("a merge that cannot get the target's lock in time stops with exit 2 naming it, and writes nothing", arguments: [Engine.postgres, .sqlite])
    func lockHeldElsewhere(engine: Engine) throws {
        let (um, reg) = try Self.awkwardSources(engine)
        let target = try Self.emptyTarget(engine)
        let holder: any DatabaseConnection =
            engine == .postgres ? try target.connect() : try SQLiteConnection(url: SQLite.url(path: target.path), mode: .readWriteCreate)
        try holder.acquireRunLock(timeout: .seconds(1))
        let result = try Self.merge(um: um, reg: reg, to: target, ["--lock-timeout", "1"])
        holder.releaseRunLock()
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        let message = result.standardError.lowercased()
        #expect(message.contains("lock") || message.contains("another"), "\(result.standardError)")
        #expect(try target.objects() == [], "nothing was written")
    }

    @Test("a PostgreSQL target database that takes one connection: the merge does without its second ones, merged and verified")
    func oneConnectionTarget() throws {
        let server = try LocalPostgres.shared()
        let (um, reg) = try Self.awkwardSources(.postgres)
        let before = try Self.before(um: um, reg: reg)
        // The limit holds for a role that is not a superuser: the target's owner.
        let name = try server.createDatabase(prefix: "target")
        let role = "wso2db_single_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try server.psql(
            database: name, command: "CREATE ROLE \(role) LOGIN; ALTER DATABASE \"\(name)\" OWNER TO \(role); ALTER DATABASE \"\(name)\" CONNECTION LIMIT 1")
        let target = Place(engine: .postgres, url: server.url(database: name).replacingOccurrences(of: "postgres@", with: "\(role)@"))
        // The schema created while the sources are checked, the keys built two tables at once and the
        // tables read back beside the copy each want a connection of their own; none is to be had.
        let result = try Self.merge(um: um, reg: reg, to: target)
        // Checked as the server's superuser, whose checks switch foreign keys off.
        try Self.checkMerged(result, um: um, reg: reg, target: Place(engine: .postgres, url: server.url(database: name)), before: before)
    }

    @Test("a merge stopped before its verification: status and migrate refuse the target, naming the merge, and change nothing; the merge run again finishes it")
    func unfinishedMergeIsNotMigrated() throws {
        let (um, reg) = try Self.awkwardSources(.sqlite)
        let target = try Self.emptyTarget(.sqlite)
        let merged = try Self.merge(um: um, reg: reg, to: target)
        try #require(merged.status == 0, "\(merged.standardError)")
        // What a kill during verification leaves: everything copied and finished, but no history row.
        try {
            let connection = try target.connect()
            try connection.execute("DELETE FROM \"wso2db_schema_history\"")
        }()
        let fingerprint = try target.fingerprint()

        let status = try BuiltBinary.wso2db(["status", "shared", "--url", target.url])
        #expect(status.status == 2, "\(status.standardOutput)\(status.standardError)")
        #expect(status.standardError.contains("merge-legacy") && status.standardError.contains("run the same `wso2db merge-legacy` command again"), "\(status.standardError)")
        for extra in [[], ["--baseline-anyway"]] {
            let migrate = try BuiltBinary.wso2db(["migrate", "shared", "--url", target.url] + extra)
            #expect(migrate.status == 2, "\(extra): \(migrate.standardOutput)\(migrate.standardError)")
            #expect(migrate.standardError.contains("merge-legacy"), "\(migrate.standardError)")
        }
        #expect(try target.fingerprint() == fingerprint, "status and migrate changed nothing")

        let again = try Self.merge(um: um, reg: reg, to: target)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try Self.json(again)["alreadyMerged"] as? Bool == true)
        let after = try BuiltBinary.wso2db(["status", "shared", "--url", target.url])
        #expect(after.status == 0, "\(after.standardError)")
        #expect(after.standardOutput.contains("is at 4.7.0"), "\(after.standardOutput)")
    }
}
