import Foundation
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
@testable import WSO2Migrator

/// The canonical row spelling and digest that merge-legacy compares sources and targets with.
@Suite struct CanonicalRowTests {
    static func line(_ values: [SQLValue], _ kinds: [ValueKind]) -> [UInt8] {
        var buffer: [UInt8] = []
        CanonicalRow.append(values, as: kinds, to: &buffer)
        return buffer
    }

    @Test func spellsValuesAsPostgresPrintsThem() {
        let kinds: [ValueKind] = [.integer, .boolean, .binary, .timestamp, .text, .text, .text]
        let bytes = Self.line(
            [.integer(-1234), .integer(1), .blob([0, 255, 10, 92]), .text("2019-03-01T10:15:00.500Z"), .text("a\tb\nc\\d\u{8}"), .text(""), .null],
            kinds)
        #expect(String(decoding: bytes, as: UTF8.self) == "-1234\tt\t\\\\x00ff0a5c\t2019-03-01 10:15:00.5\ta\\tb\\nc\\\\d\\b\t\t\\N")
    }

    @Test(arguments: [
        ("2019-03-01 10:15:00", "2019-03-01 10:15:00"),
        ("2019-03-01T10:15:00Z", "2019-03-01 10:15:00"),
        ("2019-03-01 10:15:00.120000", "2019-03-01 10:15:00.12"),
        ("2019-03-01 10:15", "2019-03-01 10:15:00"),
        ("2019-03-01", "2019-03-01 00:00:00"),
        // A zero offset is the same wall-clock time; any other offset, and every fraction digit, is
        // kept, so that a target that drops them cannot be hidden by the hash (issue 20, item 3).
        ("2019-03-01T10:15:00+00:00", "2019-03-01 10:15:00"),
        ("2019-03-01 10:15:00+05:30", "2019-03-01 10:15:00+05:30"),
        ("2019-03-01 10:15:00.1234567", "2019-03-01 10:15:00.1234567"),
        ("yesterday", "yesterday"),
        ("2019-03-01 10:15:00.", "2019-03-01 10:15:00"),
        ("2019-03-01 10:15:00.000", "2019-03-01 10:15:00"),
        ("2019-03-01 10:15:00-0000", "2019-03-01 10:15:00"),
        ("2019-03-01 10:15:00+05", "2019-03-01 10:15:00+05"),
        ("2019-03-01 10:15Z", "2019-03-01 10:15:00"),
        ("2019-03-01 10:15:00.50+01:00", "2019-03-01 10:15:00.5+01:00"),
        // Not timestamps: kept as written.
        ("2019-03-01 10:15:00+5", "2019-03-01 10:15:00+5"),
        ("2019-03-01 10:15:00 UTC", "2019-03-01 10:15:00 UTC"),
        ("2019-03-01 10:15:00+05x0", "2019-03-01 10:15:00+05x0"),
        ("2019-03-01x", "2019-03-01x"),
        ("2019-03-01 10:1", "2019-03-01 10:1"),
        ("2019-03-01 10:15:5", "2019-03-01 10:15:5"),
        ("2019-3-01", "2019-3-01"),
    ])
    func normalizesTimestamps(input: String, expected: String) {
        #expect(CanonicalRow.normalizedTimestamp(input) == expected)
        // A row spells a timestamp field as the value alone does, after what came before it in the
        // row, which text that is no timestamp leaves as it was.
        let line = Self.line([.integer(1), .text(input)], [.integer, .timestamp])
        #expect(String(decoding: line, as: UTF8.self) == "1\t" + expected)
    }

    @Test func timestampsTellFractionAndOffset() throws {
        func timestamp(_ text: String) -> CanonicalTimestamp? {
            Array(text.utf8).withUnsafeBytes { CanonicalTimestamp($0) }
        }
        let offset = try #require(timestamp("2019-03-01T10:15:00.50+01:00"))
        #expect(offset.fractionDigits == 1 && offset.offset == "+01:00")
        let zero = try #require(timestamp("2019-03-01 10:15:00.000-00:00"))
        #expect(zero.fractionDigits == 0 && zero.offset == nil)
        #expect(timestamp("2019-03-01 10:15:00 UTC") == nil)
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000, -10, -9, -1, 0, 1, 9, 10, 99, 100, 1_234_567_890, Int64.max - 1, Int64.max])
    func spellsIntegersInDecimal(number: Int64) {
        #expect(Self.line([.integer(number)], [.integer]) == Array(String(number).utf8))
    }

    /// The UUIDs the merge fills new UUID columns with are version 4, lower case, as `UUID()` spells them.
    @Test func randomUUIDsAreVersionFour() {
        let made = (0..<1000).map { _ in TableCopy.randomUUID() }
        #expect(Set(made).count == made.count)
        for uuid in made {
            #expect(UUID(uuidString: uuid)?.uuidString.lowercased() == uuid)
            let characters = Array(uuid)
            #expect(characters.count == 36 && characters[14] == "4" && "89ab".contains(characters[19]), "\(uuid)")
        }
    }

    @Test func decodeUndoesEncode() {
        let kinds: [ValueKind] = [.integer, .boolean, .binary, .text, .text, .timestamp]
        let values: [SQLValue] = [
            .integer(42), .integer(0), .blob(Array(0...255)), .text("quote ' \" tab\t nl\n cr\r bs\\ 😀 \u{b}\u{c}"), .null,
            .text("2020-02-29 23:59:59.999999"),
        ]
        let encoded = Self.line(values, kinds)
        let decoded = encoded.withUnsafeBytes { CanonicalRow.decode($0, as: kinds) }
        #expect(decoded == values)
        // PostgreSQL's own escapes are read too: octal and hex.
        let postgres = Array("\\101\\x42\tt".utf8).withUnsafeBytes { CanonicalRow.decode($0, as: [.text, .boolean]) }
        #expect(postgres == [.text("AB"), .integer(1)])
    }

    /// Canonical rows (as an engine that lends no values gives them) written through SQLite's bulk
    /// writer are stored as `decode` reads them: typed by kind, escapes undone, hex as bytes,
    /// invalid UTF-8 repaired, a field that does not fit its kind kept as text; and the values
    /// appended after them bound after them.
    @Test func canonicalRowsAreWrittenAsDecoded() throws {
        let connection = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try connection.execute("CREATE TABLE t (a, b, c, d, e, f)")
        let kinds: [ValueKind] = [.integer, .boolean, .binary, .text, .timestamp]
        let lines = [
            "42\tt\t\\\\x00ff0a5c\ttab\\there\t2019-03-01 10:15:00",
            "-7\tf\t\\\\x\t\\N\t\\N",
            "x1\tmaybe\t\\\\xabc\t\\303\\251t\\377\t\\101\\x42",
            "\\N\t\\N\tplain\t\t",
        ]
        try connection.writeRows(BulkWrite(table: "t", columns: ["a", "b", "c", "d", "e", "f"], kinds: kinds)) { writer in
            for (number, line) in lines.enumerated() {
                try Array(line.utf8).withUnsafeBytes { try writer.write(BulkRow(count: kinds.count, canonical: $0), appending: [.integer(Int64(number))]) }
            }
        }
        let stored = try connection.query("SELECT a, b, c, d, e FROM t ORDER BY f").rows
        let expected = lines.map { line in Array(line.utf8).withUnsafeBytes { CanonicalRow.decode($0, as: kinds) } }
        #expect(stored == expected)
        #expect(expected[0] == [.integer(42), .integer(1), .blob([0, 255, 10, 92]), .text("tab\there"), .text("2019-03-01 10:15:00")])
        #expect(expected[1] == [.integer(-7), .integer(0), .blob([]), .null, .null])
        #expect(expected[2] == [.text("x1"), .text("maybe"), .text("\\xabc"), .text("ét\u{FFFD}"), .text("AB")])
        #expect(expected[3] == [.null, .null, .text("plain"), .text(""), .text("")])
        let types = try connection.query("SELECT typeof(a), typeof(c) FROM t ORDER BY f").rows
        #expect(types.map { $0.map(\.textValue) } == [["integer", "blob"], ["integer", "blob"], ["text", "text"], ["null", "text"]])
    }

    /// A SQLite row spelled from the values SQLite lends, or from those values packed for another
    /// thread, gives the bytes it gives when copied out into `SQLValue`s first: invalid UTF-8,
    /// NUL, empty text and blobs, floats and blobs read as another kind included.
    @Test func lentAndPackedRowsSpellAsCopiedOnes() throws {
        let connection = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try connection.execute(
            """
            CREATE TABLE t (a, b, c, d, e);
            INSERT INTO t VALUES (1, 'plain', x'00ff0a5c', 2.5, NULL);
            INSERT INTO t VALUES (-7, CAST(x'61ff62' AS TEXT), CAST('text as blob' AS BLOB), 3.0, 'tab	here');
            INSERT INTO t VALUES ('2019-03-01T10:15:00.500Z', 'ünï 😀', x'', '', 'TRUE');
            INSERT INTO t VALUES (0, CAST(x'6100620a' AS TEXT), CAST(x'c3' AS TEXT), 1e300, x'e282ac');
            """)
        let kindSets: [[ValueKind]] = [
            [.integer, .text, .binary, .integer, .text], [.timestamp, .binary, .text, .text, .boolean],
            [.boolean, .timestamp, .binary, .timestamp, .binary],
        ]
        for kinds in kindSets {
            var copied: [[UInt8]] = []
            try connection.forEachRow(SQLStatement("SELECT * FROM t")) { copied.append(Self.line($0, kinds)) }
            var lent: [[UInt8]] = []
            var packed = PackedRows()
            try connection.readRows(BulkRead(select: "SELECT * FROM t", kinds: kinds)) { row in
                lent.append(Array(row.canonical!))
                try packed.append(row)
            }
            var unpacked: [[UInt8]] = []
            packed.forEachRow(columns: kinds.count) { row in
                var line: [UInt8] = []
                row.appendCanonical(as: kinds, to: &line)
                unpacked.append(line)
            }
            #expect(copied.count == 4)
            #expect(unpacked == lent, "\(kinds)")
            // Rows 1 and 3 hold valid UTF-8 only: every path spells them alike. Rows 2 and 4 hold
            // invalid UTF-8, which a Swift string (the copied path) repairs; lent rows keep the bytes.
            #expect([lent[0], lent[2]] == [copied[0], copied[2]], "\(kinds)")
            #expect(lent[1] != copied[1] && lent[3] != copied[3], "\(kinds)")
            let repaired = Array("\u{FFFD}".utf8)
            let repairedHex = Array("efbfbd".utf8)
            for line in lent {
                let found = line.indices.contains { line[$0...].starts(with: repaired) || line[$0...].starts(with: repairedHex) }
                #expect(!found, "invalid bytes kept as they are, never repaired: \(kinds)")
            }
        }
    }

    @Test func digestIgnoresOrderButCountsDuplicates() {
        func digest(_ rows: [String]) -> ContentDigest {
            var digest = ContentDigest()
            for row in rows { Array(row.utf8).withUnsafeBytes { digest.add($0) } }
            return digest
        }
        #expect(digest(["a", "b", "c"]) == digest(["c", "a", "b"]))
        #expect(digest(["a", "a", "b"]) != digest(["a", "b", "b"]))
        #expect(digest(["a", "a"]) != digest(["a"]))
        #expect(digest(["a", "a", "b", "b"]).hex != digest([]).hex)
        #expect(digest(["x\ty"]) != digest(["x\tz"]))
        #expect(digest([]).hex == String(repeating: "0", count: 32))
    }

    @Test func countsRowsPerTenant() {
        var counter = TenantCounter(field: 1)
        for row in ["1\t-1234\tx", "2\t-1234\ty", "3\t7\tz", "4\t-1234"] { Array(row.utf8).withUnsafeBytes { counter.add($0) } }
        #expect(counter.counts == ["-1234": 3, "7": 1])
        // Runs of one tenant, one tenant coming back after another, a row without the field.
        var runs = TenantCounter(field: 1)
        for row in ["1\t7", "2\t7", "3\t8", "4\t7", "5", "6\t", "7\t8", "8\t8"] { Array(row.utf8).withUnsafeBytes { runs.add($0) } }
        #expect(runs.counts == ["7": 3, "8": 3, "": 2])
    }

    /// Every column 4.7.0 adds to a legacy table is nullable, defaulted, or filled by a backfill the
    /// migration steps declare; and the backfills are exactly the UUID and ID columns.
    @Test func everyNewColumnIsFilled() throws {
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        let plans = try MergeMapping.tables(live: [.um: legacy, .reg: legacy], rows: [:])
        #expect(plans.count == legacy.tables.count)
        let backfills = plans.flatMap { plan in plan.backfills.map { "\(plan.name).\($0.column) \($0.fill)" } }.sorted()
        #expect(
            backfills == [
                "REG_RESOURCE_COMMENT.ID sequence", "REG_RESOURCE_PROPERTY.ID sequence", "REG_RESOURCE_RATING.ID sequence",
                "REG_RESOURCE_TAG.ID sequence", "UM_SHARED_USER_ROLE.ID sequence", "UM_TENANT.UM_TENANT_UUID uuid",
                "UM_USER.UM_USER_ID uuid",
            ])
        #expect(plans.allSatisfy { $0.from == ($0.name.hasPrefix("REG_") ? .reg : .um) })
        #expect(plans.first { $0.name == "UM_USER" }?.tenantField != nil)
    }
}
