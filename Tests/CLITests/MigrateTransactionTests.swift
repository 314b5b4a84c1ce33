import Foundation
import LocalPostgres
import Testing
import WSO2Catalog
import WSO2Schema

/// Where DDL is transactional, a `migrate` run's steps are one transaction: a step that fails leaves nothing of
/// the run, the steps before it included, and no history row of it.
@Suite("migrate: a run's steps in one transaction")
struct MigrateTransactionTests {
    @Test(
        "a later step failing rolls the whole run back: the database and its history as before the run; without the obstacle the same run ends verified",
        arguments: [MergeLegacyTests.Engine.postgres, .sqlite])
    func failingStepRollsBackTheRun(engine: MergeLegacyTests.Engine) throws {
        let place: MergeLegacyTests.Place
        switch engine {
        case .postgres:
            let server = try LocalPostgres.shared()
            place = MergeLegacyTests.Place(engine: .postgres, url: server.url(database: try server.createDatabase(prefix: "onetx")))
        case .sqlite:
            place = MergeLegacyTests.Place(engine: .sqlite, url: "sqlite:\(try MergeLegacyTests.folder())/um.db")
        }
        let created = try BuiltBinary.wso2db(["create", "um", "--version", "2.6.0", "--url", place.url])
        try #require(created.status == 0, "\(created.standardError)")
        // Someone's table of the name the step to 3.2.0 creates (the step to 3.0.0 runs first, and runs fine).
        try place.connect().execute("CREATE TABLE UM_UUID_DOMAIN_MAPPER (X INTEGER)")

        let failed = try BuiltBinary.wso2db(["migrate", "um", "--url", place.url, "--to", "3.2.0"])
        #expect(failed.status == 2, "\(failed.standardOutput)\(failed.standardError)")
        #expect(failed.standardError.lowercased().contains("um_uuid_domain_mapper"), "\(failed.standardError)")
        #expect(failed.standardError.contains("applying 2.6.0 → 3.0.0"), "the step to 3.0.0 ran before: \(failed.standardError)")
        let status = try BuiltBinary.wso2db(["status", "um", "--url", place.url])
        #expect(status.standardOutput.contains("is at 2.6.0"), "\(status.standardOutput)")
        #expect(!status.standardOutput.contains("migrate  3.0.0"), "no history row of the step to 3.0.0: \(status.standardOutput)")
        let connection = try place.connect()
        let differences = SchemaDiffer.differences(
            expected: connection.dialect.inspectedForm(of: try Catalog.schema(for: .um, version: "2.6.0")), actual: try connection.inspectSchema())
        #expect(differences.map(\.kind) == [.extra], "2.6.0 exactly, with the table someone made: \(differences.map(\.line))")

        try connection.execute("DROP TABLE UM_UUID_DOMAIN_MAPPER")
        let migrated = try BuiltBinary.wso2db(["migrate", "um", "--url", place.url, "--to", "3.2.0"])
        #expect(migrated.status == 0, "\(migrated.standardOutput)\(migrated.standardError)")
        #expect(migrated.standardOutput.contains("migrated to 3.0.0") && migrated.standardOutput.contains("is at 3.2.0"), "\(migrated.standardOutput)")
        let now = SchemaDiffer.differences(
            expected: connection.dialect.inspectedForm(of: try Catalog.schema(for: .shared, version: "3.2.0")), actual: try connection.inspectSchema())
        #expect(now.map(\.line) == [], "exactly 3.2.0")
    }
}
