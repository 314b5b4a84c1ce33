import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing
import WSO2Catalog

/// Where a step transforms data, wso2db's result is held against WSO2's own migration SQL run on a copy of the
/// same rows: the tables the script touches hold the same rows on the columns both results have (values the
/// script draws at random, such as UUIDs, compared by shape and count instead).
/// Also `migrate am` killed with SIGKILL inside a step's transaction and run again ends as an uninterrupted run.
@Suite("wso2db migrate am against WSO2's migration SQL, and killed")
struct MigrateAMScriptTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var from: String
        var to: String
        var script: String
        var tables: [String]
        /// `TABLE.COLUMN` drawn at random by both: distinct UUID-shaped values in every row, compared by count.
        var random: Set<String> = []
        /// `TABLE.COLUMN` the two fill differently by design (the step's doc comment says why).
        var differ: Set<String> = []
        var testDescription: String { "\(from) → \(to)" }
    }

    static let cases: [Case] = [
        Case(
            from: "2.5.0", to: "2.6.0", script: "migration-apim-am-client-250to260-postgresql.sql",
            tables: ["AM_SUBSCRIBER", "AM_APPLICATION", "AM_API", "AM_SUBSCRIPTION", "AM_API_LC_EVENT", "AM_API_COMMENTS"]),
        Case(
            from: "2.6.0", to: "3.0.0", script: "migration-apim-am-2.6.0_to_3.0.0-postgresql.sql",
            tables: ["AM_API_COMMENTS", "AM_API_RATINGS", "IDN_OAUTH2_SCOPE_BINDING", "AM_POLICY_SUBSCRIPTION", "AM_API"],
            random: ["AM_API_COMMENTS.COMMENT_ID", "AM_API_RATINGS.RATING_ID"]),
        Case(
            from: "3.0.0", to: "3.1.0", script: "migration-apim-am-3.0.0_to_3.1.0-postgresql.sql",
            tables: ["AM_SYSTEM_APPS", "IDN_OAUTH2_SCOPE_BINDING", "AM_API_CATEGORIES", "AM_USER"],
            // IS 5.10's binding type, which WSO2's identity client (not this script) fills.
            differ: ["IDN_OAUTH2_SCOPE_BINDING.BINDING_TYPE"]),
        Case(
            from: "3.1.0", to: "3.2.0", script: "migration-apim-am-3.1.0_to_3.2.0-postgresql.sql",
            tables: [
                "AM_APPLICATION_KEY_MAPPING", "AM_APPLICATION_REGISTRATION", "IDN_OAUTH_CONSUMER_APPS", "AM_WORKFLOWS", "AM_SUBSCRIPTION",
                "AM_POLICY_SUBSCRIPTION",
            ],
            random: ["AM_APPLICATION_KEY_MAPPING.UUID"]),
        Case(
            from: "3.2.0", to: "4.0.0", script: "migration-apim-am-3.2.0_to_4.0.0-postgresql.sql",
            tables: ["AM_API_COMMENTS", "AM_API_CLIENT_CERTIFICATE", "AM_POLICY_SUBSCRIPTION", "AM_API_URL_MAPPING", "AM_GW_API_ARTIFACTS", "AM_API"]),
        Case(
            from: "4.0.0", to: "4.1.0", script: "migration-apim-am-4.0.0_to_4.1.0-postgresql.sql",
            tables: ["AM_API", "AM_APPLICATION", "AM_API_CATEGORIES"],
            // WSO2's script leaves them NULL for its Java client; wso2db fills the super tenant's (see AM4_1_0).
            differ: ["AM_API.ORGANIZATION", "AM_APPLICATION.ORGANIZATION", "AM_API_CATEGORIES.ORGANIZATION"]),
    ]

    /// The rows of `table` on `columns`, as sorted JSON.
    static func rows(_ connection: PostgresConnection, _ table: String, _ columns: [String]) throws -> [String] {
        let pairs = columns.map { "'\($0)', \(connection.dialect.quote($0))" }.joined(separator: ", ")
        return try connection.query("SELECT jsonb_build_object(\(pairs))::text FROM \(connection.dialect.quote(table))").rows
            .map { $0[0].textValue ?? "" }.sorted()
    }

    static func columns(_ connection: PostgresConnection, _ table: String) throws -> Set<String> {
        Set(try connection.inspectSchema().table(named: table)?.columns.map { $0.name.uppercased() } ?? [])
    }

    @Test("the tables WSO2's migration SQL touches hold what wso2db's step gives them", arguments: cases)
    func againstWSO2(_ test: Case) throws {
        let (server, filled) = try MigrateAMTests.postgres(test.from)
        let theirs = try MigrateAMTests.copy(server, filled)
        // As a DBA runs it; errors do not stop it (the 3.1.0 → 3.2.0 script's EXECUTE NULL would).
        _ = try? server.psql(database: theirs, file: try DetectTests.reference(test.script), extraArguments: ["-v", "ON_ERROR_STOP=0"])
        let ours = server.url(database: filled)
        let migrate = try BuiltBinary.wso2db("migrate", "am", "--url", ours, "--to", test.to, "--allow-destructive")
        #expect(migrate.status == 0, "\(migrate.standardOutput)\(migrate.standardError)")

        let wso2 = try PostgresConnection(url: PostgreSQL.url(server.url(database: theirs)))
        let wso2db = try PostgresConnection(url: PostgreSQL.url(ours))
        for table in test.tables {
            let shared = try Self.columns(wso2, table).intersection(try Self.columns(wso2db, table))
            #expect(!shared.isEmpty, "\(table) is in both")
            let random = shared.filter { test.random.contains("\(table).\($0)") }
            let compared = shared.subtracting(random).filter { !test.differ.contains("\(table).\($0)") }.sorted()
            let (mine, theirs) = (try Self.rows(wso2db, table, compared), try Self.rows(wso2, table, compared))
            #expect(mine == theirs, "\(table) on \(compared): wso2db only \(mine.filter { !theirs.contains($0) }), WSO2 only \(theirs.filter { !mine.contains($0) })")
            for column in random {
                for connection in [wso2, wso2db] {
                    let values = try connection.query("SELECT \(connection.dialect.quote(column)) FROM \(connection.dialect.quote(table))").rows
                        .map { $0[0].textValue ?? "" }
                    #expect(Set(values).count == values.count && values.allSatisfy { $0.count == 36 && $0.split(separator: "-").count == 5 },
                        "\(table).\(column): distinct UUIDs, \(values)")
                }
            }
        }
        if test.from == "3.1.0" {
            // WSO2's defect: the key it means to drop stays; 3.2.0's script has none, nor has wso2db's result.
            let keys = "SELECT count(*) FROM pg_constraint WHERE conrelid = 'idn_oauth2_resource_scope'::regclass AND contype = 'p'"
            #expect(try wso2.query(SQLStatement(keys)).rows.first?.first?.integerValue == 1)
            #expect(try wso2db.query(SQLStatement(keys)).rows.first?.first?.integerValue == 0)
        }
    }

    @Test("migrate am killed with SIGKILL inside a step's transaction, then run again, ends as an uninterrupted run", arguments: [
        ("3.1.0", "am_application_key_mapping", "applying 3.1.0 → 3.2.0"), ("4.0.0", "am_gateway_environment", "applying 4.0.0 → 4.1.0"),
    ])
    func killed(release: String, table: String, line: String) throws {
        let (server, name) = try MigrateAMTests.postgres(release)
        let uninterrupted = try MigrateAMTests.copy(server, name)
        let url = server.url(database: name)
        let application = "wso2db_am_\(UUID().uuidString.prefix(8).lowercased())"
        // ACCESS SHARE lets every read through and stops the step at its first change of the table.
        let lock = FaultTests.TableLock(url: url, table: table, mode: "ACCESS SHARE")
        try lock.waitAcquired()
        let run = try WatchedProcess(["migrate", "am", "--allow-destructive", "--url", url + "?application_name=\(application)"])
        try run.waitForStandardError("the step's progress line") { $0.contains(line) }
        try waitUntil("the step to wait for the test's lock") { try FaultTests.waitsForLock(server, application: application) }
        let killed = run.killNow()
        lock.release()
        #expect(killed.status == 137, "\(killed.standardError)")
        let status = try BuiltBinary.wso2db("status", "am", "--url", url, "--format", "json")
        #expect(try MigrateAMTests.json(status)["current"] as? String == release, "the step never committed: \(status.standardOutput)")

        let again = try BuiltBinary.wso2db("migrate", "am", "--allow-destructive", "--url", url)
        #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        let whole = try BuiltBinary.wso2db("migrate", "am", "--allow-destructive", "--url", server.url(database: uninterrupted))
        #expect(whole.status == 0, "\(whole.standardError)")
        #expect(try BuiltBinary.wso2db("drift", "am", "--url", url).status == 0)
        // The same rows, but for values drawn at random or from the clock as a step runs.
        let resumed = try PostgresConnection(url: PostgreSQL.url(url))
        let reference = try PostgresConnection(url: PostgreSQL.url(server.url(database: uninterrupted)))
        for table in try Catalog.schema(for: .am, version: "4.7.0").tables {
            let columns = table.columns.filter { column in
                if case .timestamp = column.type { return false }
                return !["UUID", "REVISION_UUID", "ASSOCIATION_ID", "COMMENT_ID", "RATING_ID"].contains(column.name.uppercased())
            }.map { $0.name.uppercased() }
            #expect(try Self.rows(resumed, table.name, columns) == (try Self.rows(reference, table.name, columns)), "\(table.name)")
        }
    }
}
