import Foundation
import LegacyData
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// `wso2db migrate am` and `status am` as a user runs them: on SQLite databases `create` makes at every release,
/// on PostgreSQL databases WSO2's scripts make, killed inside a step, refused by the pre-check, and held against
/// WSO2's own migration SQL where a step transforms data.
@Suite("wso2db migrate am and status am")
struct MigrateAMTests {
    /// Every release with a later one, oldest first.
    static let releases = ["2.1.0", "2.2.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0", "3.2.0", "4.0.0", "4.1.0", "4.2.0", "4.3.0", "4.4.0", "4.5.0", "4.6.0"]

    static func json(_ result: Subprocess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(result.standardError)")
    }

    /// A PostgreSQL database built by WSO2's script of `release`, filled with rows that keep later releases' rules.
    static func postgres(_ release: String) throws -> (LocalPostgres, String) {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        let script = try #require(ReleaseScript.apiManagers.first { $0.release == release }).script
        try server.psql(database: name, file: try DetectTests.reference(script))
        let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: name)))
        try SchemaFiller.keepingLaterRules(of: .am, after: release).fill(try connection.inspectSchema(), on: connection)
        return (server, name)
    }

    /// A copy of a database, by PostgreSQL's template mechanism.
    static func copy(_ server: LocalPostgres, _ name: String) throws -> String {
        let copy = "c" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        _ = try server.psql(database: "postgres", command: "CREATE DATABASE \(copy) TEMPLATE \(name)")
        return copy
    }

    @Test("SQLite: create at each release, fill, migrate am to 4.7.0: no drift from 4.7.0, a rerun is up to date", arguments: releases)
    func sqlite(_ release: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-am-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = "sqlite:\(folder)/am.sqlite"
        let create = try BuiltBinary.wso2db("create", "am", "--version", release, "--url", url)
        #expect(create.status == 0, "\(create.standardError)")
        let connection = try SQLiteConnection(url: SQLite.url(path: folder + "/am.sqlite"), mode: .readWrite)
        try SchemaFiller.keepingLaterRules(of: .am, after: release).fill(try connection.inspectSchema(), on: connection)
        let counts = try Self.counts(connection, release)

        let status = try BuiltBinary.wso2db("status", "am", "--url", url, "--format", "json")
        #expect(status.status == 0, "\(status.standardError)")
        #expect(try Self.json(status)["current"] as? String == release)
        #expect((try Self.json(status)["pending"] as? [Any])?.count == Self.releases.count - Self.releases.firstIndex(of: release)!)

        let migrate = try BuiltBinary.wso2db("migrate", "am", "--url", url, "--allow-destructive", "--format", "json")
        #expect(migrate.status == 0, "\(migrate.standardOutput)\(migrate.standardError)")
        #expect(try Self.json(migrate)["to"] as? String == "4.7.0")
        // What WSO2's tools still do is named, not skipped: from 3.2.0 or earlier, the 4.0.0 client and re-indexing.
        let left = try Self.json(migrate)["stillToDo"] as? [String] ?? []
        #expect(!left.isEmpty)
        #expect(left.contains { $0.contains("reg-index.sql") } == (release.compare("4.0.0", options: .numeric) == .orderedAscending), "\(left)")
        let drift = try BuiltBinary.wso2db("drift", "am", "--version", "4.7.0", "--url", url)
        #expect(drift.status == 0, "\(drift.standardOutput)\(drift.standardError)")
        // Every row of every table both releases have is still there (a step may add seeds, never lose a row here).
        for (table, count) in counts where try Catalog.schema(for: .am, version: "4.7.0").table(named: table) != nil {
            let now = try connection.query("SELECT count(*) FROM \(connection.dialect.quote(table))").rows.first?.first?.integerValue ?? -1
            #expect(now >= count || Self.deletesRows(table), "\(table): \(count) rows before, \(now) after")
        }
        let again = try BuiltBinary.wso2db("migrate", "am", "--url", url)
        #expect(again.status == 0 && again.standardOutput.contains("up to date"), "\(again.standardOutput)\(again.standardError)")
    }

    /// Tables a step deletes rows from by design (see the steps' doc comments).
    static func deletesRows(_ table: String) -> Bool {
        ["AM_GW_API_ARTIFACTS", "IDN_OIDC_SCOPE_CLAIM_MAPPING", "IDN_OAUTH2_SCOPE_BINDING", "AM_ALERT_TYPES", "AM_ALERT_TYPES_VALUES"]
            .contains(table.uppercased())
    }

    static func counts(_ connection: any DatabaseConnection, _ release: String) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in try Catalog.schema(for: .am, version: release).tables {
            counts[table.name] = try connection.query("SELECT count(*) FROM \(connection.dialect.quote(table.name))").rows.first?.first?.integerValue
        }
        return counts
    }

    @Test("status am places a database WSO2's script made by detect, and one wso2db created by its history")
    func status() throws {
        let (server, name) = try Self.postgres("3.2.0")
        let url = server.url(database: name)
        let detected = try BuiltBinary.wso2db("status", "am", "--url", url)
        #expect(detected.status == 0, "\(detected.standardError)")
        #expect(detected.standardOutput.contains("is at 3.2.0 (placed by detect as WSO2_AM_DB)"), "\(detected.standardOutput)")
        #expect(detected.standardOutput.contains("pending  4.0.0"), "\(detected.standardOutput)")

        let created = try server.createDatabase()
        #expect(try BuiltBinary.wso2db("create", "am", "--version", "4.1.0", "--url", server.url(database: created)).status == 0)
        let recorded = try BuiltBinary.wso2db("status", "am", "--url", server.url(database: created), "--format", "json")
        #expect(recorded.status == 0, "\(recorded.standardError)")
        let document = try Self.json(recorded)
        #expect(document["current"] as? String == "4.1.0")
        #expect((document["pending"] as? [[String: Any]])?.compactMap { $0["version"] as? String } == ["4.2.0", "4.3.0", "4.4.0", "4.5.0", "4.6.0", "4.7.0"])

        // The shared database's commands name what they found.
        let wrong = try BuiltBinary.wso2db("migrate", "shared", "--url", url)
        #expect(wrong.status == 2 && wrong.standardError.contains("WSO2_AM_DB"), "\(wrong.standardError)")
    }

    @Test("the pre-check names rows a new NOT NULL or foreign key would reject, with table, key and count, and changes nothing")
    func preCheck() throws {
        let (server, name) = try Self.postgres("3.0.0")
        let url = server.url(database: name)
        let connection = try PostgresConnection(url: PostgreSQL.url(url))
        // A claim of no dialect: 3.1.0 requires one (IS 5.10 always writes it).
        try connection.execute("UPDATE idn_claim SET dialect_id = NULL")
        let rows = try connection.query("SELECT count(*) FROM idn_claim").rows.first?.first?.integerValue ?? 0
        let refused = try BuiltBinary.wso2db("migrate", "am", "--url", url, "--allow-destructive")
        #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains("IDN_CLAIM: \(rows) rows break DIALECT_ID NOT NULL of 3.1.0"), "\(refused.standardError)")
        #expect(refused.standardError.contains("nothing was changed"))
        let drift = try BuiltBinary.wso2db("drift", "am", "--version", "3.0.0", "--url", url)
        #expect(drift.status == 0, "still exactly 3.0.0: \(drift.standardOutput)")
    }
}
