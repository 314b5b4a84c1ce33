import Foundation
import MySQLDriver
import SQLDriver
import Testing
import WSO2Schema

/// The MySQL dialect reached as `any SQLDialect`, as shared code reaches it, and its SQL run on a real MariaDB.
@Suite("MySQL dialect through SQLDialect")
struct MySQLDialectTests {
    let dialect: any SQLDialect = MySQLDialect()

    @Test("names in backticks, values as ? parameters, a seed row that exists already ignored")
    func spellingsRunOnTheServer() throws {
        #expect(dialect.quote("REG_PATH") == "`REG_PATH`")
        #expect(dialect.quote("odd`name") == "`odd``name`")
        #expect(dialect.placeholder(3) == "?")
        #expect(dialect.literal(.blob([0, 0xab])) == "X'00ab'")
        #expect(dialect.stringLiteral("it's a \\ path") == "'it''s a \\\\ path'")
        let connection = try MySQLFixtures.connection()
        try connection.execute("CREATE TABLE `odd``name` (ID INT PRIMARY KEY, NAME VARCHAR(40), STAMP TIMESTAMP NULL)")
        let seed = SeedRow(into: "odd`name", ["ID": 1, "NAME": "it's", "STAMP": .currentTimestamp], ignoringConflicts: true)
        let statement = dialect.seedStatement(seed)
        #expect(statement.statement.sql.hasPrefix("INSERT IGNORE INTO `odd``name`"))
        try connection.run(statement.statement)
        try connection.run(statement.statement)
        #expect(try connection.query("SELECT ID, NAME FROM `odd``name`").rows == [[.integer(1), .text("it's")]])
        let printed = try connection.query(SQLStatement("SELECT " + dialect.stringLiteral("it's a \\ path"))).rows
        #expect(printed == [[.text("it's a \\ path")]])
    }

    @Test("the UUID expression gives distinct version 4 UUIDs in lower case")
    func uuids() throws {
        let connection = try MySQLFixtures.connection()
        let rows = try connection.query("SELECT \(dialect.uuidExpression) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) t").rows
        let values = rows.compactMap { $0.first?.textValue }
        #expect(values.count == 3 && Set(values).count == 3)
        for value in values {
            #expect(value.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(value)")
        }
    }

    @Test("the bookkeeping table is found by its query and never read as part of WSO2's schema")
    func bookkeeping() throws {
        let connection = try MySQLFixtures.connection()
        let history = Table(name: "schema_history", columns: [Column("ID", .integer, .notNull)], primaryKey: PrimaryKey("ID"))
        #expect(try connection.query(dialect.bookkeepingTableExists("schema_history")).rows == [[.integer(0)]])
        try connection.execute(dialect.createBookkeepingTable(history))
        #expect(try connection.query(dialect.bookkeepingTableExists("schema_history")).rows == [[.integer(1)]])
        try connection.execute("CREATE TABLE UM_THING (ID INT)")
        #expect(try connection.inspectSchema().tables.map(\.name) == ["UM_THING"])
    }

    @Test("AUTO_INCREMENT counters stand in for sequences: read, and set past copied ids")
    func counters() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute("CREATE TABLE A (ID INT AUTO_INCREMENT PRIMARY KEY); CREATE TABLE B (ID INT AUTO_INCREMENT PRIMARY KEY)")
        _ = try connection.query(dialect.restartSequenceStatement("B", next: 500))
        let next = try connection.query(dialect.nextSequenceValuesQuery(["A", "B"])).rows
        #expect(next.sorted { ($0[0].integerValue ?? 0) < ($1[0].integerValue ?? 0) } == [[.integer(0), .integer(1)], [.integer(1), .integer(500)]])
        try connection.execute("INSERT INTO B () VALUES ()")
        #expect(try connection.query("SELECT ID FROM B").rows == [[.integer(500)]])
    }
}
