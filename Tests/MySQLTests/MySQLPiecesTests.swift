import Foundation
import LocalMariaDB
import SQLDriver
import Testing
import WSO2Schema

@testable import MySQLDriver

/// Values of `LargeValue.threshold` bytes and more on MySQL: written in pieces (`mysql_stmt_send_long_data`)
/// through both bulk writers, read back in pieces (`BulkRow.largeValues`), every byte kept; and the
/// most one value of a column can take, from its type and the server's `max_allowed_packet`.
@Suite("MySQL large values in pieces")
struct MySQLPiecesTests {
    static let columns = ["ID", "V", "T"]
    static let kinds: [ValueKind] = [.integer, .binary, .integer]
    /// Above the threshold, below MariaDB's default `max_allowed_packet` of 16 MB.
    static let valueBytes = 12_000_000

    /// Byte `offset` of the large value: not a repeating pattern of any piece size.
    static func byte(_ offset: Int) -> UInt8 { UInt8(truncatingIfNeeded: (offset &* 2_654_435_761) >> 13) }

    /// The large value, handed out in pieces of `LargeValue.pieceSize`, counted as they go.
    static func value(pieces: UnsafeMutablePointer<Int>) -> LargeValue {
        LargeValue(byteCount: valueBytes, isText: false) { piece in
            for offset in LargeValue.pieces(of: valueBytes) {
                let bytes = (offset..<min(offset + LargeValue.pieceSize, valueBytes)).map(byte)
                pieces.pointee += 1
                try bytes.withUnsafeBytes { try piece($0) }
            }
        }
    }

    @Test(
        "a 12 MB value goes in by both bulk writers and comes back lent in pieces, every byte kept; small rows as before",
        arguments: [MySQLBulkMethod.load, .insert])
    func roundTrip(method: MySQLBulkMethod) throws {
        let connection = try MySQLFixtures.connection()
        connection.bulkMethod = method
        try connection.execute("CREATE TABLE BIG (ID INT PRIMARY KEY, V LONGBLOB, T INT)")
        try connection.prepareSession(.bulkLoad)
        try connection.begin()
        let sent = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { sent.deallocate() }
        sent.pointee = 0
        try connection.writeRows(BulkWrite(table: "BIG", columns: Self.columns, kinds: Self.kinds)) { writer in
            try Array("1\t\\\\x00ff\t5".utf8).withUnsafeBytes { try writer.write(BulkRow(count: 3, canonical: $0), appending: []) }
            // The large value's place holds NULL in the canonical row, as a bulk read lends it.
            try Array("2\t\\N\t7".utf8).withUnsafeBytes {
                try writer.write(BulkRow(count: 3, canonical: $0, largeValues: [1: Self.value(pieces: sent)]), appending: [])
            }
            try Array("3\t\\N\t9".utf8).withUnsafeBytes { try writer.write(BulkRow(count: 3, canonical: $0), appending: []) }
        }
        try connection.commit()
        #expect(sent.pointee == 3, "the value was read from its lender once, in its three pieces")
        let stored = try connection.query("SELECT LENGTH(V) FROM BIG WHERE ID = 2").rows.first
        var expected = [UInt8]()
        expected.reserveCapacity(Self.valueBytes)
        for offset in 0..<Self.valueBytes { expected.append(Self.byte(offset)) }
        #expect(stored?.first == .integer(Int64(Self.valueBytes)))
        #expect(try connection.query("SELECT COUNT(*) FROM BIG WHERE V = ?", .blob(expected)).rows.first?.first == .integer(1), "the same bytes")

        let reader = try MySQLConnection(url: connection.address)
        try reader.prepareSession(.snapshot)
        let table = BulkTable(name: "BIG", columns: Self.columns, quotedExactly: true, mayBeLarge: [1])
        var lines: [String] = []
        var pieceSizes: [Int] = []
        var read: [UInt8] = []
        let count = try reader.readRows(BulkRead(select: table.select(in: reader.dialect), kinds: Self.kinds, table: table)) { row in
            lines.append(String(decoding: row.canonical!, as: UTF8.self))
            for (position, large) in row.largeValues {
                #expect(position == 1 && large.byteCount == Self.valueBytes && !large.isText)
                try large.forEachPiece { piece in
                    pieceSizes.append(piece.count)
                    read.append(contentsOf: piece)
                }
            }
        }
        #expect(count == 3)
        // The row holding the large value comes after the others, the value as NULL in its canonical row.
        #expect(lines == ["1\t\\\\x00ff\t5", "3\t\\N\t9", "2\t\\N\t7"])
        #expect(pieceSizes == [4 << 20, 4 << 20, Self.valueBytes - 8 << 20], "lent in pieces of 4 MB, never whole")
        #expect(read == expected)
    }

    @Test("the most one value of a column takes: its BLOB or TEXT type's limit, or the server's max_allowed_packet")
    func largestValue() throws {
        let connection = try MySQLFixtures.connection()
        let packet = try #require(try connection.query("SELECT @@GLOBAL.max_allowed_packet").rows.first?.first?.integerValue)
        let blob = try #require(try connection.largestValue(in: Column("V", .binary)))
        #expect(blob.bytes == 65535 && blob.reason.contains("BLOB") && blob.hint == nil)
        let long = try #require(try connection.largestValue(in: Column("V", .other("longblob"))))
        #expect(long.bytes == Int(packet) && long.reason.contains("max_allowed_packet"))
        #expect(long.hint?.contains("SET GLOBAL max_allowed_packet") == true)
        #expect(try connection.largestValue(in: Column("V", .varchar(10))) == nil)
    }
}
