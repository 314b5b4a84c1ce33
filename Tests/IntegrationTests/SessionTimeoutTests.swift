import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing
@testable import WSO2Migrator

/// The server's timeouts must not end wso2db's own long sessions (issue 20, item 6): a source's
/// snapshot transaction sits idle while other tables copy, and a role default of one second used to
/// end it on every run. When a timeout still ends one, the error names the setting.
@Suite("session timeouts")
struct SessionTimeoutTests {
    /// A database whose role defaults (for this database only) end idle transactions and long
    /// statements after 1 s, and wait at most 1 s for a lock.
    static func impatientDatabase() throws -> DatabaseURL {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase(prefix: "impatient")
        let admin = try PostgresConnection(url: PostgreSQL.url(server.url(database: name)))
        for setting in ["idle_in_transaction_session_timeout", "statement_timeout", "lock_timeout"] {
            try admin.execute("ALTER ROLE CURRENT_USER IN DATABASE \"\(name)\" SET \(setting) = '1s'")
        }
        return try PostgreSQL.url(server.url(database: name))
    }

    @Test("a source's snapshot outlives a role's 1 s idle_in_transaction_session_timeout and statement_timeout")
    func snapshotSurvivesRoleTimeouts() throws {
        let url = try Self.impatientDatabase()
        // The role's defaults do apply to a session that does not set its own.
        let plain = try PostgresConnection(url: url)
        #expect(try plain.query("SHOW idle_in_transaction_session_timeout").rows.first?.first?.textValue == "1s")

        let source = try MergeSources.open(url)
        defer { source.rollback() }
        let first = try source.query("SELECT txid_current_snapshot()::text").rows.first?.first?.textValue
        Thread.sleep(forTimeInterval: 1.6)
        // Still there, in the same snapshot, and a statement longer than 1 s runs to its end.
        #expect(try source.query("SELECT txid_current_snapshot()::text").rows.first?.first?.textValue == first)
        #expect(try source.query("SELECT 7 FROM pg_sleep(1.2)").rows.first?.first?.integerValue == 7)

        let target = try MergeSources.openTarget(url, dryRun: false)!.connection
        #expect(try target.query("SHOW statement_timeout").rows.first?.first?.textValue == "0")
        #expect(try target.query("SHOW lock_timeout").rows.first?.first?.textValue == "0")
    }

    @Test(
        "a timeout that still ends a session or statement is named, with what to change",
        arguments: ["idle_in_transaction_session_timeout", "statement_timeout", "lock_timeout"])
    func timeoutIsNamed(setting: String) throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try MergeSources.openReader(url)
        let other = try PostgresConnection(url: url)
        try other.execute("CREATE TABLE held (id integer)")
        try connection.execute("SET \(setting) = '300ms'")
        var caught: DatabaseError?
        do {
            switch setting {
            case "idle_in_transaction_session_timeout":
                try connection.execute("BEGIN")
                Thread.sleep(forTimeInterval: 0.8)
                _ = try connection.query("SELECT 1")
            case "statement_timeout":
                _ = try connection.query("SELECT pg_sleep(2)")
            default:
                try other.execute("BEGIN; LOCK TABLE held IN ACCESS EXCLUSIVE MODE")
                defer { other.rollback() }
                _ = try connection.query("SELECT count(*) FROM held")
            }
        } catch let error as DatabaseError {
            caught = error
        }
        let error = try #require(caught, "the server ended it")
        #expect(error.hint?.contains("\(setting) ended it") == true, "\(error)")
        #expect(error.hint?.contains("ALTER ROLE <user> SET \(setting) = 0") == true, "\(error)")
    }
}
