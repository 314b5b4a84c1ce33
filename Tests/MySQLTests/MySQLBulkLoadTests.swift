import Foundation
import LocalMariaDB
import SQLDriver
import Testing

@testable import MySQLDriver

/// Rows into MySQL through `LOAD DATA LOCAL INFILE` fed from memory, and through INSERTs where the
/// server refuses that: the same bytes either way, and every value the server would have
/// "adjusted" with a warning refused instead.
@Suite("MySQL bulk load")
struct MySQLBulkLoadTests {
    static let columns = ["A", "B", "C", "E", "F", "G", "H", "J"]
    static let kinds: [ValueKind] = [.integer, .integer, .boolean, .text, .text, .binary, .timestamp, .text]

    static func table(_ connection: MySQLConnection, _ name: String) throws {
        try connection.execute(
            """
            CREATE TABLE `\(name)` (A INT PRIMARY KEY, B BIGINT, C TINYINT(1), E VARCHAR(100) CHARACTER SET latin1,
              F TEXT CHARACTER SET utf8mb4, G LONGBLOB, H DATETIME, J VARCHAR(20))
            """)
    }

    /// Values LOAD DATA's text form has to escape, and the ones it could confuse with NULL.
    static let rows: [[SQLValue]] = [
        [.integer(1), .integer(Int64.max), .boolean(true), .text("tab\there\\ and é"), .text("line\nbreak\r\nand NUL \u{0} end"),
         .blob(Array(0...255)), .text("2019-03-01 10:15:00"), .text("\\N")],
        [.integer(2), .integer(Int64.min), .boolean(false), .text(""), .text("😀 four bytes, \\t not a tab"), .blob([]),
         .text("1970-01-01 00:00:01"), .null],
        [.integer(3), .null, .null, .null, .null, .null, .null, .text("N")],
    ]

    /// Writes `rows` into a fresh `name` in one transaction, in bulk, and reads them back canonically.
    static func roundTrip(_ connection: MySQLConnection, _ name: String) throws -> [String] {
        // By default a table with binary columns goes as INSERTs: this one is loaded, every byte.
        connection.bulkMethod = .load
        try table(connection, name)
        try connection.prepareSession(.bulkLoad)
        try connection.begin()
        try connection.writeRows(BulkWrite(table: name, columns: columns, kinds: kinds)) { writer in
            for row in rows {
                try canonical(row).withUnsafeBytes { try writer.write(BulkRow(count: row.count, canonical: $0), appending: []) }
            }
        }
        try connection.commit()
        var read: [String] = []
        try connection.readRows(BulkRead(select: "SELECT \(columns.joined(separator: ", ")) FROM `\(name)` ORDER BY A", kinds: kinds)) {
            read.append(String(decoding: $0.canonical!, as: UTF8.self))
        }
        return read
    }

    /// A row in the canonical spelling every engine's bulk read gives.
    static func canonical(_ row: [SQLValue]) -> [UInt8] {
        var line: [UInt8] = []
        for (field, value) in row.enumerated() {
            if field > 0 { line.append(9) }
            CanonicalRow.append(value, as: kinds[field], to: &line)
        }
        return line
    }

    /// What the rows read back as when every byte arrived.
    static var expected: [String] { rows.map { String(decoding: canonical($0), as: UTF8.self) } }

    @Test("rows go in through LOAD DATA LOCAL INFILE fed from memory: tabs, newlines, backslashes, NUL, \\N and every byte kept")
    func loads() throws {
        let connection = try MySQLFixtures.connection()
        #expect(try Self.roundTrip(connection, "LOADED") == Self.expected)
        #expect(connection.localInfileAccepted == true, "the rows went through LOAD DATA")
    }

    @Test("a row that repeats a key fails the load (LOCAL would skip it with a warning); no row of it is kept")
    func duplicateFails() throws {
        let connection = try MySQLFixtures.connection()
        try Self.table(connection, "TWICE")
        try connection.prepareSession(.bulkLoad)
        connection.bulkMethod = .load
        let error = #expect(throws: DatabaseError.self) {
            try connection.writeRows(BulkWrite(table: "TWICE", columns: ["A"], kinds: [.integer])) { writer in
                for line in ["7", "7"] {
                    try Array(line.utf8).withUnsafeBytes { try writer.write(BulkRow(count: 1, canonical: $0), appending: []) }
                }
            }
        }
        #expect(error?.errorNumber == MySQLErrorNumber.duplicateEntry, "\(String(describing: error))")
        #expect(try connection.query("SELECT COUNT(*) FROM TWICE").rows.first?.first == .integer(0))
    }

    @Test("the handler serves only the rows being loaded: a file named in LOAD DATA LOCAL is never read from disk")
    func noFileRead() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute("CREATE TABLE LEAK (LINE TEXT)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-infile-\(UUID().uuidString)").path
        try "secret line\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: DatabaseError.self) { try connection.execute("LOAD DATA LOCAL INFILE '\(file)' INTO TABLE LEAK") }
        #expect(try connection.query("SELECT COUNT(*) FROM LEAK").rows.first?.first == .integer(0))
    }

    @Test("a server with local_infile = OFF: rows go in as INSERTs instead, the same bytes")
    func refusedFallsBack() throws {
        let server = try LocalMariaDB.startPrivate()
        defer { try? server.kill() }
        try server.mariadb(command: "SET GLOBAL local_infile = 0")
        let name = try server.createDatabase(prefix: "refusing")
        let connection = try MySQLConnection(url: try MySQLURL(parsing: server.url(database: name)))
        try connection.execute("CREATE TABLE PROBE (LINE TEXT)")
        let refused = #expect(throws: DatabaseError.self) { try connection.execute("LOAD DATA LOCAL INFILE 'x' INTO TABLE PROBE") }
        // MariaDB 10.11 says 4166; MySQL and older MariaDB 1148.
        #expect(MySQLErrorNumber.localInfileRefusals.contains(refused?.errorNumber ?? 0), "the server refuses it: \(String(describing: refused))")
        #expect(try Self.roundTrip(connection, "INSERTED") == Self.expected)
        #expect(connection.localInfileAccepted == false, "the rows went as INSERTs")
    }
}
