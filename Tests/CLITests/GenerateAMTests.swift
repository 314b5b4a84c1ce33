import Foundation
import LocalPostgres
import Testing
import WSO2Catalog

/// `wso2db-generate --am`: a WSO2_AM_DB of any release filled with rows that keep later releases' rules, what the
/// bench's migrate-am row and a user trying `migrate am` start from; anything else refused, unchanged.
@Suite("wso2db-generate --am")
struct GenerateAMTests {
    @Test("fills every table of a WSO2_AM_DB 3.2.0 with --am-rows rows; migrate am then takes it to 4.7.0")
    func fillsEveryTable() throws {
        let url = "sqlite:\(try MergeLegacyTests.folder())/am.db"
        let created = try BuiltBinary.wso2db(["create", "am", "--version", "3.2.0", "--url", url])
        try #require(created.status == 0, "\(created.standardError)")
        let generated = try Subprocess.run(BuiltBinary.path("wso2db-generate"), ["--am", url, "--am-rows", "4"])
        try #require(generated.status == 0, "\(generated.standardError)")
        #expect(generated.standardError.contains("filling WSO2_AM_DB 3.2.0"), "\(generated.standardError)")
        let counts = try UpgradeTests.counts(MergeLegacyTests.Place(engine: .sqlite, url: url), .am, "3.2.0")
        let tables = try Catalog.schema(for: .am, version: "3.2.0").tables.count
        #expect(counts.count == tables)
        #expect(counts.values.allSatisfy { $0 >= 4 }, "every table holds at least 4 rows: \(counts.filter { $0.value < 4 })")
        let migrated = try BuiltBinary.wso2db(["migrate", "am", "--url", url, "--allow-destructive"])
        #expect(migrated.status == 0, "rows that keep later rules migrate: \(migrated.standardError.suffix(2000))")
    }

    @Test("a database that is no WSO2_AM_DB is refused, unchanged, with a hint; --am with --um is a usage error")
    func refusesOthers() throws {
        let folder = try MergeLegacyTests.folder()
        let url = "sqlite:\(folder)/shared.db"
        let created = try BuiltBinary.wso2db(["create", "shared", "--url", url])
        try #require(created.status == 0, "\(created.standardError)")
        let before = try MergeLegacyTests.Place(engine: .sqlite, url: url).fingerprint()
        let refused = try Subprocess.run(BuiltBinary.path("wso2db-generate"), ["--am", url])
        #expect(refused.status == 2, "\(refused.standardError)")
        #expect(refused.standardError.contains("is no WSO2_AM_DB"), "\(refused.standardError)")
        #expect(refused.standardError.contains("hint:"))
        #expect(try MergeLegacyTests.Place(engine: .sqlite, url: url).fingerprint() == before)
        let usage = try Subprocess.run(BuiltBinary.path("wso2db-generate"), ["--am", url, "--um", url])
        #expect(usage.status == 64, "\(usage.standardError)")
        #expect(usage.standardError.contains("--am fills a WSO2_AM_DB alone"), "\(usage.standardError)")
    }
}
