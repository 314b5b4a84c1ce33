import Migrations
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema
@testable import WSO2Migrator

/// Shared code writes no SQL of its own: driven through a dialect with other spellings, `create`,
/// drift repair and migration planning say everything the way that dialect does.
@Suite("a dialect with odd spellings")
struct OddDialectTests {
    static let dialect = OddDialect()

    /// The SQL outside its string literals (`N'…'`), where a spelling of shared code would show.
    static func outsideLiterals(_ sql: String) -> String {
        var result = ""
        var inLiteral = false
        var previous: Character = " "
        for character in sql {
            if inLiteral {
                if character == "'" { inLiteral = false }
            } else if character == "'" && previous == "N" {
                inLiteral = true
            } else if character == "'" {
                result.append(character)  // a quote the dialect did not write: keep it, so that it is seen
            } else {
                result.append(character)
            }
            previous = character
        }
        return result
    }

    /// Spellings that only shared code writing SQL by hand would produce with this dialect.
    static func handWritten(_ sql: String) -> [String] {
        let text = outsideLiterals(sql)
        return ["\"", "ON CONFLICT", "CREATE SEQUENCE", "BEGIN", "COMMIT", "$1", "?1", "'"].filter { text.contains($0) }
    }

    @Test("create: every statement, the seed rows and the history row in the dialect's spelling", arguments: [WSO2Database.shared, .am, .um])
    func create(database: WSO2Database) throws {
        let schema = try Catalog.schema(for: database, version: database == .um ? "2.6.0" : "4.7.0")
        let script = SchemaCreator(database: database, schema: schema).script(for: Self.dialect)
        #expect(Self.handWritten(script) == [])
        #expect(script.hasPrefix("-- Odd commits DDL by itself"))
        #expect(script.contains("INSERT INTO [odd_schema_history] ([database], [version], [description], [kind], [checksum]"))
        #expect(script.contains(" USING BTREE ("))
        if !schema.sequences.isEmpty { #expect(script.contains("INSERT INTO [odd_sequences] ([name], [next]) VALUES (N'")) }
        if schema.seeds.contains(where: \.ignoresConflicts) { #expect(script.contains("INSERT IGNORE INTO [")) }

        // What runs, not only what is printed: the statements with their placeholders.
        let creator = SchemaCreator(database: database, schema: schema)
        let statements = Self.dialect.createStatements(for: schema)
        let executed = statements.map(\.statement.sql) + [SchemaHistory.insert(creator.entry(statements, milliseconds: 0), Self.dialect).statement.sql]
        #expect(Self.handWritten(executed.joined(separator: ";\n")) == [])
        #expect(executed.last?.hasPrefix("INSERT INTO [odd_schema_history] (") == true)
        if schema.seeds.contains(where: \.ignoresConflicts) { #expect(executed.contains { $0.hasPrefix("INSERT IGNORE INTO [") }) }
    }

    @Test("drift repair: every kind of change, and a sequence behind its rows, in the dialect's spelling, with no transaction it cannot keep")
    func driftRepair() throws {
        let expected = try Catalog.schema(for: .shared, version: "4.7.0")
        var live = expected
        live.tables.removeAll { $0.name == "UM_ORG_HIERARCHY" }
        let user = try #require(live.tables.firstIndex { $0.name == "UM_USER" })
        live.tables[user].columns.removeAll { $0.name == "UM_SALT_VALUE" }
        live.tables[user].columns[2].type = .varchar(100)
        live.tables[user].indexes.append(Index("EXTRA_IND", on: "UM_USER", ["UM_USER_PASSWORD"]))
        live.tables[user].uniqueConstraints.removeAll()
        live.sequences.removeAll { $0.name == "UM_ORG_ATTRIBUTE_PK_SEQ" }
        let behind = SequencePositions.Behind(
            sequence: DatabaseSequence("UM_USER_PK_SEQ"), next: 1, largest: 30, table: "UM_USER", column: "UM_ID")
        let report = DriftCheck.report(expected: expected, label: "test", live: live, sequencesBehind: [behind], dialect: Self.dialect)
        let script = Self.dialect.repairScript(report.repair, allowingDestructive: true)
        #expect(Self.handWritten(script) == [], "\(script)")
        #expect(script.contains("-- Odd commits DDL by itself"))
        #expect(script.contains("DROP INDEX [EXTRA_IND] ON [UM_USER]"))
        #expect(script.contains("UPDATE [odd_odd_sequences]") == false)
        #expect(script.contains("UPDATE [odd_sequences] SET [next] = 31 WHERE [name] = N'UM_USER_PK_SEQ'"))
        #expect(script.contains("ALTER TABLE [UM_USER] ADD [UM_SALT_VALUE] VARCHAR2(31)"))
        #expect(report.differences.map(\.line).contains("changed  sequence UM_USER_PK_SEQ: position past 30 (the largest UM_USER.UM_ID) expected, next value 1 found"))
    }

    @Test("migration planning: every step, and renames, drops and raw SQL, in the dialect's spelling")
    func migrationPlanning() throws {
        let renamed = MigrationStep(
            from: "4.7.0", to: "test", description: "",
            operations: [
                .schema([
                    .renameTable(from: "REG_LOG", to: "REG_ACTIVITY_LOG"), .renameColumn(table: "UM_USER", from: "UM_USER_NAME", to: "UM_LOGIN"),
                    .renameIndex(table: "UM_HYBRID_ROLE", from: "UM_ROLE_NAME_IND", to: "UM_ROLE_IND"), .dropTable("UM_ORG_HIERARCHY"),
                ]),
                .sql(RawSQL("odd only", statements: ["odd": ["ODD THING"], "postgresql": ["DO $$ BEGIN END $$"]])),
            ])
        var all = ""
        for step in MigrationSteps.shared + [renamed] {
            all += try Migrator.statements(of: step, for: Self.dialect).map(\.sql).joined(separator: ";\n") + "\n"
        }
        #expect(Self.handWritten(all) == [], "\(all)")
        #expect(all.contains("UPDATE [UM_USER] SET [UM_USER_ID] = ODD_UUID() WHERE [UM_USER_ID] IS NULL"))
        #expect(all.contains("ODD_NEXT(N'REG_RESOURCE_TAG_PK_SEQ')"))
        #expect(all.contains("INSERT IGNORE INTO [UM_ORG]"))
        #expect(all.contains("RENAME TABLE [REG_LOG] TO [REG_ACTIVITY_LOG]"))
        #expect(all.contains("ALTER TABLE [UM_USER] CHANGE [UM_USER_NAME] [UM_LOGIN]"))
        #expect(all.contains("ALTER TABLE [UM_HYBRID_ROLE] RENAME INDEX [UM_ROLE_NAME_IND] TO [UM_ROLE_IND]"))
        #expect(all.contains("DROP TABLE [UM_ORG_HIERARCHY]"))
        #expect(all.contains("ODD THING") && !all.contains("DO $$"))

        // The dry run of a whole plan: no transaction the engine cannot keep.
        let plan = Migrator.Plan(
            current: "2.6.0", currentRelease: "2.6.0", targetRelease: "4.7.0", placement: .history, target: "4.7.0",
            steps: MigrationSteps.shared, changedSteps: [], failedVerification: nil,
            live: try Catalog.schema(for: .um, version: "2.6.0"))
        let script = try Migrator.script(of: plan, for: Self.dialect)
        #expect(Self.handWritten(script) == [])
        #expect(script.contains("-- Odd commits DDL by itself: each statement is journalled"))
    }
}
