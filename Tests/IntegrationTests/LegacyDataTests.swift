import Foundation
import LegacyData
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// The legacy data generator (#8) on real PostgreSQL and SQLite databases created with the
/// carbon-kernel 4.4.35 schema of API-M 2.6.0.
@Suite("legacy data generator")
struct LegacyDataTests {
    static let schema: Schema = try! Catalog.schema(for: .um, version: "2.6.0")
    static let umTables = schema.tables.filter { $0.name.hasPrefix("UM_") }
    static let regTables = schema.tables.filter { $0.name.hasPrefix("REG_") }

    /// A fresh pair of legacy databases on `engine`, filled by `generator`.
    static func filled(
        _ engine: String, _ generator: LegacyDataGenerator
    ) throws -> (um: any DatabaseConnection, reg: any DatabaseConnection, report: LegacyDataReport) {
        let um = try connect(engine)
        let reg = try connect(engine)
        _ = try SchemaCreator(database: .um, schema: schema).create(on: um)
        _ = try SchemaCreator(database: .reg, schema: schema).create(on: reg)
        let report = try generator.fill(um: um, reg: reg)
        return (um, reg, report)
    }

    static func connect(_ engine: String) throws -> any DatabaseConnection {
        engine == "postgres"
            ? try PostgresConnection(url: Fixtures.postgresDatabase())
            : try SQLiteConnection(url: SQLite.url(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
    }

    static func count(_ connection: any DatabaseConnection, _ sql: String, _ parameters: SQLValue...) throws -> Int {
        Int(try connection.query(SQLStatement(sql, parameters)).rows[0][0].integerValue ?? -1)
    }

    /// Every row of every table, rendered and sorted.
    static func snapshot(_ connection: any DatabaseConnection) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in schema.tables {
            let columns = table.columns.map { connection.dialect.quote($0.name) }.joined(separator: ", ")
            let rows = try connection.query(SQLStatement("SELECT \(columns) FROM \(connection.dialect.quote(table.name))")).rows
            result[table.name] = rows.map { row in row.map { "\($0)" }.joined(separator: "|") }.sorted()
        }
        return result
    }

    @Test("the same seed gives the same rows, another seed other rows (SQLite)")
    func deterministic() throws {
        let generator = LegacyDataGenerator(seed: 42, scale: .init(factor: 1))
        let first = try Self.filled("sqlite", generator)
        let second = try Self.filled("sqlite", generator)
        #expect(first.report == second.report)
        let firstUM = try Self.snapshot(first.um)
        let firstREG = try Self.snapshot(first.reg)
        #expect(firstUM == (try Self.snapshot(second.um)))
        #expect(firstREG == (try Self.snapshot(second.reg)))
        #expect(first.report.totalRows > 1000)

        let other = try Self.filled("sqlite", LegacyDataGenerator(seed: 43, scale: .init(factor: 1)))
        #expect(firstREG != (try Self.snapshot(other.reg)))
        #expect(firstUM != (try Self.snapshot(other.um)))
    }

    @Test("the data holds: every table filled, keys and foreign keys right, super tenant and duplicates there, sequences ahead",
          arguments: ["postgres", "sqlite"])
    func dataHolds(engine: String) throws {
        let (um, reg, report) = try Self.filled(engine, LegacyDataGenerator(seed: 7, scale: .init(factor: 1)))
        #expect(LegacyDataGenerator.leftEmpty.isEmpty)

        // Each family in its own database, every table with rows, as many as reported.
        for (connection, own, other) in [(um, Self.umTables, Self.regTables), (reg, Self.regTables, Self.umTables)] {
            for table in own {
                let rows = try Self.count(connection, "SELECT count(*) FROM \(connection.dialect.quote(table.name))")
                #expect(rows > 0, "\(table.name) is empty")
                #expect(rows == report.rows[table.name], "\(table.name): \(rows) rows, reported \(report.rows[table.name] ?? 0)")
            }
            for table in other {
                #expect(try Self.count(connection, "SELECT count(*) FROM \(connection.dialect.quote(table.name))") == 0)
            }

            // Every foreign key finds its row (checked by query, whatever the engine enforced).
            let dialect = connection.dialect
            for table in own {
                for key in table.foreignKeys {
                    let present = key.columns.map { "c.\(dialect.quote($0)) IS NOT NULL" }.joined(separator: " AND ")
                    let match = zip(key.columns, key.referencedColumns)
                        .map { "p.\(dialect.quote($1)) = c.\(dialect.quote($0))" }.joined(separator: " AND ")
                    let orphans = try Self.count(
                        connection,
                        "SELECT count(*) FROM \(dialect.quote(table.name)) c WHERE \(present) AND NOT EXISTS "
                            + "(SELECT 1 FROM \(dialect.quote(key.referencedTable)) p WHERE \(match))")
                    #expect(orphans == 0, "\(table.name) → \(key.referencedTable)")
                }
            }
        }
        #expect(report.bytes["REG_CONTENT", default: 0] > 200_000)

        // The super tenant, tenants 1…N, ids repeated across tenants.
        #expect(try Self.count(um, "SELECT count(*) FROM \(um.dialect.quote("UM_USER")) WHERE \(um.dialect.quote("UM_TENANT_ID")) = -1234") == 40)
        #expect(try Self.count(um, "SELECT count(*) FROM \(um.dialect.quote("UM_USER")) WHERE \(um.dialect.quote("UM_ID")) = 1") == 3)
        #expect(try Self.count(um, "SELECT count(*) FROM \(um.dialect.quote("UM_TENANT"))") == 2)
        #expect(try Self.count(reg, "SELECT count(*) FROM \(reg.dialect.quote("REG_RESOURCE")) WHERE \(reg.dialect.quote("REG_TENANT_ID")) = -1234") > 50)
        #expect(try Self.count(reg, "SELECT count(DISTINCT \(reg.dialect.quote("REG_TENANT_ID"))) FROM \(reg.dialect.quote("REG_PATH"))") == 3)

        // Awkward values survive: an empty string beside NULLs, every byte value in a blob.
        let attributeValue = "\(um.dialect.quote("UM_ATTR_VALUE"))"
        #expect(try Self.count(um, "SELECT count(*) FROM \(um.dialect.quote("UM_USER_ATTRIBUTE")) WHERE \(attributeValue) = ''") > 0)
        #expect(try Self.count(um, "SELECT count(*) FROM \(um.dialect.quote("UM_USER_ATTRIBUTE")) WHERE \(attributeValue) IS NULL") > 0)
        let blobs = try reg.query(SQLStatement("SELECT \(reg.dialect.quote("REG_CONTENT_DATA")) FROM \(reg.dialect.quote("REG_CONTENT"))")).rows
        let everyByte = blobs.contains { row in
            if case .blob(let bytes) = row[0] { Set(bytes).count == 256 } else { false }
        }
        #expect(everyByte)

        // Exact duplicate rows in each key-less REG_RESOURCE_* table.
        for name in ["REG_RESOURCE_PROPERTY", "REG_RESOURCE_TAG", "REG_RESOURCE_COMMENT", "REG_RESOURCE_RATING"] {
            let table = try #require(Self.schema.table(named: name))
            let columns = table.columns.map { reg.dialect.quote($0.name) }.joined(separator: ", ")
            let duplicated = try Self.count(
                reg, "SELECT count(*) FROM (SELECT \(columns) FROM \(reg.dialect.quote(name)) GROUP BY \(columns) HAVING count(*) > 1) d")
            #expect(duplicated > 0, "no duplicate rows in \(name)")
        }

        // Every sequence hands out an id past every id that uses it.
        try Self.expectSequencesAhead(um, Self.umTables)
        try Self.expectSequencesAhead(reg, Self.regTables)

        // A plain INSERT relying on the default succeeds, in the super tenant, on each key-less-of-FKs table.
        for (connection, own) in [(um, Self.umTables), (reg, Self.regTables)] {
            for table in own where !table.sequenceBackedColumns.isEmpty && table.foreignKeys.isEmpty {
                let sequenced = Set(table.sequenceBackedColumns.map(\.column.name))
                let columns = table.columns.filter { !sequenced.contains($0.name) }
                let values: [SQLValue] = columns.map { column in
                    if column.name.hasSuffix("TENANT_ID") { return .integer(-1234) }
                    switch column.type {
                    case .smallint, .integer, .bigint, .serial, .decimal, .double: return .integer(1)
                    case .boolean: return .boolean(false)
                    case .timestamp, .date: return .text("2020-02-02 02:02:02")
                    case .binary: return .blob([0, 1, 2])
                    default: return .text("plain insert \(column.name)")
                    }
                }
                let insert = connection.dialect.insertStatement(
                    .seeds, "row", into: connection.dialect.quote(table.name), columns: columns.map(\.name),
                    values: values.map { InsertValue.value($0) })
                #expect(throws: Never.self, "plain INSERT into \(table.name)") { try connection.run(insert.statement) }
            }
        }
    }

    /// `LEGACY_DATA_FACTOR=N swift test --filter LegacyData` prints what factor N writes, and how long it took.
    @Test("report at a chosen scale", .enabled(if: ProcessInfo.processInfo.environment["LEGACY_DATA_FACTOR"] != nil))
    func reportAtScale() throws {
        let factor = Int(ProcessInfo.processInfo.environment["LEGACY_DATA_FACTOR"] ?? "") ?? 1
        for engine in ["sqlite", "postgres"] {
            let start = ContinuousClock.now
            let (_, _, report) = try Self.filled(engine, LegacyDataGenerator(seed: 1, scale: .init(factor: factor)))
            print("factor \(factor) on \(engine), \(ContinuousClock.now - start):\n\(report.summary)")
        }
    }

    /// Each sequence's next value is greater than the largest id drawn from it.
    static func expectSequencesAhead(_ connection: any DatabaseConnection, _ tables: [Table]) throws {
        let dialect = connection.dialect
        var uses = LegacyDataGenerator.extraSequenceColumns.filter { use in tables.contains { $0.name == use.table } }
        for table in tables {
            for (column, sequence) in table.sequenceBackedColumns { uses.append((table.name, column.name, sequence)) }
        }
        #expect(uses.count >= 10)
        for use in uses {
            let highest = try count(connection, "SELECT max(\(dialect.quote(use.column))) FROM \(dialect.quote(use.table))")
            let next: Int
            if dialect.hasNativeSequences {
                let row = try connection.query(
                    SQLStatement("SELECT last_value, is_called FROM \(dialect.quote(use.sequence))")).rows[0]
                next = Int(row[0].integerValue ?? 0) + (row[1] == .boolean(true) ? 1 : 0)
            } else {
                next = try count(connection, "SELECT next_value FROM wso2db_sequence WHERE name = ?1", .text(use.sequence))
            }
            #expect(next > highest, "\(use.sequence) hands out \(next), \(use.table).\(use.column) holds \(highest)")
        }
    }
}
