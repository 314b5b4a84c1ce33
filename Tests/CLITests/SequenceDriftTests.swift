import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing

/// A sequence set back behind the ids of its table matches the schema and still breaks the next
/// insert: `drift` reports it, and `--fix-sql` repairs it with the dialect's own statement.
@Suite("wso2db drift: sequence positions")
struct SequenceDriftTests {
    enum Engine: String, CaseIterable { case postgres, sqlite }

    @Test("a sequence restarted behind its rows is drift (exit 1), named with the largest id; the fix SQL puts it past them", arguments: Engine.allCases)
    func sequenceBehind(engine: Engine) throws {
        let url: String
        let connection: any DatabaseConnection
        switch engine {
        case .postgres:
            let server = try LocalPostgres.shared()
            url = server.url(database: try server.createDatabase())
            connection = try PostgresConnection(url: PostgreSQL.url(url))
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-seq-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            url = "sqlite:\(folder)/shared.db"
            try #require(try BuiltBinary.wso2db(["create", "shared", "--url", url]).status == 0)
            connection = try SQLiteConnection(url: SQLite.url(path: String(url.dropFirst("sqlite:".count))), mode: .readWrite)
        }
        if engine == .postgres { try #require(try BuiltBinary.wso2db(["create", "shared", "--url", url]).status == 0) }
        let dialect = connection.dialect
        let insert =
            "INSERT INTO \(dialect.quote("UM_USER")) (\(dialect.quoteList(["UM_USER_ID", "UM_USER_NAME", "UM_USER_PASSWORD", "UM_CHANGED_TIME", "UM_TENANT_ID"]))) "
            + "VALUES ('u-1', 'alice', 'x', CURRENT_TIMESTAMP, 1), ('u-2', 'bob', 'x', CURRENT_TIMESTAMP, 1), ('u-3', 'carol', 'x', CURRENT_TIMESTAMP, 1)"
        try connection.execute(insert)
        #expect(try BuiltBinary.wso2db(["drift", "shared", "--url", url]).status == 0, "ids drawn from the sequence: no drift")

        // What `ALTER SEQUENCE … RESTART 1` does to a merged target: the next insert would get id 1 again.
        switch engine {
        case .postgres: try connection.execute("ALTER SEQUENCE um_user_pk_seq RESTART 1")
        case .sqlite: try connection.execute("UPDATE \"wso2db_sequence\" SET \"next_value\" = 1 WHERE \"name\" = 'UM_USER_PK_SEQ'")
        }
        let drift = try BuiltBinary.wso2db(["drift", "shared", "--url", url])
        #expect(drift.status == 1, "\(drift.standardOutput)\(drift.standardError)")
        #expect(
            drift.standardOutput.contains("changed  sequence UM_USER_PK_SEQ: position past 3 (the largest UM_USER.UM_ID) expected, next value 1 found"),
            "\(drift.standardOutput)")
        let fix = try BuiltBinary.wso2db(["drift", "shared", "--url", url, "--fix-sql"])
        let repair =
            engine == .postgres
            ? "ALTER SEQUENCE \"um_user_pk_seq\" RESTART WITH 4;"
            : "UPDATE \"wso2db_sequence\" SET \"next_value\" = 4 WHERE \"name\" = 'UM_USER_PK_SEQ';"
        #expect(fix.standardOutput.contains(repair), "\(fix.standardOutput)")

        try connection.execute(fix.standardOutput)
        #expect(try BuiltBinary.wso2db(["drift", "shared", "--url", url]).status == 0, "repaired")
        try connection.execute(insert.replacingOccurrences(of: "'u-", with: "'v-").replacingOccurrences(of: "', 'x'", with: "2', 'x'"))
        let ids = try connection.query("SELECT count(DISTINCT \(dialect.quote("UM_ID"))), count(*) FROM \(dialect.quote("UM_USER"))").rows
        #expect(ids == [[.integer(6), .integer(6)]], "the next inserts got fresh ids")
    }

    @Test(
        "a merged target whose sequence was set back fails the merge's verification when the merge is run again (exit 1), naming the sequence",
        arguments: [MergeLegacyTests.Engine.postgres, .sqlite])
    func mergeVerification(engine: MergeLegacyTests.Engine) throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(engine)
        let target = try MergeLegacyTests.emptyTarget(engine)
        let merged = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        try #require(merged.status == 0, "\(merged.standardError)")
        #expect((try MergeLegacyTests.json(merged)["sequencesBehind"] as? [Any])?.isEmpty == true)
        // What the attack run did to a merged PostgreSQL target, and its SQLite counterpart.
        try {
            let connection = try target.connect()
            switch engine {
            case .postgres: try connection.execute("ALTER SEQUENCE um_user_pk_seq RESTART 1")
            case .sqlite: try connection.execute("UPDATE \"wso2db_sequence\" SET \"next_value\" = 1 WHERE \"name\" = 'UM_USER_PK_SEQ'")
            }
        }()
        let again = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        #expect(again.status == 1, "\(again.standardError)")
        let report = try MergeLegacyTests.json(again)
        #expect(report["verified"] as? Bool == false)
        let behind = try #require(report["sequencesBehind"] as? [[String: Any]])
        #expect(behind.map { $0["sequence"] as? String } == ["UM_USER_PK_SEQ"])
        #expect(behind.first?["next"] as? Int == 1)
        let text = try MergeLegacyTests.merge(um: um, reg: reg, to: target, format: "text")
        #expect(text.status == 1)
        #expect(text.standardOutput.contains("VERIFICATION FAILED: sequence UM_USER_PK_SEQ would hand out 1 next, but UM_USER.UM_ID already holds"), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains("tables differ"), "every table still matches its source")
    }
}
