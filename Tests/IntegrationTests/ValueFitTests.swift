import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Schema
@testable import WSO2Migrator

/// Which columns the checks before the first write read (`ValueFit`): between engines that keep
/// the same values none, so that PostgreSQL → PostgreSQL and SQLite → SQLite pay nothing for them;
/// from SQLite into PostgreSQL every column.
@Suite("values checked before the first write")
struct ValueFitTests {
    @Test("none between engines of the same rules; every column from SQLite into PostgreSQL")
    func checkedColumns() throws {
        let postgres = try PostgresConnection(url: try Fixtures.postgresDatabase())
        let sqlite = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        func checked(from source: any DatabaseConnection, into target: any DatabaseConnection) throws -> [String] {
            let live = source.dialect.inspectedForm(of: legacy)
            let plans = try MergeMapping.tables(live: [.um: live, .reg: live], rows: [:])
            return ValueFit.checkedColumns(plans, live: live, sourceRules: source.storedValueRules, into: target.storedValueRules)
        }
        #expect(try checked(from: postgres, into: postgres) == [])
        #expect(try checked(from: sqlite, into: sqlite) == [])
        #expect(try checked(from: postgres, into: sqlite) == [])
        let fromSQLite = try checked(from: sqlite, into: postgres)
        #expect(fromSQLite.contains("UM_DOMAIN.UM_DOMAIN_NAME") && fromSQLite.contains("UM_TENANT.UM_CREATED_DATE"))
        let plans = try MergeMapping.tables(live: [.um: legacy, .reg: legacy], rows: [:])
        #expect(fromSQLite.count == plans.reduce(0) { $0 + $1.columns.count })
    }

    /// A SQLite source's values as the checks into PostgreSQL judge them: most are told fit by a quick
    /// look (an integer in range, short ASCII text, a plain timestamp), the rest by the full one; the
    /// values next to what the quick look lets through must still be refused, with the same reasons.
    @Test("SQLite into PostgreSQL: each value fit or refused with its reason, the common ones and those just beside them")
    func valuesIntoPostgres() throws {
        let postgres = try PostgresConnection(url: try Fixtures.postgresDatabase())
        let sqlite = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        // Columns without a declared type: SQLite keeps each value as given, '12' as text and 1.0 as a real.
        try sqlite.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, N, S, NAME, CODE, TS, DATA)")
        let columns = [
            Column("ID", .integer), Column("N", .integer), Column("S", .smallint), Column("NAME", .varchar(10)), Column("CODE", .char(4)),
            Column("TS", .timestamp()), Column("DATA", .binary),
        ]
        // The value of each row, in the column named, and words of the reason it is refused for, or nil where it fits.
        let rows: [(column: String, value: String, reason: String?)] = [
            ("N", "12", nil), ("N", "'12'", nil), ("N", "' 12'", "' 12' is not an integer"), ("N", "'12 '", "'12 ' is not an integer"),
            ("N", "'+12'", nil), ("N", "1.0", nil), ("N", "1.5", "1.5 is not an integer"), ("N", "2147483648", "out of range for INTEGER"),
            ("N", "'2147483648'", "2147483648 is out of range for INTEGER"), ("N", "'-2147483648'", nil), ("N", "'-'", "'-' is not an integer"),
            ("N", "''", "'' is not an integer"), ("N", "'1:'", "'1:' is not an integer"), ("N", "'123456789012345678901'", "is not an integer"),
            ("N", "'9223372036854775807'", "9223372036854775807 is out of range for INTEGER"), ("N", "CAST('7' AS BLOB)", nil),
            ("N", "CAST(x'3100' AS TEXT)", "NUL"), ("S", "32768", "32768 is out of range for SMALLINT"), ("S", "'-32768'", nil),
            ("TS", "'2019-03-01 10:15:00'", nil), ("TS", "'2019-03-01 10:15:00.123456'", nil), ("TS", "'2019-03-01T10:15:00Z'", nil),
            ("TS", "'2019-03-01 10:15:00.1234567'", "7 digits of a second"), ("TS", "'2019-03-01T10:15:00+05:30'", "offset +05:30"),
            ("TS", "'2019-00-01 10:15:00'", "zero date"), ("TS", "'2019-03-01 10:15'", nil), ("TS", "'yesterday'", "is not a timestamp"),
            ("TS", "5", "5 is not a timestamp"), ("DATA", "x'00ff'", nil), ("DATA", "'text'", nil), ("DATA", "7", "the number 7 in a binary column"),
            ("DATA", "1.5", "the number 1.5 in a binary column"), ("DATA", "zeroblob(9000000)", nil), ("DATA", "CAST(x'ff00' AS TEXT)", nil),
            ("NAME", "'abcdefghij'", nil), ("NAME", "'abcdefghijk'", "11 characters, longer than the 10"),
            ("NAME", "'\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}'", nil),
            ("NAME", "'\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}'", "11 characters, longer than the 10"),
            ("NAME", "'abcdefgh\u{E9}'", nil), ("NAME", "CAST(x'61c3' AS TEXT)", "not valid UTF-8"), ("NAME", "CAST(x'c0af' AS TEXT)", "not valid UTF-8"),
            ("NAME", "CAST(x'61626364656667680069' AS TEXT)", "NUL"), ("NAME", "CAST(x'6162636465666780' AS TEXT)", "not valid UTF-8"),
            ("NAME", "x'610062'", "NUL"), ("NAME", "1234", nil), ("NAME", "' '", nil),
            ("NAME", "CAST(x'eda080' AS TEXT)", "not valid UTF-8"), ("NAME", "CAST(x'f4908080' AS TEXT)", "not valid UTF-8"),
            ("NAME", "CAST(x'e08080' AS TEXT)", "not valid UTF-8"), ("NAME", "CAST(x'6162e282' AS TEXT)", "not valid UTF-8"),
            ("NAME", "CAST(x'c3a900' AS TEXT)", "NUL"), ("NAME", "CAST(x'f09f9880e282ac' AS TEXT)", nil),
            ("NAME", "'\(String(repeating: "\u{1F600}", count: 10))'", nil),
            ("NAME", "'\(String(repeating: "\u{1F600}", count: 11))'", "11 characters, longer than the 10"),
            ("CODE", "'abcd'", nil), ("CODE", "'abc'", "fewer characters than its CHAR(4)"), ("CODE", "'abcde'", "5 characters, longer than the 4"),
            ("CODE", "'\u{E9}\u{E9}\u{E9}\u{E9}'", nil), ("CODE", "'ab '", "fewer characters"),
            ("CODE", "'\u{E9}\u{E9}'", "fewer characters than its CHAR(4)"),
        ]
        for (id, row) in rows.enumerated() { try sqlite.execute("INSERT INTO T (ID, \(row.column)) VALUES (\(id + 1), \(row.value))") }
        let live = Table(name: "T", columns: columns, primaryKey: PrimaryKey("ID"))
        // A column at a time, so that no more than `ValueFit.limit` are refused in one.
        for column in columns.dropFirst() {
            let plan = TablePlan(
                table: live, from: .um, sourceTable: "T", columns: [column], sourceColumns: [column.name], backfills: [],
                kinds: [ValueKind(column.type)], tenantField: nil, sourceRows: rows.count)
            let found = try ValueFit.find(plan, in: sqlite, live: live, into: postgres.storedValueRules, engine: postgres.dialect.engineName)
            let expected = rows.enumerated().filter { $0.element.column == column.name && $0.element.reason != nil }
            #expect(found.count == expected.count, "\(column.name): \(found.values)")
            #expect(found.values.map(\.key) == expected.map { "ID=\($0.offset + 1)" }, "\(column.name): \(found.values)")
            for (value, (_, row)) in zip(found.values, expected) {
                #expect(value.reason.contains(row.reason!), "\(column.name) \(row.value): \(value.reason)")
            }
        }
    }
}
