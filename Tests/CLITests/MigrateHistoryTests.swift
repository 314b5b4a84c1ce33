import Foundation
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog

/// What `migrate` and `status` read from the history: checksums recorded by earlier releases,
/// `--repair`, and a verification that failed.
@Suite("wso2db migrate: the history")
struct MigrateHistoryTests {
    /// What the main branch of 2026-12-05 wrote for its two steps, 2.6.0 → 4.0.0 and 4.0.0 → 4.7.0, before the
    /// path was split into a step per release: the description and the `StepText` checksum of each, and the
    /// checksum wso2db recorded before `StepText` (a digest of Swift's printing of the step).
    static let retired: [(version: String, description: String, checksum: String, former: String)] = [
        (
            "4.0.0", "carbon-kernel 4.4.35 → 4.6.2: wider registry user names, unique paths and names, user and tenant UUIDs",
            "714d802cdf232d45", "134212decc0c0f1f"
        ),
        ("4.7.0", "carbon-kernel 4.6.2 → 4.11.18: ID keys on the key-less tables, organizations, unique user UUIDs", "a38c84d6a7513e76", "e955f6d05c9f6efe"),
    ]

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

    /// Rewrites the history of a database the chain has brought to `version` into what the main branch of
    /// 2026-12-05 wrote for the same schema: the rows of the steps between its two releases' versions go, and the
    /// row of each of its steps carries that step's description and `checksum` (the current or the former one).
    static func asMainWroteIt(_ connection: any DatabaseConnection, through version: String, former: Bool) throws {
        let history = connection.dialect.bookkeepingTable("schema_history")
        let kept = ["4.0.0", "4.7.0"].filter { $0 <= version }
        let list = kept.map { "'\($0)'" }.joined(separator: ", ")
        try connection.execute("DELETE FROM \(history) WHERE \"kind\" = 'migrate' AND \"version\" NOT IN (\(list))")
        for step in retired where kept.contains(step.version) {
            try connection.run(
                SQLStatement(
                    "UPDATE \(history) SET \"checksum\" = \(connection.dialect.placeholder(1)), \"description\" = \(connection.dialect.placeholder(2)) "
                        + "WHERE \"kind\" = 'migrate' AND \"version\" = \(connection.dialect.placeholder(3))",
                    [.text(former ? step.former : step.checksum), .text(step.description), .text(step.version)]))
        }
    }

    static func statusDocument(_ url: String) throws -> [String: Any] {
        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url, "--format", "json"])
        #expect(status.status == 0, "\(status.standardOutput)\(status.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
    }

    @Test(
        "a database migrated by the former single steps (2.6.0 → 4.0.0, 4.0.0 → 4.7.0, history as main wrote it) has a clean status, migrates on, and --repair leaves it as it is",
        arguments: [false, true])
    func retiredSteps(former: Bool) throws {
        // At 4.0.0, as the former step 2.6.0 → 4.0.0 left it.
        let (url, connection) = try MigrateTests.sqlite("um", version: "2.6.0", schema: MigrateTests.legacy, rows: 5)
        try #require(try BuiltBinary.wso2db(["migrate", "um", "--url", url, "--to", "4.0.0"]).status == 0)
        try Self.asMainWroteIt(connection, through: "4.0.0", former: former)
        #expect(try Self.checksums(url) == ["4.0.0": former ? Self.retired[0].former : Self.retired[0].checksum])

        let document = try Self.statusDocument(url)
        #expect(document["current"] as? String == "4.0.0")
        #expect((document["checksumMismatches"] as? [Any])?.isEmpty == true, "\(document)")
        #expect((document["pending"] as? [[String: Any]])?.map { $0["version"] as? String } == ["4.1.0", "4.7.0"])
        let untouched = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--repair"])
        #expect(untouched.status == 0 && untouched.standardOutput.contains("nothing changed"), "\(untouched.standardOutput)\(untouched.standardError)")

        let rest = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(rest.status == 0, "\(rest.standardError)")
        #expect(rest.standardOutput.contains("migrated to 4.1.0") && rest.standardOutput.contains("migrated to 4.7.0"), "\(rest.standardOutput)")
        #expect(try BuiltBinary.wso2db(["drift", "shared", "--url", url]).status == 0)
        #expect((try Self.statusDocument(url)["checksumMismatches"] as? [Any])?.isEmpty == true)

        // At 4.7.0, as the two former steps left it: up to date, nothing to re-stamp.
        try Self.asMainWroteIt(connection, through: "4.7.0", former: former)
        #expect(try Self.checksums(url) == Dictionary(uniqueKeysWithValues: Self.retired.map { ($0.version, former ? $0.former : $0.checksum) }))
        let after = try Self.statusDocument(url)
        #expect(after["current"] as? String == "4.7.0" && (after["pending"] as? [Any])?.isEmpty == true)
        #expect((after["checksumMismatches"] as? [Any])?.isEmpty == true, "\(after)")
        let again = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(again.status == 0 && again.standardOutput.hasPrefix("up to date"), "\(again.standardOutput)\(again.standardError)")
        let repaired = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--repair"])
        #expect(repaired.status == 0 && repaired.standardOutput.contains("nothing changed"), "\(repaired.standardOutput)")
        #expect(try Self.checksums(url).count == 2, "the retired rows stay as they were written")

        // A checksum that is neither a step's nor a retired step's is still a changed step.
        try Self.setChecksum(url, version: "4.0.0", to: "0123456789abcdef")
        #expect(try BuiltBinary.wso2db(["status", "shared", "--url", url]).status == 1)
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
