import Foundation
import Migrations
import StepWriter
import Testing
import WSO2Catalog
import WSO2Schema

/// The WSO2_AM_DB steps: generated from the catalog and re-generated to the same text, one step between every two
/// releases, each turning its release's schema into the next one's, and every new NOT NULL rule given values.
@Suite("WSO2_AM_DB steps")
struct AMStepTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("running the step generator again changes no generated file")
    func regenerationChangesNothing() throws {
        let files = try StepWriter.amFiles()
        #expect(files.count == 14)
        for file in files {
            let current = try String(contentsOf: Self.packageRoot.appendingPathComponent(file.path), encoding: .utf8)
            #expect(current == file.text, "\(file.path) differs from what `swift run wso2db-steps` writes: run it")
        }
    }

    @Test("one step between every two AM releases the catalog knows, 2.1.0 to 4.7.0")
    func path() {
        let releases = Array(Catalog.versions(of: .am).reversed())
        #expect(releases.count == 15)
        #expect(MigrationSteps.am.map(\.from) == Array(releases.dropLast()))
        #expect(MigrationSteps.am.map(\.version) == Array(releases.dropFirst()))
        #expect(MigrationSteps.am.allSatisfy { $0.database == .am })
        #expect(Set(MigrationSteps.am.map(\.checksum)).count == 14)
    }

    @Test("each step, applied to its release's catalog schema, gives the next release's, with no difference")
    func stepsYieldTheCatalog() throws {
        for step in MigrationSteps.am {
            var schema = try Catalog.schema(for: .am, version: step.from)
            schema = schema.applying(step.schemaChanges)
            let expected = try Catalog.schema(for: .am, version: step.version)
            #expect(SchemaDiffer.differences(expected: expected, actual: schema).map(\.line) == [], "the step to \(step.version)")
        }
    }

    /// Columns that become NOT NULL without the step giving them values: the product writes them in every row,
    /// so a row without one is broken, and the pre-check names it rather than the step inventing a value.
    static let leftToThePreCheck: Set<String> = [
        "3.1.0 IDN_CLAIM.DIALECT_ID",  // every claim belongs to a dialect (its foreign key)
        "3.1.0 IDN_OIDC_SCOPE_CLAIM_MAPPING.EXTERNAL_CLAIM_ID",  // a mapping maps a claim
    ]

    @Test("every column that becomes NOT NULL in a table that exists is given values by its step, or left to the pre-check")
    func newRulesGetValues() throws {
        for step in MigrationSteps.am {
            let before = try Catalog.schema(for: .am, version: step.from)
            let after = try Catalog.schema(for: .am, version: step.version)
            let renamed = before.applying(step.operations.first.flatMap { if case .schema(let changes) = $0, changes.allSatisfy(\.isRename) { changes } else { nil } } ?? [])
            for table in after.tables {
                guard let old = renamed.table(named: table.name) else { continue }
                for column in table.columns where !column.isNullable && !table.isPrimaryKeyColumn(column.name) {
                    let was = old.column(named: column.name)
                    let alreadyRequired = was.map { !$0.isNullable || old.isPrimaryKeyColumn($0.name) } ?? false
                    guard !alreadyRequired else { continue }
                    // A new column with a default: every existing row takes the default as it is added.
                    if was == nil, column.defaultValue != nil { continue }
                    let name = "\(table.name.uppercased()).\(column.name.uppercased())"
                    let filled = step.filledColumns.contains(name)
                    #expect(filled || Self.leftToThePreCheck.contains("\(step.version) \(name)"), "the step to \(step.version) gives \(name) no values")
                }
            }
        }
    }
}
