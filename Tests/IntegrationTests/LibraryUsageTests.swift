import AllDrivers
import Foundation
import LegacyData
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Migrator

/// The README's "Using the library from Swift", run as written (only the folder differs), so that
/// the documented calls compile and do what the README says they do.
@Suite("the library as the README shows it")
struct LibraryUsageTests {
    @Test("create the two legacy databases, fill them, merge them, check the result for drift, migrate it")
    func readmeExample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-library-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        // README, "Using the library from Swift", from here…
        AllDrivers.register()
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        let um = try Connector.open(try DatabaseURL(parsing: "sqlite:\(folder)/um.db"), for: .create)
        let reg = try Connector.open(try DatabaseURL(parsing: "sqlite:\(folder)/reg.db"), for: .create)
        for (database, connection) in [(WSO2Database.um, um), (.reg, reg)] {
            let report = try SchemaCreator(database: database, schema: legacy).create(on: connection)
            print("\(database.wso2Name): \(report.tables) tables")
        }
        _ = try LegacyDataGenerator(seed: 1, scale: Scale(factor: 1)).fill(um: um, reg: reg)

        let merged = try LegacyMerge.run(
            um: try DatabaseURL(parsing: "sqlite:\(folder)/um.db"),
            reg: try DatabaseURL(parsing: "sqlite:\(folder)/reg.db"),
            to: try DatabaseURL(parsing: "sqlite:\(folder)/shared.db"),
            options: LegacyMerge.Options()
        ) { event in
            if case .copied(let table, let rows, _, _) = event { print("copied \(table): \(rows) rows") }
        }
        print("verified:", merged.verified == true)

        let shared = try Connector.open(try DatabaseURL(parsing: "sqlite:\(folder)/shared.db"), for: .write)
        let drift = try DriftCheck.run(on: shared, expected: .catalog(try Catalog.schema(for: .shared, version: "4.7.0")))
        for difference in drift.differences { print(difference.line) }
        let migrated = try Migrator.run(on: shared, to: nil, baselineAnyway: false, lockTimeout: .seconds(30))
        print("\(migrated.to): \(migrated.applied.count) steps applied")
        // …to here.

        #expect(merged.verified == true)
        #expect(merged.tables.count == legacy.tables.count)
        #expect(merged.tables.allSatisfy { $0.match == true && ($0.source?.rows ?? 0) > 0 }, "every table has rows and matches")
        #expect(!drift.hasDrift, "\(drift.differences.map(\.line))")
        #expect(migrated.to == "4.7.0" && migrated.applied.isEmpty, "a merged target is already at 4.7.0")
    }

    /// The lines of `text` from the line holding `start` to the one holding `end` (both left out),
    /// each trimmed, without blank ones.
    static func lines(of text: String, after start: String, before end: String) -> [String] {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = all.firstIndex(where: { $0.contains(start) }),
            let last = all[(first + 1)...].firstIndex(where: { $0.contains(end) })
        else { return [] }
        return all[(first + 1)..<last].filter { !$0.isEmpty }
    }

    @Test("the README shows exactly the code the test above runs")
    func readmeMatchesTheTest() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let test = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let section = try #require(readme.range(of: "## Using the library from Swift"), "the README has the section")
        let shown = Self.lines(of: String(readme[section.upperBound...]), after: "import WSO2Migrator", before: "```")
        let run = Self.lines(of: test, after: "from here…", before: "…to here.")
        #expect(!run.isEmpty)
        #expect(shown == run, "README and test differ: \(shown.difference(from: run))")
    }
}
