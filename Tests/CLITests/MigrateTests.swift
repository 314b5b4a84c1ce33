import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Synchronization
import Testing
import WSO2Catalog
import WSO2Schema

/// `wso2db migrate` and `status` end to end, on databases made by WSO2's own scripts and full of data.
@Suite("wso2db migrate")
struct MigrateTests {
    static let legacy = try! Catalog.schema(for: .um, version: "2.6.0")
    static let shared400 = try! Catalog.schema(for: .shared, version: "4.0.0")
    static let shared470 = try! Catalog.schema(for: .shared, version: "4.7.0")

    /// A PostgreSQL database made by WSO2's script for `schema`'s version, filled with rows.
    static func postgres(script: String, schema: Schema, rows: Int = 30) throws -> (LocalPostgres, String, PostgresConnection) {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        try server.psql(database: name, file: try DetectTests.reference(script))
        let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: name)))
        try TableData.fill(connection, schema: schema, rows: rows)
        return (server, name, connection)
    }

    /// A SQLite database made by `create` at `version` of `database`, filled with rows.
    static func sqlite(_ database: String, version: String, schema: Schema, rows: Int = 30) throws -> (String, SQLiteConnection) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-migrate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/db.sqlite"
        try #require(try BuiltBinary.wso2db(["create", database, "--version", version, "--url", "sqlite:\(path)"]).status == 0)
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        try TableData.fill(connection, schema: schema, rows: rows)
        return ("sqlite:\(path)", connection)
    }

    /// Everything a finished migration must show; `release` is the release of 4.7.0's schema it was migrated to.
    static func checkMigrated(
        _ connection: any DatabaseConnection, url: String, before: [String: [String]], from schema: Schema, expectedSQL: String?,
        release: String = "4.7.0"
    ) throws {
        // No structural difference from 4.7.0: WSO2's own script where there is one, the catalog otherwise.
        var drift = ["drift", "shared", "--url", url]
        if let expectedSQL { drift += ["--expected-sql", try DetectTests.reference(expectedSQL)] }
        let structure = try BuiltBinary.wso2db(drift)
        #expect(structure.status == 0, "\(structure.standardOutput)\(structure.standardError)")
        #expect(try BuiltBinary.wso2db(["drift", "shared", "--url", url]).status == 0)
        // Every row kept, exactly as many times, with the same values.
        #expect(try TableData.snapshot(connection, schema: schema) == before)
        // The new UUID columns are filled and unique.
        for (table, column) in [("UM_USER", "UM_USER_ID"), ("UM_TENANT", "UM_TENANT_UUID")] {
            let counts = try connection.query(
                "SELECT count(*), count(DISTINCT \"\(column.lowercased())\"), count(\"\(column.lowercased())\") FROM \"\(table.lowercased())\"")
            let row = try #require(counts.rows.first)
            #expect(row[0] == row[1] && row[1] == row[2] && (row[0].integerValue ?? 0) > 0, "\(table).\(column): \(row)")
        }
        // The new keys are filled from their sequences: every row has a distinct ID.
        for table in ["REG_RESOURCE_TAG", "REG_RESOURCE_PROPERTY", "UM_SHARED_USER_ROLE"] {
            let row = try #require(try connection.query("SELECT count(*), count(DISTINCT \"id\") FROM \"\(table.lowercased())\"").rows.first)
            #expect(row[0] == row[1], "\(table)")
        }
        try MergeLegacyTests.checkInsertsUseSequences(connection, positions: [:])
        // The history holds each step once, and a second run has nothing to do.
        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url, "--format", "json"])
        #expect(status.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(document["current"] as? String == release)
        let migrations = (document["applied"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "migrate" }
        #expect(Set(migrations.compactMap { $0["version"] as? String }).count == migrations.count)
        let again = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(again.status == 0)
        #expect(again.standardOutput.hasPrefix("up to date") && again.standardOutput.hasSuffix(" is at \(release)\n"), "\(again.standardOutput)")
    }

    @Test("PostgreSQL: WSO2's 2.6.0 database full of data migrates to WSO2's 4.7.0 structure, every row kept")
    func postgresFrom260() throws {
        let (server, name, connection) = try Self.postgres(script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", schema: Self.legacy)
        let before = try TableData.snapshot(connection, schema: Self.legacy)
        let url = server.url(database: name)
        let result = try BuiltBinary.wso2db(["migrate", "um", "--url", url])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("migrated to 4.0.0") && result.standardOutput.contains("migrated to 4.7.0"))
        try Self.checkMigrated(connection, url: url, before: before, from: Self.legacy, expectedSQL: "shared-postgresql-kernel-v4.11.18.sql")
    }

    @Test("PostgreSQL: WSO2's 4.0.0 database full of data migrates to 4.7.0, every row kept")
    func postgresFrom400() throws {
        let (server, name, connection) = try Self.postgres(script: "shared-postgresql-kernel-v4.6.2.sql", schema: Self.shared400)
        // 4.0.0 already has the UUID columns: give them values as a 4.0.0 server would have.
        try connection.execute("UPDATE um_user SET um_user_id = gen_random_uuid()::text; UPDATE um_tenant SET um_tenant_uuid = gen_random_uuid()::text")
        let before = try TableData.snapshot(connection, schema: Self.shared400)
        let url = server.url(database: name)
        let dryRun = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.standardOutput.contains("is at 4.0.0"))
        #expect(dryRun.standardOutput.contains("ALTER TABLE \"reg_resource_tag\" ADD CONSTRAINT \"reg_resource_tag_pkey\" PRIMARY KEY (\"id\")"))
        #expect(try TableData.snapshot(connection, schema: Self.shared400) == before, "a dry run changes nothing")
        let result = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(!result.standardOutput.contains("4.0.0 in"), "only the step to 4.7.0 runs")
        try Self.checkMigrated(connection, url: url, before: before, from: Self.shared400, expectedSQL: "shared-postgresql-kernel-v4.11.18.sql")
    }

    @Test("SQLite: a 2.6.0 database made by create and full of data migrates to 4.7.0; drift then reports nothing")
    func sqliteFrom260() throws {
        let (url, connection) = try Self.sqlite("um", version: "2.6.0", schema: Self.legacy)
        let before = try TableData.snapshot(connection, schema: Self.legacy)
        let result = try BuiltBinary.wso2db(["migrate", "um", "--url", url])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        try Self.checkMigrated(connection, url: url, before: before, from: Self.legacy, expectedSQL: nil)
    }

    @Test("rows the new rules would reject: exit 2, each named by its key, the database unchanged (PostgreSQL)")
    func postgresConflicts() throws {
        let (server, name, connection) = try Self.postgres(script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", schema: Self.legacy, rows: 5)
        try connection.execute(
            """
            INSERT INTO um_hybrid_role (um_id, um_role_name, um_tenant_id) VALUES (100, 'Internal/everyone', -1234), (101, 'Internal/everyone', -1234);
            INSERT INTO um_domain (um_domain_id, um_domain_name, um_tenant_id) VALUES (100, NULL, 7);
            INSERT INTO reg_path (reg_path_id, reg_path_value, reg_tenant_id) VALUES (100, '/_system/dup', 1), (101, '/_system/dup', 1);
            """)
        // pg_dump writes a fresh random \restrict key each time; everything else must be identical.
        let dump = {
            try LocalPostgres.run(server.binDirectory + "/pg_dump", ["--no-owner", "-d", server.url(database: name)])
                .split(separator: "\n").filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }.joined(separator: "\n")
        }
        let before = try dump()
        let result = try BuiltBinary.wso2db(["migrate", "um", "--url", server.url(database: name)])
        #expect(result.status == 2)
        #expect(result.standardError.contains("UM_HYBRID_ROLE"))
        #expect(result.standardError.contains("'Internal/everyone', -1234) 2 times"))
        #expect(result.standardError.contains("UM_DOMAIN_NAME NOT NULL"))
        #expect(result.standardError.contains("(UM_DOMAIN_ID, UM_TENANT_ID) = (100, 7)"))
        #expect(result.standardError.contains("'/_system/dup', 1) 2 times"))
        #expect(try dump() == before, "the database is unchanged")
    }

    @Test("rows the new rules would reject: exit 2 and the SQLite file byte for byte unchanged")
    func sqliteConflicts() throws {
        let (url, connection) = try Self.sqlite("um", version: "2.6.0", schema: Self.legacy, rows: 5)
        try connection.execute("INSERT INTO UM_SYSTEM_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES (100, 'x', 3), (101, 'x', 3)")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let path = String(url.dropFirst("sqlite:".count))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try BuiltBinary.wso2db(["migrate", "um", "--url", url])
        #expect(result.status == 2)
        #expect(result.standardError.contains("UM_SYSTEM_ROLE: 2 rows break UNIQUE (UM_ROLE_NAME, UM_TENANT_ID) of 3.0.0"))
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("killed with SIGKILL at many moments and run again: the same finished, verified result", arguments: ["postgres", "sqlite"])
    func killedAndRerun(engine: String) throws {
        let connection: any DatabaseConnection
        let url: String
        if engine == "postgres" {
            let (server, name, postgres) = try Self.postgres(script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", schema: Self.legacy, rows: 200)
            (connection, url) = (postgres, server.url(database: name))
        } else {
            (url, connection) = try Self.sqlite("um", version: "2.6.0", schema: Self.legacy, rows: 200)
        }
        let before = try TableData.snapshot(connection, schema: Self.legacy)
        var killed = 0
        for milliseconds in [30, 60, 90, 120, 160, 200, 250, 300, 400, 600] {
            let run = try BuiltBinary.wso2db(["migrate", "um", "--url", url], killAfter: .milliseconds(milliseconds))
            #expect(run.status == 137 || run.status == 0, "\(run.standardError)")
            if run.status == 137 { killed += 1 }
            // Whatever moment it died at, the database is at a recorded step boundary.
            let status = try BuiltBinary.wso2db(["status", "um", "--url", url])
            #expect(status.status == 0, "\(status.standardOutput)\(status.standardError)")
        }
        #expect(killed > 0, "at least one run was killed part-way")
        let final = try BuiltBinary.wso2db(["migrate", "um", "--url", url])
        #expect(final.status == 0, "\(final.standardOutput)\(final.standardError)")
        try Self.checkMigrated(connection, url: url, before: before, from: Self.legacy, expectedSQL: nil)
    }

    @Test("two runs at once: each step is applied once; the other run waits, then finds nothing to do", arguments: ["postgres", "sqlite"])
    func concurrentRuns(engine: String) throws {
        let url: String
        let connection: any DatabaseConnection
        if engine == "postgres" {
            let (server, name, postgres) = try Self.postgres(script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", schema: Self.legacy, rows: 100)
            (connection, url) = (postgres, server.url(database: name))
        } else {
            (url, connection) = try Self.sqlite("um", version: "2.6.0", schema: Self.legacy, rows: 100)
        }
        let results = Mutex<[Subprocess.Result]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            if let result = try? BuiltBinary.wso2db(["migrate", "um", "--url", url]) { results.withLock { $0.append(result) } }
        }
        let finished = results.withLock { $0 }
        #expect(finished.count == 2)
        for result in finished {
            #expect(result.status == 0 || result.standardError.contains("another"), "\(result.standardOutput)\(result.standardError)")
        }
        #expect(finished.contains { $0.status == 0 })
        let history = try connection.query(
            "SELECT \"version\", count(*) FROM \(connection.dialect.bookkeepingTable("schema_history")) WHERE \"kind\" = 'migrate' GROUP BY \"version\" ORDER BY 1"
        ).rows
        #expect(history.map { $0.map(TableData.render) } == ["3.0.0", "3.2.0", "4.0.0", "4.1.0", "4.7.0"].map { ["'\($0)'", "1"] })
    }

    @Test("a database newer than any known version, or with drift and no history, is refused untouched")
    func refusals() throws {
        let (url, connection) = try Self.sqlite("shared", version: "4.7.0", schema: Self.shared470, rows: 3)
        try connection.execute("UPDATE wso2db_schema_history SET version = '9.9.0'")
        let newer = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(newer.status == 2)
        #expect(newer.standardError.contains("newer than any version"))

        let (url2, legacy) = try Self.sqlite("um", version: "2.6.0", schema: Self.legacy, rows: 3)
        try legacy.execute("DELETE FROM wso2db_schema_history; ALTER TABLE UM_USER ADD COLUMN LOCAL_NOTE TEXT")
        let drifted = try BuiltBinary.wso2db(["migrate", "um", "--url", url2])
        #expect(drifted.status == 2)
        #expect(drifted.standardError.contains("column UM_USER.LOCAL_NOTE"))
        #expect(drifted.standardError.contains("--baseline-anyway"))
        #expect(try legacy.query("SELECT count(*) FROM wso2db_schema_history").rows.first?.first == .integer(0))
        let anyway = try BuiltBinary.wso2db(["migrate", "um", "--url", url2, "--baseline-anyway"])
        #expect(anyway.status == 0, "\(anyway.standardError)")
        let drift = try BuiltBinary.wso2db(["drift", "shared", "--url", url2, "--format", "json"])
        #expect(drift.status == 1, "the accepted extra column is still there, and is the only difference")
        #expect(drift.standardOutput.contains("LOCAL_NOTE"))
        #expect(!drift.standardOutput.contains("\"missing\""))

        let am = try BuiltBinary.wso2db(["migrate", "am", "--url", url2])
        #expect(am.status == 64)
    }

    @Test("a step changed after it was applied is reported by status and stops migrate")
    func changedStep() throws {
        let (url, connection) = try Self.sqlite("um", version: "2.6.0", schema: Self.legacy, rows: 3)
        #expect(try BuiltBinary.wso2db(["migrate", "um", "--url", url, "--to", "4.0.0"]).status == 0)
        try connection.execute("UPDATE wso2db_schema_history SET checksum = '0123456789abcdef' WHERE kind = 'migrate'")
        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url])
        #expect(status.status == 1)
        #expect(status.standardOutput.contains("checksum mismatch: the step to 4.0.0"))
        let migrate = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(migrate.status == 2)
        #expect(migrate.standardError.contains("will not continue past it"))
        #expect(try connection.query("SELECT count(*) FROM wso2db_schema_history WHERE version = '4.7.0'").rows.first?.first == .integer(0))
    }

    @Test("PostgreSQL: a run that cannot get the lock in time stops with exit 2 naming the holder, and changes nothing")
    func lockHeldElsewhere() throws {
        let (server, name, connection) = try Self.postgres(script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", schema: Self.legacy, rows: 3)
        try connection.acquireRunLock(timeout: .seconds(1))
        let holder = try #require(try connection.query("SELECT pg_backend_pid()").rows.first?.first?.integerValue)
        let result = try BuiltBinary.wso2db(["migrate", "um", "--url", server.url(database: name), "--lock-timeout", "1"])
        connection.releaseRunLock()
        #expect(result.status == 2)
        #expect(result.standardError.contains("server process \(holder)"))
        #expect(result.standardError.contains("waited 1 s"))
        let history = try connection.query("SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'wso2db'").rows.first?.first
        #expect(history == .integer(0), "no bookkeeping was written")
    }
}
