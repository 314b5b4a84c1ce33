import Foundation
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
@testable import WSO2Migrator

/// The canonical row spelling (`CanonicalRow`) of every value kind, held equal across engines and
/// paths: the same logical row stored in PostgreSQL and in SQLite, read through PostgreSQL's text
/// and binary transfer and through SQLite's lent values, packed rows and copied values, gives the
/// same bytes, and those bytes are the ones the spelling's documentation writes down.
@Suite("canonical spelling across engines")
struct CanonicalSpellingTests {
    static let columns = "i, s, big, flag, at, exact, body, empty, data, missing"
    static let kinds: [ValueKind] = [.integer, .integer, .integer, .boolean, .timestamp, .timestamp, .text, .text, .binary, .text]
    /// The columns binary transfer carries (timestamps travel as text only).
    static let binaryColumns = "i, s, big, flag, body, empty, data, missing"
    static let binaryKinds: [ValueKind] = [.integer, .integer, .integer, .boolean, .text, .text, .binary, .text]
    static let body = "tab\tnl\ncr\rbs\\ vt\u{b} ff\u{c} bsp\u{8} ü 😀 'q' \"d\" \\N"

    /// The row as the documentation spells it, field by field.
    static let expected: [String] = [
        "-2147483648", "32767", "-9223372036854775808", "t", "2019-03-01 10:15:00", "2020-02-29 23:59:59.123456",
        "tab\\tnl\\ncr\\rbs\\\\ vt\\v ff\\f bsp\\b ü 😀 'q' \"d\" \\\\N", "", "\\\\x00ff0a5c", "\\N",
    ]

    static func line(_ fields: [String]) -> [UInt8] { Array(fields.joined(separator: "\t").utf8) }

    @Test("integers, booleans, timestamps with and without fraction, text, empty, binary and NULL spell alike from PostgreSQL and SQLite")
    func sameBytesEverywhere() throws {
        let postgres = try PostgresConnection(url: try Fixtures.postgresDatabase())
        try postgres.prepareSession(.read)
        try postgres.execute("SET default_transaction_read_only = off")
        try postgres.execute(
            "CREATE TABLE t (i integer, s smallint, big bigint, flag boolean, at timestamp, "
                + "exact timestamp, body text, empty varchar(10), data bytea, missing text)")
        try postgres.run(
            SQLStatement(
                "INSERT INTO t VALUES ($1, $2, $3, $4, '2019-03-01 10:15:00', '2020-02-29 23:59:59.123456', $5, $6, $7, NULL)",
                [.integer(-2_147_483_648), .integer(32767), .integer(Int64.min), .boolean(true), .text(Self.body), .text(""), .blob([0, 255, 10, 92])]))

        let sqlite = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try sqlite.execute(
            "CREATE TABLE t (i INTEGER, s SMALLINT, big BIGINT, flag BOOLEAN, at TIMESTAMP, exact TIMESTAMP, body TEXT, empty VARCHAR(10), "
                + "data BLOB, missing TEXT)")
        // SQLite's looser storage: a boolean as 1, timestamps as the text an application wrote.
        try sqlite.run(
            SQLStatement(
                "INSERT INTO t VALUES (?1, ?2, ?3, 1, '2019-03-01T10:15:00.000Z', '2020-02-29 23:59:59.1234560+00:00', ?4, '', ?5, NULL)",
                [.integer(-2_147_483_648), .integer(32767), .integer(Int64.min), .text(Self.body), .blob([0, 255, 10, 92])]))

        func read(_ connection: any DatabaseConnection, _ columns: String, _ kinds: [ValueKind], native: Bool = false) throws -> [UInt8] {
            var lines: [[UInt8]] = []
            try connection.readRows(BulkRead(select: "SELECT \(columns) FROM t", kinds: kinds, native: native)) { lines.append(Array($0.canonical!)) }
            #expect(lines.count == 1)
            return lines.first ?? []
        }
        let expected = Self.line(Self.expected)
        #expect(String(decoding: try read(postgres, Self.columns, Self.kinds), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try read(postgres, Self.columns, Self.kinds) == expected, "PostgreSQL, text transfer")
        #expect(try read(sqlite, Self.columns, Self.kinds) == expected, "SQLite, lent values")

        var packed = PackedRows()
        try sqlite.readRows(BulkRead(select: "SELECT \(Self.columns) FROM t", kinds: Self.kinds)) { try packed.append($0) }
        var unpacked: [UInt8] = []
        packed.forEachRow(columns: Self.kinds.count) {
            #expect($0.lendsValues && $0.canonical == nil)
            $0.appendCanonical(as: Self.kinds, to: &unpacked)
        }
        #expect(unpacked == expected, "SQLite, packed for another thread")

        // A read that only looks at values (the checks before a merge) is not spelled, and lends the same values.
        var unspelled: [UInt8] = []
        try sqlite.readRows(BulkRead(select: "SELECT \(Self.columns) FROM t", kinds: Self.kinds, spelled: false)) {
            #expect($0.lendsValues && $0.canonical == nil)
            $0.appendCanonical(as: Self.kinds, to: &unspelled)
        }
        #expect(unspelled == expected, "SQLite, values lent unspelled")

        // PostgreSQL lends no values: its rows are packed as the canonical lines read, and unpacked
        // as such; among lent ones, each row as it was packed.
        try postgres.readRows(BulkRead(select: "SELECT \(Self.columns) FROM t", kinds: Self.kinds)) { try packed.append($0) }
        try sqlite.readRows(BulkRead(select: "SELECT \(Self.columns) FROM t", kinds: Self.kinds)) { try packed.append($0) }
        var lines: [[UInt8]] = []
        var lending: [Bool] = []
        packed.forEachRow(columns: Self.kinds.count) { row in
            var line: [UInt8] = []
            row.appendCanonical(as: Self.kinds, to: &line)
            lines.append(line)
            lending.append(row.lendsValues)
        }
        #expect(lines == [expected, expected, expected], "PostgreSQL and SQLite, packed together")
        #expect(lending == [true, false, true])

        var copied: [UInt8] = []
        try sqlite.forEachRow(SQLStatement("SELECT \(Self.columns) FROM t")) { CanonicalRow.append($0, as: Self.kinds, to: &copied) }
        #expect(copied == expected, "SQLite, values copied out")

        let binaryExpected = Self.line([0, 1, 2, 3, 6, 7, 8, 9].map { Self.expected[$0] })
        #expect(try read(postgres, Self.binaryColumns, Self.binaryKinds, native: true) == binaryExpected, "PostgreSQL, binary transfer")
        #expect(try read(sqlite, Self.binaryColumns, Self.binaryKinds) == binaryExpected)
    }

    @Test("text with NUL and invalid UTF-8 is spelled as the bytes it is, on every SQLite path; binary holding them is equal to PostgreSQL's")
    func nulAndInvalidBytes() throws {
        let sqlite = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try sqlite.execute("CREATE TABLE t (body TEXT, data BLOB); INSERT INTO t VALUES (CAST(x'61006200ff62' AS TEXT), x'61006200ff62')")
        let kinds: [ValueKind] = [.text, .binary]
        let expected: [UInt8] = [0x61, 0, 0x62, 0, 0xff, 0x62, 9] + Array("\\\\x61006200ff62".utf8)
        var lent: [UInt8] = []
        var packed = PackedRows()
        try sqlite.readRows(BulkRead(select: "SELECT body, data FROM t", kinds: kinds)) { row in
            lent = Array(row.canonical!)
            try packed.append(row)
        }
        var unpacked: [UInt8] = []
        packed.forEachRow(columns: 2) { $0.appendCanonical(as: kinds, to: &unpacked) }
        #expect(lent == expected)
        #expect(unpacked == expected)

        let postgres = try PostgresConnection(url: try Fixtures.postgresDatabase())
        try postgres.prepareSession(.read)
        try postgres.execute("SET default_transaction_read_only = off")
        try postgres.execute("CREATE TABLE t (data bytea)")
        try postgres.run(SQLStatement("INSERT INTO t VALUES ($1)", [.blob([0x61, 0, 0x62, 0, 0xff, 0x62])]))
        for native in [false, true] {
            var line: [UInt8] = []
            try postgres.readRows(BulkRead(select: "SELECT data FROM t", kinds: [.binary], native: native)) { line = Array($0.canonical!) }
            #expect(line == Array("\\\\x61006200ff62".utf8), "native: \(native)")
        }
    }
}
