import Migrations
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// The steps and the catalog agree: each step turns its version's schema into the next one's, exactly.
@Suite("migration steps agree with the catalog")
struct MigrationStepTests {
    static let dialects: [any SQLDialect] = [PostgresDialect(), SQLiteDialect()]

    @Test("the steps form one path through every release whose kernel script changed the schema")
    func path() {
        // NOTES.md: 2.1.0 | 2.2.0–2.6.0 | 3.0.0 | 3.1.0–3.2.0 | 4.0.0 | 4.1.0 | 4.2.0–4.7.0.
        #expect(MigrationSteps.shared.map(\.from) == ["2.1.0", "2.6.0", "3.0.0", "3.2.0", "4.0.0", "4.1.0"])
        #expect(MigrationSteps.shared.map(\.version) == ["2.6.0", "3.0.0", "3.2.0", "4.0.0", "4.1.0", "4.7.0"])
        // Every distinct schema of the catalog is on the path, once.
        let distinct = Catalog.knownSchemas().filter { $0.database != .am }.map { $0.versions[0] }
        #expect(Set(distinct) == Set(["2.1.0"] + MigrationSteps.shared.map(\.version)))
    }

    /// The catalog schema of a version on the path: the legacy releases are UM/REG schemas.
    static func schema(_ version: String) throws -> Schema {
        try Catalog.schema(for: Catalog.versions(of: .shared).contains(version) ? .shared : .um, version: version)
    }

    @Test("applying each step to its starting schema yields the next catalog schema, with no difference at all")
    func stepsYieldTheCatalog() throws {
        var schema = try Catalog.schema(for: .um, version: "2.1.0")
        for step in MigrationSteps.shared {
            for operation in step.operations {
                if case .schema(let changes) = operation { schema = schema.applying(changes) }
            }
            let expected = try Self.schema(step.version)
            #expect(SchemaDiffer.differences(expected: expected, actual: schema).map(\.object) == [], "after the step to \(step.version)")
            for dialect in Self.dialects {
                let differences = SchemaDiffer.differences(
                    expected: dialect.inspectedForm(of: expected), actual: dialect.inspectedForm(of: schema))
                #expect(differences.map(\.object) == [], "\(dialect.engineName), after the step to \(step.version)")
            }
            // The new version's seed rows are inserted by the step.
            let inserted = step.operations.compactMap { operation -> SeedRow? in
                if case .data(.insert(let seed)) = operation { return seed }
                return nil
            }
            let previous = try Self.schema(step.from)
            #expect(inserted == expected.seeds.filter { seed in !previous.seeds.contains(seed) })
        }
    }

    @Test("every column a step makes NOT NULL without a default is filled first")
    func newRequiredColumnsAreFilled() {
        for step in MigrationSteps.shared {
            var filled = Set<String>()
            var added = Set<String>()
            for operation in step.operations {
                switch operation {
                case .data(.fillWithUUIDs(let table, let column)), .data(.fillFromSequence(let table, let column, _)):
                    filled.insert("\(table).\(column)")
                case .schema(let changes):
                    for change in changes {
                        if case .addColumn(let table, let column) = change {
                            #expect(column.isNullable, "\(table).\(column.name) is added nullable, then filled")
                            added.insert("\(table).\(column.name)")
                        }
                        if case .alterColumn(let table, let column) = change, !column.isNullable, added.contains("\(table).\(column.name)") {
                            #expect(filled.contains("\(table).\(column.name)"), "\(table).\(column.name) is filled before NOT NULL")
                        }
                    }
                default:
                    break
                }
            }
        }
    }
}
