import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Synchronization
import Testing
import WSO2Catalog
import WSO2Schema

/// `migrate shared` through every release that changed the schema, from every shared and legacy release: each
/// stop structurally identical to that release's own WSO2 script (wso2db's inspector and differ, through
/// `drift --expected-sql`), every row kept, a rerun a no-op, and refusals that change nothing.
@Suite("migrate shared: the chain through every release")
struct ReleaseMigrateTests {
    /// The releases a shared database can start from, one per distinct schema below 4.7.0's.
    static let starts = ["2.1.0", "2.6.0", "3.0.0", "3.2.0", "4.0.0", "4.1.0"]

    /// The catalog schema a database of `release` has (the 2.x ones are legacy UM/REG databases).
    static func schema(_ release: String) throws -> Schema {
        try Catalog.schema(for: Catalog.versions(of: .shared).contains(release) ? .shared : .um, version: release)
    }

    /// `shared`, or `um` for a legacy release: the database argument `drift` and `create` take for it.
    static func database(_ release: String) -> String { Catalog.versions(of: .shared).contains(release) ? "shared" : "um" }

    /// WSO2's PostgreSQL script of `release`, as the reference folder names it.
    static func script(_ release: String) throws -> String {
        let found = try #require(ReleaseScript.kernels.first { $0.sharing.contains(release) }, "no kernel script ships \(release)")
        return try DetectTests.reference(found.script)
    }

    /// One template database per starting release, made by WSO2's script and filled, built once: each test
    /// works on its own copy.
    static let templates = Mutex<[String: String]>([:])

    /// A copy of the filled template of `release`, and a connection to it.
    static func postgres(from release: String) throws -> (url: String, connection: PostgresConnection) {
        let server = try LocalPostgres.shared()
        let template = try templates.withLock { templates -> String in
            if let name = templates[release] { return name }
            let name = try server.createDatabase(prefix: "chain_template")
            try server.psql(database: name, file: try script(release))
            try {
                let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: name)))
                try TableData.fill(connection, schema: try schema(release), rows: 12)
            }()
            templates[release] = name
            return name
        }
        let name = "chain_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        // A template is copied only while no one is connected to it: one copy at a time.
        _ = try templates.withLock { _ in try server.psql(database: "postgres", command: "CREATE DATABASE \"\(name)\" TEMPLATE \"\(template)\"") }
        let url = server.url(database: name)
        return (url, try PostgresConnection(url: PostgreSQL.url(url)))
    }

    /// A SQLite database made by `create` at `release` and filled.
    static func sqlite(from release: String) throws -> (url: String, connection: SQLiteConnection) {
        let (url, connection) = try MigrateTests.sqlite(database(release), version: release, schema: try schema(release), rows: 12)
        return (url, connection)
    }

    /// The versions of the chain: one release of each schema, the newest.
    static let path = ["2.1.0", "2.6.0", "3.0.0", "3.2.0", "4.0.0", "4.1.0", "4.7.0"]

    /// Every release that ships the schema `release` has.
    static func sharing(_ release: String) -> [String] {
        let shared = Catalog.versions(sharingSchemaOf: .shared, version: release)
        return shared.isEmpty ? Catalog.versions(sharingSchemaOf: .um, version: release) : shared
    }

    /// The stops of a walk from `start` with `--to`: one release of each schema after it, an alias where `aliases`
    /// names one; the last one has 4.7.0's schema.
    static func stops(after start: String, aliases: [String]) -> [String] {
        path.drop { $0 != start }.dropFirst().map { version in aliases.first { sharing(version).contains($0) } ?? version }
    }

    /// `migrate --to release` stops there, reported and recorded as the release named, the rows as they were.
    static func migrate(_ url: String, to release: String?) throws {
        var arguments = ["migrate", "shared", "--url", url]
        if let release { arguments += ["--to", release] }
        let run = try BuiltBinary.wso2db(arguments)
        #expect(run.status == 0, "\(arguments): \(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("is at \(release ?? "4.7.0")\n"), "\(run.standardOutput)")
        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url, "--format", "json"])
        #expect(status.status == 0, "\(status.standardOutput)\(status.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(document["current"] as? String == release ?? "4.7.0")
        #expect((document["checksumMismatches"] as? [Any])?.isEmpty == true)
    }

    /// The database has exactly the structure of `release`: WSO2's script on PostgreSQL, the catalog on SQLite.
    static func expectStructure(_ url: String, of release: String, postgres: Bool) throws {
        var arguments = ["drift", database(release), "--url", url]
        arguments += postgres ? ["--expected-sql", try script(release)] : ["--version", release]
        let drift = try BuiltBinary.wso2db(arguments)
        #expect(drift.status == 0, "at \(release): \(drift.standardOutput)\(drift.standardError)")
    }

    /// Walks from `start` to 4.7.0's schema with `--to` at every schema on the way, checking each stop; then
    /// checks the end. The last stop may be a release that shares 4.7.0's schema: the database stays that release.
    static func walk(_ url: String, _ connection: any DatabaseConnection, from start: String, aliases: [String], postgres: Bool) throws {
        let before = try TableData.snapshot(connection, schema: try schema(start))
        for release in stops(after: start, aliases: aliases) {
            try migrate(url, to: release)
            try expectStructure(url, of: release, postgres: postgres)
            #expect(try TableData.snapshot(connection, schema: try schema(start)) == before, "rows kept at \(release)")
        }
        try MigrateTests.checkMigrated(
            connection, url: url, before: before, from: try schema(start), expectedSQL: postgres ? "shared-postgresql-kernel-v4.11.18.sql" : nil,
            release: stops(after: start, aliases: aliases).last ?? "4.7.0")
    }

    @Test("the walk's stops are one release of each schema, aliases as asked")
    func walkStops() {
        #expect(Self.stops(after: "2.1.0", aliases: ["2.2.0", "3.1.0", "4.2.0"]) == ["2.2.0", "3.0.0", "3.1.0", "4.0.0", "4.1.0", "4.2.0"])
        #expect(Self.stops(after: "3.2.0", aliases: []) == ["4.0.0", "4.1.0", "4.7.0"])
    }

    @Test("PostgreSQL: from each release's WSO2 script, filled, in one run to 4.7.0: identical to WSO2's 4.7.0 script, every row kept, a rerun a no-op", arguments: starts)
    func postgresToNewest(from start: String) throws {
        let (url, connection) = try Self.postgres(from: start)
        let before = try TableData.snapshot(connection, schema: try Self.schema(start))
        let run = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let steps = Self.path.drop { $0 != start }.dropFirst().count
        #expect(run.standardOutput.components(separatedBy: "migrated to ").count - 1 == steps, "\(run.standardOutput)")
        try MigrateTests.checkMigrated(connection, url: url, before: before, from: try Self.schema(start), expectedSQL: "shared-postgresql-kernel-v4.11.18.sql")
    }

    @Test("PostgreSQL: from 2.1.0 with --to each release on the way (2.2.0, 3.0.0, 3.1.0, 4.0.0, 4.1.0, 4.2.0): each stop identical to that release's WSO2 script")
    func postgresWalk() throws {
        let (url, connection) = try Self.postgres(from: "2.1.0")
        try Self.walk(url, connection, from: "2.1.0", aliases: ["2.2.0", "3.1.0", "4.2.0"], postgres: true)
    }

    @Test("SQLite: created at each release, filled, migrated: 4.7.0 exactly, every row kept", arguments: starts)
    func sqliteToNewest(from start: String) throws {
        let (url, connection) = try Self.sqlite(from: start)
        let before = try TableData.snapshot(connection, schema: try Self.schema(start))
        let run = try BuiltBinary.wso2db(["migrate", Self.database(start), "--url", url])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        try MigrateTests.checkMigrated(connection, url: url, before: before, from: try Self.schema(start), expectedSQL: nil)
    }

    @Test("SQLite: from 2.1.0 with --to each release on the way (2.5.0, 3.0.0, 3.2.0, 4.0.0, 4.1.0, 4.6.0)")
    func sqliteWalk() throws {
        let (url, connection) = try Self.sqlite(from: "2.1.0")
        try Self.walk(url, connection, from: "2.1.0", aliases: ["2.5.0", "3.2.0", "4.6.0"], postgres: false)
    }

    @Test(
        "PostgreSQL: rows a later step's new UNIQUE or NOT NULL would reject: refused before the first change, each named by table, key and count",
        arguments: ["2.1.0", "3.2.0"])
    func refusals(from start: String) throws {
        let (url, connection) = try Self.postgres(from: start)
        let expected: [String]
        if start == "2.1.0" {
            try connection.execute(
                """
                INSERT INTO um_permission (um_id, um_resource_id, um_action, um_tenant_id) VALUES (100, '/p', 'read', 1), (101, '/p', 'read', 1);
                INSERT INTO um_hybrid_role (um_id, um_role_name, um_tenant_id) VALUES (100, NULL, 1)
                """)
            expected = [
                "UM_PERMISSION: 2 rows break UNIQUE (UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID) of 2.6.0: (UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID) = ('/p', 'read', 1) 2 times",
                "UM_HYBRID_ROLE: 1 row breaks UM_ROLE_NAME NOT NULL of 3.0.0: (UM_ID, UM_TENANT_ID) = (100, 1)",
            ]
        } else {
            // 3.x keys users by (UUID, tenant) only: a name twice in a tenant, a UUID in two tenants.
            try connection.execute(
                """
                INSERT INTO um_user (um_id, um_user_id, um_user_name, um_user_password, um_changed_time, um_tenant_id) VALUES
                  (100, 'same-uuid', 'alice', 'x', now(), 1), (101, 'other-uuid', 'alice', 'y', now(), 1), (102, 'same-uuid', 'bob', 'z', now(), 2)
                """)
            expected = [
                "UM_USER: 2 rows break UNIQUE (UM_USER_ID) of 4.7.0: (UM_USER_ID) = ('same-uuid') 2 times",
                "UM_USER: 2 rows break UNIQUE (UM_USER_NAME, UM_TENANT_ID) of 4.7.0: (UM_USER_NAME, UM_TENANT_ID) = ('alice', 1) 2 times",
            ]
        }
        let server = try LocalPostgres.shared()
        // pg_dump writes a fresh random \restrict key each time; everything else must be identical.
        let dump = {
            try LocalPostgres.run(server.binDirectory + "/pg_dump", ["--no-owner", "-d", url])
                .split(separator: "\n").filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }.joined(separator: "\n")
        }
        let before = try dump()
        for target in [nil, "4.7.0"] as [String?] {
            let result = try BuiltBinary.wso2db(["migrate", "shared", "--url", url] + (target.map { ["--to", $0] } ?? []))
            #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
            for line in expected { #expect(result.standardError.contains(line), "\(result.standardError)") }
        }
        #expect(try dump() == before, "the database is unchanged")
        // --to a release before the rule's step runs the steps that are clear of it.
        if start == "2.1.0" {
            let early = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--to", "2.2.0"])
            #expect(early.status == 2 && early.standardError.contains("UM_PERMISSION: 2 rows break"), "\(early.standardError)")
            #expect(!early.standardError.contains("UM_HYBRID_ROLE"), "the step to 3.0.0 is not part of this run")
        } else {
            #expect(try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--to", "4.1.0"]).status == 0)
        }
    }
}
