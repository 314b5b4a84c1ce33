import Foundation
@testable import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
@testable import WSO2Migrator

/// merge-legacy moves tables with binary content as binary COPY and hashes them from it: the
/// canonical rows it makes from binary COPY must be byte-equal to PostgreSQL's own text COPY of the
/// same rows, or a source read one way and a target read the other would never match.
@Suite struct BinaryCopyTests {
    static let kinds: [ValueKind] = [.integer, .integer, .integer, .boolean, .binary, .text, .text]
    static let select = "SELECT a, b, c, flag, data, body, name FROM awkward ORDER BY a"

    /// A table of every kind binary transfer carries, with NULLs, every byte value, escapes,
    /// unicode, empty strings, extreme integers and a blob larger than the COPY writer's buffer.
    static func awkwardTable(_ connection: PostgresConnection) throws {
        try connection.execute(
            "CREATE TABLE awkward (a smallint, b integer, c bigint, flag boolean, data bytea, body text, name varchar(300))")
        let rows: [[SQLValue]] = [
            [.integer(-32768), .integer(-2_147_483_648), .integer(Int64.min), .boolean(true), .blob(Array(0...255)),
             .text("tab\tnl\ncr\rbs\\ bell\u{7} vt\u{b} ff\u{c} bsp\u{8} 😀 'q' \"d\""), .text("")],
            [.integer(32767), .integer(2_147_483_647), .integer(Int64.max), .boolean(false), .blob([]), .text(""), .text("Ünïcödé ✓")],
            [.integer(0), .null, .null, .null, .null, .null, .null],
            [.integer(1), .integer(-1234), .integer(7), .boolean(true), .blob((0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
             .text(String(repeating: "x\\y\t", count: 50_000)), .text("big")],
        ]
        for row in rows {
            try connection.run(SQLStatement("INSERT INTO awkward VALUES ($1, $2, $3, $4, $5, $6, $7)", row))
        }
    }

    @Test("canonical rows from binary COPY equal PostgreSQL's text COPY, and binary rows pass through unchanged")
    func binaryEqualsText() throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: url)
        try Self.awkwardTable(connection)

        var text: [[UInt8]] = []
        try connection.copyOut("COPY (\(Self.select)) TO STDOUT") { chunk in text.append(Array(chunk.dropLast())) }
        var binary: [[UInt8]] = []
        try connection.copyOutBinary("COPY (\(Self.select)) TO STDOUT (FORMAT binary)") { row in
            var line: [UInt8] = []
            row.appendCanonical(as: Self.kinds, to: &line)
            binary.append(line)
        }
        #expect(text.count == 4)
        #expect(binary == text)

        // Tuples written back as they came make an identical table.
        try connection.execute("CREATE TABLE copied (LIKE awkward)")
        let target = try PostgresConnection(url: url)
        let stored = try target.copyIn("COPY copied FROM STDIN (FORMAT binary)") { writer in
            try PostgresCopyWriter.binaryHeader.withUnsafeBytes { try writer.writeRaw($0) }
            try connection.copyOutBinary("COPY awkward TO STDOUT (FORMAT binary)") { row in try writer.writeRaw(row.tuple) }
            try PostgresCopyWriter.binaryTrailer.withUnsafeBytes { try writer.writeRaw($0) }
        }
        #expect(stored == 4)
        let difference = try connection.query(
            "SELECT count(*) FROM ((TABLE awkward EXCEPT ALL TABLE copied) UNION ALL (TABLE copied EXCEPT ALL TABLE awkward)) d")
        #expect(difference.rows == [[.integer(0)]])
    }

    @Test("binary COPY data cut anywhere, even byte by byte, parses into the same rows")
    func parserHoldsSplitRows() throws {
        let connection = try PostgresConnection(url: try Fixtures.postgresDatabase())
        try connection.execute("CREATE TABLE awkward (a smallint, b integer, c bigint, flag boolean, data bytea, body text, name varchar(300))")
        try connection.execute("INSERT INTO awkward VALUES (1, 2, 3, true, '\\x00ff', 'a\tb', NULL), (4, NULL, 6, false, '', '', 'z')")
        var stream: [UInt8] = []
        try connection.copyOut("COPY awkward TO STDOUT (FORMAT binary)") { stream += $0 }
        func rows(chunkSize: Int) throws -> [[[UInt8]?]] {
            var parser = PostgresBinaryCopyParser()
            var pending: [UInt8] = []
            var found: [[[UInt8]?]] = []
            for start in stride(from: 0, to: stream.count, by: chunkSize) {
                pending += stream[start..<min(start + chunkSize, stream.count)]
                let used = try pending.withUnsafeBytes { data in
                    try parser.consume(data) { row in found.append(row.fields.map { $0.map(Array.init) }) }
                }
                pending.removeFirst(used)
            }
            #expect(pending.isEmpty)
            return found
        }
        let whole = try rows(chunkSize: stream.count)
        #expect(whole.count == 2)
        #expect(whole[0][4] == [0x00, 0xFF])
        #expect(whole[0][6] == nil)
        #expect(try rows(chunkSize: 1) == whole)
        #expect(try rows(chunkSize: 7) == whole)
    }

    @Test("only the tables with binary content and no backfills travel as binary")
    func planChoosesBinaryTables() throws {
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        let plans = try MergeMapping.tables(live: [.um: legacy, .reg: legacy], rows: [:])
        #expect(plans.filter(\.binaryTransfer).map(\.name).sorted() == ["REG_CONTENT", "REG_CONTENT_HISTORY", "REG_SNAPSHOT"])
    }
}

/// Values a source lends (SQLite) go into PostgreSQL as binary COPY in their columns' send formats:
/// they must be stored exactly as COPY text of their canonical rows stores them, and refused where
/// COPY text refuses them.
extension BinaryCopyTests {
    static let lentKinds: [ValueKind] = [.integer, .integer, .integer, .integer, .boolean, .binary, .text, .text, .text]
    static let lentColumns = ["id", "a", "b", "c", "flag", "data", "body", "name", "code"]

    /// A SQLite table of untyped columns, which keep every value in the storage class it was given.
    static func lendingSource(_ rows: [[SQLValue]], columns: [String] = lentColumns) throws -> SQLiteConnection {
        let source = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try source.execute("CREATE TABLE s (\(columns.joined(separator: ", ")))")
        let placeholders = columns.indices.map { source.dialect.placeholder($0 + 1) }.joined(separator: ", ")
        for row in rows { try source.run(SQLStatement("INSERT INTO s VALUES (\(placeholders))", row)) }
        return source
    }

    /// Copies the source's rows into `table` as the merge does, the values lent (binary COPY) or not
    /// (COPY text of the canonical rows), with `extra` appended to each row as backfills are.
    static func copy(
        _ source: SQLiteConnection, into table: String, on target: PostgresConnection, columns: [String], kinds: [ValueKind],
        lent: Bool, extra: (Int) -> [SQLValue] = { _ in [] }
    ) throws {
        var number = 0
        let write = BulkWrite(table: table, columns: columns + extra(0).indices.map { "x\($0)" }, kinds: kinds, lent: lent)
        _ = try target.writeRows(write) { writer in
            try source.readRows(BulkRead(select: "SELECT \(columns.joined(separator: ", ")) FROM s", kinds: kinds)) { row in
                number += 1
                try writer.write(row, appending: extra(number))
            }
        }
    }

    @Test("lent values written as binary COPY are stored as COPY text stores their canonical rows")
    func lentValuesAsBinary() throws {
        let source = try Self.lendingSource([
            [.integer(1), .integer(-32768), .integer(-2_147_483_648), .integer(Int64.min), .integer(1), .blob(Array(0...255)),
             .text("tab\tnl\ncr\rbs\\ bell\u{7} 😀 'q'"), .text(""), .text("abcde")],
            [.integer(2), .integer(32767), .integer(2_147_483_647), .integer(Int64.max), .integer(0), .blob([]), .text(""), .text("Ünïcödé"),
             .text("ab")],
            [.integer(3), .null, .null, .null, .null, .null, .null, .null, .null],
            // Values SQLite keeps in a column of another type, which COPY text reads by the column's type.
            [.text("42"), .double(7.0), .text("-9"), .text("+12"), .text("yes"), .text("as text"), .integer(5), .double(2.5), .integer(12)],
            [.integer(5), .integer(0), .integer(0), .integer(0), .text("OFF"), .blob([0x5c, 0x78]), .blob(Array("blob".utf8)), .double(-0.5),
             .text("é")],
        ])
        let target = try PostgresConnection(url: try Fixtures.postgresDatabase())
        let columns = "id integer, a smallint, b integer, c bigint, flag boolean, data bytea, body text, name varchar(10), code char(5)"
        try target.execute("CREATE TABLE as_text (\(columns), x0 varchar(36), x1 bigint); CREATE TABLE as_binary (LIKE as_text)")
        let backfills: (Int) -> [SQLValue] = { [.text("uuid-\($0)"), .integer(Int64($0) + 1000)] }
        try Self.copy(source, into: "as_text", on: target, columns: Self.lentColumns, kinds: Self.lentKinds, lent: false, extra: backfills)
        try Self.copy(source, into: "as_binary", on: target, columns: Self.lentColumns, kinds: Self.lentKinds, lent: true, extra: backfills)

        let all = Self.lentColumns + ["x0", "x1"]
        #expect(try target.binaryTypes(of: BulkWrite(table: "as_binary", columns: all, kinds: Self.lentKinds, lent: true)) != nil, "the lent rows went as binary COPY")
        func lines(_ table: String) throws -> [String] {
            var lines: [String] = []
            try target.copyOut("COPY (SELECT * FROM \(table) ORDER BY id) TO STDOUT") { lines.append(String(decoding: $0.dropLast(), as: UTF8.self)) }
            return lines
        }
        let binary = try lines("as_binary")
        #expect(binary.count == 5)
        #expect(binary == (try lines("as_text")))
        #expect(binary[1].hasSuffix("\tab   \tuuid-2\t1002"), "CHAR(5) padded by the server, backfills after the row")
        #expect(binary[4] == "42\t7\t-9\t12\tt\t\\\\x61732074657874\t5\t2.5\t12   \tuuid-4\t1004")
    }

    @Test("a table with a type written as COPY text, or a column of another kind than its type, is not written as binary COPY")
    func textOnlyTypes() throws {
        let target = try PostgresConnection(url: try Fixtures.postgresDatabase())
        try target.execute("CREATE TABLE stamped (id integer, at timestamp); CREATE TABLE plain (id integer, body text)")
        #expect(try target.binaryTypes(of: BulkWrite(table: "stamped", columns: ["id", "at"], kinds: [.integer, .timestamp], lent: true)) == nil)
        #expect(try target.binaryTypes(of: BulkWrite(table: "plain", columns: ["id", "body"], kinds: [.integer, .binary], lent: true)) == nil)
        #expect(try target.binaryTypes(of: BulkWrite(table: "plain", columns: ["id", "body"], kinds: [.integer, .text], lent: true)) == [.int4, .text])
    }

    /// Values a column refuses as COPY text (by the server's SQLSTATE), or takes but stores as
    /// another value, so that the row would not verify (`nil`).
    static let refused: [(type: String, kind: ValueKind, value: SQLValue, sqlState: String?)] = [
        ("smallint", .integer, .integer(40000), "22003"),
        ("integer", .integer, .integer(3_000_000_000), "22003"),
        ("integer", .integer, .text("abc"), "22P02"),
        ("integer", .integer, .text(" 12"), nil),
        ("bigint", .integer, .double(1.5), "22P02"),
        ("boolean", .boolean, .text("maybe"), "22P02"),
        ("boolean", .boolean, .text("tr"), nil),
        ("text", .text, .blob([0x61, 0xFF, 0x62]), "22021"),
        ("text", .text, .text("a\u{0}b"), "22021"),
        ("varchar(3)", .text, .text("abcd"), "22001"),
        ("char(3)", .text, .text("abcd"), "22001"),
    ]

    @Test("a lent value its column refuses, or would store as another value, fails binary COPY with the server's SQLSTATE; nothing is stored", arguments: refused)
    func lentValueRefused(type: String, kind: ValueKind, value: SQLValue, sqlState: String?) throws {
        let source = try Self.lendingSource([[.integer(1), value]], columns: ["id", "v"])
        let target = try PostgresConnection(url: try Fixtures.postgresDatabase())
        try target.execute("CREATE TABLE t (id integer, v \(type))")
        let kinds: [ValueKind] = [.integer, kind]
        #expect(try target.binaryTypes(of: BulkWrite(table: "t", columns: ["id", "v"], kinds: kinds, lent: true)) != nil)

        func failure(lent: Bool) -> DatabaseError? {
            do {
                try Self.copy(source, into: "t", on: target, columns: ["id", "v"], kinds: kinds, lent: lent)
                return nil
            } catch {
                return error as? DatabaseError
            }
        }
        let binary = try #require(failure(lent: true), "binary COPY refuses \(value) in \(type)")
        #expect(try target.query("SELECT count(*) FROM t").rows == [[.integer(0)]], "nothing stored")
        if let sqlState {
            #expect(binary.sqlState == sqlState, "\(binary)")
            #expect(failure(lent: false)?.sqlState == sqlState, "COPY text refuses it the same way")
        } else {
            #expect(binary.sqlState == "22P02", "\(binary)")
            // COPY text takes it, as another value than the source's row spells.
            #expect(failure(lent: false) == nil)
            var stored: [UInt8] = []
            try target.copyOut("COPY (SELECT id, v FROM t) TO STDOUT") { stored = Array($0.dropLast()) }
            var spelled: [UInt8] = []
            try source.readRows(BulkRead(select: "SELECT id, v FROM s", kinds: kinds)) { row in row.appendCanonical(as: kinds, to: &spelled) }
            #expect(stored != spelled, "the merge's verification would refuse the row")
        }
        if binary.sqlState == "22003" || binary.sqlState == "22P02" {
            #expect(binary.detail == "column v of t", "the column is named")
        }
    }
}
