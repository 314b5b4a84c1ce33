/// A value too large to hold whole, as a bulk read lends it: its length, and its bytes read in
/// pieces, in order, as often as asked, while the row is lent. A merge holding a value of any size
/// then stays within a few pieces of memory: the reader fetches it in pieces, the hash is made over
/// the pieces, the writer stores them one after the other.
///
/// Readers lend values this way only for the columns a `BulkTable` names in `mayBeLarge`, and only
/// from `LargeValue.threshold` bytes; smaller values take the row's ordinary path.
public struct LargeValue {
    /// Values of at least this many bytes are lent in pieces; smaller ones whole.
    public static let threshold = 8 << 20
    /// The size of one piece (the last may be shorter).
    public static let pieceSize = 4 << 20

    /// The length in bytes.
    public let byteCount: Int
    /// Whether the engine holds the value as text (else as bytes).
    public let isText: Bool
    private let reader: (_ piece: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

    /// A value of `byteCount` bytes that `read` lends piece by piece, in order, each piece valid only
    /// during its call; `read` may be called again, and then lends the same bytes again.
    public init(byteCount: Int, isText: Bool, read: @escaping (_ piece: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) {
        self.byteCount = byteCount
        self.isText = isText
        self.reader = read
    }

    /// Lends the bytes piece by piece, in order.
    /// - Throws: what the engine threw, or `DatabaseError` when the value changed its length meanwhile.
    public func forEachPiece(_ piece: (UnsafeRawBufferPointer) throws -> Void) throws {
        var seen = 0
        try reader { bytes in
            seen += bytes.count
            try piece(bytes)
        }
        guard seen == byteCount else {
            throw DatabaseError(.statementFailed, "a value of \(byteCount) bytes was read back as \(seen) bytes")
        }
    }

    /// The value whole, for a writer that has no way to store it in pieces (its memory is the value's size).
    public func whole() throws -> SQLValue {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        try forEachPiece { bytes.append(contentsOf: $0) }
        return isText ? .text(String(decoding: bytes, as: UTF8.self)) : .blob(bytes)
    }

    /// The byte ranges a value of `count` bytes is read in: `pieceSize` each, the last one shorter.
    public static func pieces(of count: Int) -> StrideTo<Int> { stride(from: 0, to: count, by: pieceSize) }
}

/// The table a bulk read reads, named so that a driver can reach one value of one row on its own
/// (to read a large value in pieces): `BulkRead.select` reads `columns` of `name`, in that order.
public struct BulkTable: Sendable, Hashable {
    /// The table's name, unquoted.
    public var name: String
    /// The columns read, unquoted, in the order of the select.
    public var columns: [String]
    /// Whether the names are quoted exactly as given (`SQLDialect.quoteExactly`: a source's own
    /// spelling) rather than as the catalog's names (`SQLDialect.quote`).
    public var quotedExactly: Bool
    /// The positions of the columns that may hold values of `LargeValue.threshold` bytes or more:
    /// those lend such values as `LargeValue`s.
    public var mayBeLarge: [Int]

    /// Describes the table read.
    public init(name: String, columns: [String], quotedExactly: Bool, mayBeLarge: [Int]) {
        self.name = name
        self.columns = columns
        self.quotedExactly = quotedExactly
        self.mayBeLarge = mayBeLarge
    }

    /// `name` quoted for `dialect`, as the select quotes it.
    public func quoted(_ name: String, in dialect: any SQLDialect) -> String {
        quotedExactly ? dialect.quoteExactly(name) : dialect.quote(name)
    }

    /// The select list that leaves large values out, for a reader that fetches them afterwards: every
    /// column, a `mayBeLarge` one as NULL where `isLarge` holds of it; then, in `mayBeLarge`'s order, each
    /// such column's `length` where `isLarge` holds, else NULL. Each engine says how it tells a large value
    /// without fetching it.
    public func columnsLeavingOutLarge(
        in dialect: any SQLDialect, isLarge: (_ column: String) -> String, length: (_ column: String) -> String
    ) -> (columns: [String], lengths: [String]) {
        let columns = columns.enumerated().map { position, name in
            let column = quoted(name, in: dialect)
            return mayBeLarge.contains(position) ? "CASE WHEN \(isLarge(column)) THEN NULL ELSE \(column) END" : column
        }
        let lengths = mayBeLarge.map { position in
            let column = quoted(self.columns[position], in: dialect)
            return "CASE WHEN \(isLarge(column)) THEN \(length(column)) END"
        }
        return (columns, lengths)
    }

    /// `SELECT` of the columns from the table, for `BulkRead.select`; a column whose position is in
    /// `expressions` is read as that expression instead (its type, say, rather than its bytes).
    public func select(in dialect: any SQLDialect, replacing expressions: [Int: String] = [:]) -> String {
        let selected = columns.indices.map { expressions[$0] ?? quoted(columns[$0], in: dialect) }
        return "SELECT \(selected.joined(separator: ", ")) FROM \(quoted(name, in: dialect))"
    }
}

extension CanonicalRow {
    /// The canonical spelling of a large value read from a column of `kind`, in pieces: bytes as
    /// `\\x` and hex in a binary column, else text escaped (a large value is never a number, a
    /// boolean or a timestamp, so it is spelled as any text or blob of its kind is).
    public static func forEachPiece(of value: LargeValue, as kind: ValueKind, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var spelled: [UInt8] = []
        if kind == .binary {
            spelled = [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")]
            try spelled.withUnsafeBytes(body)
        }
        try value.forEachPiece { piece in
            spelled.removeAll(keepingCapacity: true)
            if kind == .binary { Hex.append(piece, to: &spelled) } else { appendText(piece, to: &spelled) }
            try spelled.withUnsafeBytes(body)
        }
    }

    /// The length of the canonical spelling of a large value (`forEachPiece(of:as:_:)`): known for
    /// bytes, counted for text, whose escapes lengthen it.
    public static func count(of value: LargeValue, as kind: ValueKind) throws -> Int {
        if kind == .binary { return 3 + 2 * value.byteCount }
        var count = 0
        try value.forEachPiece { piece in
            count += piece.count
            for byte in piece where byte == UInt8(ascii: "\\") || (byte >= 8 && byte <= 13) { count += 1 }
        }
        return count
    }
}

extension BulkRow {
    /// Lends the canonical row piece by piece, in order, large values spelled as they are read:
    /// the same bytes as `canonical` of a row that holds them whole.
    public func forEachCanonicalPiece(as kinds: [ValueKind], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !largeValues.isEmpty else {
            var line: [UInt8] = []
            if let canonical { return try body(canonical) }
            appendCanonical(as: kinds, to: &line)
            return try line.withUnsafeBytes(body)
        }
        var line: [UInt8] = []
        appendCanonical(as: kinds, to: &line)
        try line.withUnsafeBytes { line in
            try CanonicalRow.forEachField(of: line) { position, field in
                if position > 0 { try withUnsafeBytes(of: UInt8(ascii: "\t")) { try body($0) } }
                if let large = largeValues[position] {
                    try CanonicalRow.forEachPiece(of: large, as: kinds[position], body)
                } else {
                    try body(field)
                }
            }
        }
    }

    /// The length of the canonical row, large values spelled whole.
    public func canonicalCount(as kinds: [ValueKind]) throws -> Int {
        var line: [UInt8] = []
        appendCanonical(as: kinds, to: &line)
        var count = line.count
        for (position, large) in largeValues {
            count += try CanonicalRow.count(of: large, as: kinds[position]) - 2  // in place of its `\N`
        }
        return count
    }
}

extension CanonicalRow {
    /// Hands each field of a canonical row to `body`, with its position: fields hold no TAB of
    /// their own (it is escaped), so every TAB ends one.
    public static func forEachField(of line: UnsafeRawBufferPointer, _ body: (Int, UnsafeRawBufferPointer) throws -> Void) rethrows {
        var start = 0
        var position = 0
        for index in 0...line.count where index == line.count || line[index] == UInt8(ascii: "\t") {
            try body(position, UnsafeRawBufferPointer(rebasing: line[start..<index]))
            start = index + 1
            position += 1
        }
    }
}
