import Foundation
@testable import PostgresDriver
import SQLDriver
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
