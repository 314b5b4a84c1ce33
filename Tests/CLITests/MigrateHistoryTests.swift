import Foundation
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog

/// What `migrate` and `status` read from the history: checksums recorded by earlier releases,
/// `--repair`, and a verification that failed.
@Suite("wso2db migrate: the history")
struct MigrateHistoryTests {
    /// The checksum wso2db recorded for the step to 4.0.0 before its checksums were computed over
    /// `StepText` (a digest of Swift's printing of the step), as the main branch of 2026-12-05 wrote it.
    static let former400 = "134212decc0c0f1f"

    static func checksums(_ url: String) throws -> [String: String] {
        let connection = try SQLiteConnection(url: SQLite.url(path: String(url.dropFirst("sqlite:".count))), mode: .readOnly)
        let rows = try connection.query("SELECT \"version\", \"checksum\" FROM \"wso2db_schema_history\" WHERE \"kind\" = 'migrate'").rows
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0].textValue ?? "", $0[1].textValue ?? "") })
    }

    static func setChecksum(_ url: String, version: String, to checksum: String) throws {
        let connection = try SQLiteConnection(url: SQLite.url(path: String(url.dropFirst("sqlite:".count))), mode: .readWrite)
        try connection.run(
            SQLStatement(
                "UPDATE \"wso2db_schema_history\" SET \"checksum\" = ?1 WHERE \"kind\" = 'migrate' AND \"version\" = ?2",
                [.text(checksum), .text(version)]))
    }

    @Test("a database migrated before checksums were stable still reports status cleanly and migrates on; --repair re-stamps it and says so")
    func formerChecksum() throws {
        let (url, _) = try MigrateTests.sqlite("um", version: "2.6.0", schema: MigrateTests.legacy, rows: 5)
        let first = try BuiltBinary.wso2db(["migrate", "um", "--url", url, "--to", "4.0.0"])
        try #require(first.status == 0, "\(first.standardError)")
        // As the earlier release recorded it.
        try Self.setChecksum(url, version: "4.0.0", to: Self.former400)

        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url, "--format", "json"])
        #expect(status.status == 0, "\(status.standardOutput)\(status.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect((document["checksumMismatches"] as? [Any])?.isEmpty == true)
        #expect(document["failedVerification"] is NSNull)

        let rest = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(rest.status == 0, "\(rest.standardError)")
        #expect(rest.standardOutput.contains("migrated to 4.7.0"))
        #expect(try BuiltBinary.wso2db(["status", "shared", "--url", url]).status == 0)

        let repaired = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--repair"])
        #expect(repaired.status == 0, "\(repaired.standardError)")
        let current = try #require(try Self.checksums(url)["4.0.0"])
        #expect(current != Self.former400)
        #expect(repaired.standardOutput.contains("re-stamped the step to 4.0.0: checksum \(Self.former400) → \(current)"), "\(repaired.standardOutput)")
        #expect(!repaired.standardOutput.contains("step to 4.7.0"), "a current checksum is left alone")
        let again = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--repair"])
        #expect(again.standardOutput.contains("nothing changed"), "\(again.standardOutput)")
    }

    @Test("a changed checksum: status exit 1, migrate refuses; --repair refuses a database that differs from its version, and re-stamps it once it matches")
    func repairOnlyAfterVerifying() throws {
        let (url, connection) = try MigrateTests.sqlite("shared", version: "4.0.0", schema: MigrateTests.shared400, rows: 3)
        try connection.execute("UPDATE \"UM_USER\" SET \"UM_USER_ID\" = lower(hex(randomblob(16))); UPDATE \"UM_TENANT\" SET \"UM_TENANT_UUID\" = lower(hex(randomblob(16)))")
        let migrated = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        try #require(migrated.status == 0, "\(migrated.standardError)")
        try Self.setChecksum(url, version: "4.7.0", to: "0123456789abcdef")
        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url])
        #expect(status.status == 1)
        #expect(status.standardOutput.contains("checksum mismatch"), "\(status.standardOutput)")
        let refusedMigrate = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(refusedMigrate.status == 2 && refusedMigrate.standardError.contains("migrate will not continue past it"), "\(refusedMigrate.standardError)")

        // Drift: the database is not what 4.7.0 is, so the history must not be made to say it is.
        try connection.execute("CREATE INDEX \"EXTRA_IND\" ON \"UM_USER\" (\"UM_SALT_VALUE\")")
        let refused = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--repair"])
        #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains("differs from it in 1 ways") && refused.standardError.contains("EXTRA_IND"), "\(refused.standardError)")
        #expect(try Self.checksums(url)["4.7.0"] == "0123456789abcdef", "nothing re-stamped")

        try connection.execute("DROP INDEX \"EXTRA_IND\"")
        let repaired = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--repair"])
        #expect(repaired.status == 0, "\(repaired.standardError)")
        #expect(repaired.standardOutput.contains("re-stamped the step to 4.7.0: checksum 0123456789abcdef → "), "\(repaired.standardOutput)")
        #expect(try BuiltBinary.wso2db(["status", "shared", "--url", url]).status == 0)
    }

    @Test("after a failed re-verification of a merge, status says so with exit 1 and migrate refuses with exit 1, changing nothing")
    func failedVerification() throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(.sqlite)
        let target = try MergeLegacyTests.emptyTarget(.sqlite)
        let merged = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        try #require(merged.status == 0, "\(merged.standardError)")
        // Someone wrote to a source after the merge: the rerun verifies again, and fails.
        try {
            let source = try um.connect()
            try source.execute("UPDATE \"UM_USER\" SET \"UM_USER_PASSWORD\" = 'changed later'")
        }()
        let again = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        try #require(again.status == 1, "\(again.standardOutput.suffix(2000))\(again.standardError)")
        let fingerprint = try target.fingerprint()

        let status = try BuiltBinary.wso2db(["status", "shared", "--url", target.url])
        #expect(status.status == 1, "\(status.standardOutput)\(status.standardError)")
        #expect(status.standardOutput.contains("verification failed:") && !status.standardOutput.contains("up to date"), "\(status.standardOutput)")
        let json = try BuiltBinary.wso2db(["status", "shared", "--url", target.url, "--format", "json"])
        #expect(json.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((document["failedVerification"] as? [String: Any])?["kind"] as? String == "merge")

        let migrate = try BuiltBinary.wso2db(["migrate", "shared", "--url", target.url])
        #expect(migrate.status == 1, "\(migrate.standardOutput)\(migrate.standardError)")
        #expect(migrate.standardError.contains("failed; it is not migrated until it verifies"), "\(migrate.standardError)")
        #expect(try target.fingerprint() == fingerprint, "nothing changed")
    }
}
