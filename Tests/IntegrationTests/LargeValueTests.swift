import Foundation
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
@testable import WSO2Migrator

/// Values of `LargeValue.threshold` bytes and more, lent in pieces by real PostgreSQL and SQLite
/// bulk reads and written in pieces by their bulk writers: spelled, hashed and stored exactly as the
/// same value read whole.
@Suite struct LargeValueTests {
    enum Engine: String, CaseIterable, CustomStringConvertible {
        case postgres, sqlite
        var description: String { rawValue }
    }

    static let kinds: [ValueKind] = [.integer, .binary, .integer]
    /// Just over the threshold, and not a whole number of pieces.
    static let large: [UInt8] = (0..<(LargeValue.threshold + LargeValue.pieceSize / 2 + 3)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }

    static func connect(_ engine: Engine) throws -> any DatabaseConnection {
        switch engine {
        case .postgres: try PostgresConnection(url: try Fixtures.postgresDatabase())
        case .sqlite: try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        }
    }

    /// A table `name` (id, data, tenant): one large value, one small, one NULL.
    static func table(_ name: String, on connection: any DatabaseConnection, filled: Bool) throws {
        let blob = connection.dialect.engineName == "PostgreSQL" ? "bytea" : "BLOB"
        try connection.execute("CREATE TABLE \(name) (id integer, data \(blob), tenant integer)")
        guard filled else { return }
        let insert = "INSERT INTO \(name) (id, data, tenant) VALUES (\((1...3).map { connection.dialect.placeholder($0) }.joined(separator: ", ")))"
        for row: [SQLValue] in [[.integer(1), .blob(large), .integer(-1234)], [.integer(2), .blob([0, 9, 92, 255]), .integer(1)], [.integer(3), .null, .integer(2)]] {
            try connection.run(SQLStatement(insert, row))
        }
    }

    static func bulkTable(_ name: String) -> BulkTable {
        BulkTable(name: name, columns: ["id", "data", "tenant"], quotedExactly: true, mayBeLarge: [1])
    }

    /// Every row's canonical spelling, large values spelled in full, with its length as the row says.
    static func lines(
        _ connection: any DatabaseConnection, _ name: String, inPieces: Bool, columns: [String] = ["id", "data", "tenant"],
        kinds: [ValueKind] = LargeValueTests.kinds
    ) throws -> [[UInt8]] {
        let table = BulkTable(name: name, columns: columns, quotedExactly: true, mayBeLarge: [1])
        var lines: [[UInt8]] = []
        try connection.readRows(BulkRead(select: table.select(in: connection.dialect), kinds: kinds, table: inPieces ? table : nil)) { row in
            var line: [UInt8] = []
            try row.forEachCanonicalPiece(as: kinds) { line.append(contentsOf: $0) }
            #expect(try row.canonicalCount(as: kinds) == line.count)
            lines.append(line)
        }
        return lines.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test("a hash made over pieces is the hash of the bytes whole, however they are cut")
    func hashInPieces() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let whole = bytes.withUnsafeBytes { ContentDigest.hash($0) }
            for _ in 0..<20 {
                var hasher = ContentDigest.Hasher(count: length)
                var start = 0
                while start < length {
                    let end = min(length, start + Int.random(in: 0...17, using: &generator))
                    bytes[start..<end].withUnsafeBytes { hasher.add($0) }
                    start = end
                }
                #expect(hasher.result().map { [$0.0, $0.1] } == [whole.0, whole.1], "\(length) bytes")
            }
            var short = ContentDigest.Hasher(count: length + 1)
            bytes.withUnsafeBytes { short.add($0) }
            #expect(short.result() == nil, "fewer bytes than announced is no hash")
        }
    }

    @Test("a large value is lent in pieces, NULL in its place in the row, and spells as the value read whole", arguments: Engine.allCases)
    func readInPieces(engine: Engine) throws {
        let connection = try Self.connect(engine)
        try Self.table("t", on: connection, filled: true)
        var large = 0
        try connection.readRows(BulkRead(select: Self.bulkTable("t").select(in: connection.dialect), kinds: Self.kinds, table: Self.bulkTable("t"))) { row in
            guard let value = row.largeValues[1] else { return }
            large += 1
            #expect(value.byteCount == Self.large.count && !value.isText)
            #expect(row.canonical.map { String(decoding: $0, as: UTF8.self) } == "1\t\\N\t-1234", "NULL stands in for the large value")
            var bytes: [UInt8] = []
            var pieces = 0
            try value.forEachPiece {
                #expect($0.count <= LargeValue.pieceSize)
                bytes.append(contentsOf: $0)
                pieces += 1
            }
            #expect(bytes == Self.large && pieces == 3)
        }
        #expect(large == 1, "exactly the one value over the threshold is lent in pieces")
        #expect(try Self.lines(connection, "t", inPieces: true) == Self.lines(connection, "t", inPieces: false))
    }

    @Test(
        "rows holding large values are written in pieces and read back the same, on every pair of engines",
        arguments: Engine.allCases.flatMap { source in Engine.allCases.map { (source, $0) } })
    func writeInPieces(source engine: Engine, target targetEngine: Engine) throws {
        let source = try Self.connect(engine)
        try Self.table("t", on: source, filled: true)
        let target = try Self.connect(targetEngine)
        try Self.table("u", on: target, filled: false)
        let table = Self.bulkTable("t")
        _ = try target.exclusiveTransaction {
            // Lent values as the merge gives them: from SQLite into PostgreSQL, a binary COPY the row leaves for its large value.
            try target.writeRows(BulkWrite(table: "u", columns: table.columns, kinds: Self.kinds, lent: source.lendsValues)) { writer in
                try source.readRows(BulkRead(select: table.select(in: source.dialect), kinds: Self.kinds, table: table)) { row in
                    try writer.write(row, appending: [])
                }
            }
        }
        #expect(try Self.lines(target, "u", inPieces: false) == Self.lines(source, "t", inPieces: false))
        let stored = try target.query("SELECT data FROM u WHERE id = 1").rows.first?.first
        #expect(stored == .blob(Self.large), "the value is stored as bytes, whole")
    }
}

/// Large text: PostgreSQL lends a `TEXT` value of `LargeValue.threshold` bytes and more in pieces cut
/// by bytes (through a character where one falls on a cut), which spell, hash and store exactly as
/// the value read whole.
extension LargeValueTests {
    /// Characters of one to four bytes, a backslash and a TAB (escaped in the canonical spelling):
    /// 12 bytes, of which the piece size is no multiple, so cuts fall inside characters.
    static let textPattern = "aé€😀\\\t"
    static let largeText = String(
        repeating: textPattern, count: (LargeValue.threshold + LargeValue.pieceSize / 2) / textPattern.utf8.count + 1)
    static let textKinds: [ValueKind] = [.integer, .text]

    static func textTable(_ name: String, on connection: any DatabaseConnection, filled: Bool) throws {
        try connection.execute("CREATE TABLE \(name) (id integer, body text)")
        guard filled else { return }
        let insert = "INSERT INTO \(name) (id, body) VALUES (\(connection.dialect.placeholder(1)), \(connection.dialect.placeholder(2)))"
        for row: [SQLValue] in [[.integer(1), .text(largeText)], [.integer(2), .text("small \\ é")], [.integer(3), .null]] {
            try connection.run(SQLStatement(insert, row))
        }
    }

    static func textLines(_ connection: any DatabaseConnection, _ name: String, inPieces: Bool) throws -> [[UInt8]] {
        try lines(connection, name, inPieces: inPieces, columns: ["id", "body"], kinds: textKinds)
    }

    @Test("a large TEXT value is lent in pieces by its bytes, cut inside characters, and spells as the value read whole")
    func textInPieces() throws {
        let connection = try Self.connect(.postgres)
        try Self.textTable("t", on: connection, filled: true)
        let table = BulkTable(name: "t", columns: ["id", "body"], quotedExactly: true, mayBeLarge: [1])
        var lent = 0
        try connection.readRows(BulkRead(select: table.select(in: connection.dialect), kinds: Self.textKinds, table: table)) { row in
            guard let value = row.largeValues[1] else { return }
            lent += 1
            #expect(value.isText && value.byteCount == Self.largeText.utf8.count)
            var bytes: [UInt8] = []
            var cuts: [Int] = []
            try value.forEachPiece { piece in
                #expect(piece.count <= LargeValue.pieceSize)
                bytes.append(contentsOf: piece)
                cuts.append(bytes.count)
            }
            let expected = Array(Self.largeText.utf8)
            #expect(bytes == expected)
            // A UTF-8 continuation byte right after a cut: the cut fell inside a character.
            #expect(cuts.dropLast().contains { expected[$0] & 0xC0 == 0x80 }, "the pieces are cut by bytes, some inside a character")
        }
        #expect(lent == 1)
        #expect(try Self.textLines(connection, "t", inPieces: true) == Self.textLines(connection, "t", inPieces: false))
    }

    @Test("rows holding a large TEXT value read in pieces from PostgreSQL are stored as that text, on either engine", arguments: Engine.allCases)
    func textWritten(target targetEngine: Engine) throws {
        let source = try Self.connect(.postgres)
        try Self.textTable("t", on: source, filled: true)
        let target = try Self.connect(targetEngine)
        try Self.textTable("u", on: target, filled: false)
        let table = BulkTable(name: "t", columns: ["id", "body"], quotedExactly: true, mayBeLarge: [1])
        var large = 0
        _ = try target.exclusiveTransaction {
            try target.writeRows(BulkWrite(table: "u", columns: table.columns, kinds: Self.textKinds)) { writer in
                try source.readRows(BulkRead(select: table.select(in: source.dialect), kinds: Self.textKinds, table: table)) { row in
                    large += row.largeValues.count
                    try writer.write(row, appending: [])
                }
            }
        }
        #expect(large == 1, "the large value travelled in pieces")
        #expect(try Self.textLines(target, "u", inPieces: false) == Self.textLines(source, "t", inPieces: false))
        let stored = try target.query("SELECT body FROM u WHERE id = 1").rows.first?.first
        #expect(stored == .text(Self.largeText), "stored as text, whole")
        if targetEngine == .sqlite {
            #expect(try target.query("SELECT typeof(body) FROM u WHERE id = 1").rows.first?.first == .text("text"))
        }
    }
}
