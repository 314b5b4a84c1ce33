import CLibPQ
import SQLDriver

/// COPY in PostgreSQL's binary format: what travels is each value's own send format, so `bytea`
/// moves as its bytes rather than as hex text twice their size that both servers must encode
/// and decode. Used where source and target columns share their binary format, and for values a
/// source lends (`PostgresBinaryType`) where every column's type has a send format written exactly.
extension PostgresConnection {
    /// The types of `write`'s columns, when each has a send format `PostgresBinaryType` writes and
    /// is of the kind its values are spelled in; `nil` sends the table as COPY text. Read from the
    /// table itself, as COPY resolves its names: the model's type may not be the column's, and a
    /// value in another type's send format could be read as something else without an error.
    func binaryTypes(of write: BulkWrite) throws -> [PostgresBinaryType]? {
        let sql = "SELECT \(write.columns.map(dialect.quote).joined(separator: ", ")) FROM \(dialect.quote(write.table)) LIMIT 0"
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, statement: sql)
        var types: [PostgresBinaryType] = []
        for position in 0..<Int(PQnfields(result)) {
            guard let type = PostgresBinaryType(oid: PQftype(result, Int32(position))),
                position >= write.kinds.count || write.kinds[position] == type.kind
            else { return nil }
            types.append(type)
        }
        return types
    }

    /// Runs `COPY … TO STDOUT (FORMAT binary)` and hands each row to `row` as it arrives.
    /// - Returns: the number of rows the server sent.
    /// - Throws: `DatabaseError` when the server fails or sends data that is not binary COPY.
    @discardableResult
    public func copyOutBinary(_ sql: String, _ row: (PostgresBinaryRow) throws -> Void) throws -> Int {
        var parser = PostgresBinaryCopyParser()
        var pending: [UInt8] = []
        return try copyOut(sql) { chunk in
            // The server sends a row per message; a row split across messages is held until whole.
            if pending.isEmpty {
                let used = try parser.consume(chunk, row)
                if used < chunk.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[used...])) }
            } else {
                pending.append(contentsOf: chunk)
                let used = try pending.withUnsafeBytes { try parser.consume($0, row) }
                pending.removeFirst(used)
            }
        }
    }
}

/// One row of binary COPY data: the whole tuple as it travels, and each field's bytes (`nil` for NULL).
public struct PostgresBinaryRow {
    /// The tuple: field count, then each field's length and bytes; valid only during the call.
    public let tuple: UnsafeRawBufferPointer
    /// Each field's value in its type's send format (big-endian integers, raw text and bytea bytes).
    public let fields: [UnsafeRawBufferPointer?]
}

extension PostgresCopyWriter {
    /// The binary COPY header: signature, no flags, no header extension.
    public static let binaryHeader: [UInt8] =
        Array("PGCOPY\n".utf8) + [0xFF, UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The binary COPY trailer: a field count of -1.
    public static let binaryTrailer: [UInt8] = [0xFF, 0xFF]
}

/// Splits binary COPY data into rows.
struct PostgresBinaryCopyParser {
    private var headerRead = false
    private var ended = false

    /// Hands every whole row in `data` to `row` and returns how many bytes it used; the rest starts
    /// a row that is not complete yet.
    mutating func consume(_ data: UnsafeRawBufferPointer, _ row: (PostgresBinaryRow) throws -> Void) throws -> Int {
        var offset = 0
        if !headerRead {
            let signature = PostgresCopyWriter.binaryHeader.prefix(11)
            guard data.count >= 19 else { return 0 }
            guard data.prefix(11).elementsEqual(signature) else {
                throw DatabaseError(.copyFailed, "the server's COPY data is not in binary format")
            }
            let extensionLength = Int(Self.int32(data, at: 15))
            guard data.count >= 19 + extensionLength else { return 0 }
            offset = 19 + extensionLength
            headerRead = true
        }
        while !ended, offset + 2 <= data.count {
            let count = Int(Int16(bitPattern: UInt16(data[offset]) << 8 | UInt16(data[offset + 1])))
            if count == -1 {
                ended = true
                return offset + 2
            }
            var position = offset + 2
            var fields: [UnsafeRawBufferPointer?] = []
            fields.reserveCapacity(count)
            for _ in 0..<count {
                guard position + 4 <= data.count else { return offset }
                let length = Int(Self.int32(data, at: position))
                position += 4
                if length < 0 {
                    fields.append(nil)
                    continue
                }
                guard position + length <= data.count else { return offset }
                fields.append(UnsafeRawBufferPointer(rebasing: data[position..<(position + length)]))
                position += length
            }
            try row(PostgresBinaryRow(tuple: UnsafeRawBufferPointer(rebasing: data[offset..<position]), fields: fields))
            offset = position
        }
        return ended ? data.count : offset
    }

    static func int32(_ data: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        Int32(bigEndian: data.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }
}

/// A column type whose binary send format is written from lent values: each value stored as the
/// column's input function stores its canonical spelling (`CanonicalRow`), which is what COPY text
/// sends. Timestamps are not among them: their text input reads offsets and rounds fractions,
/// which a send format would have to repeat exactly; tables with them go as COPY text.
enum PostgresBinaryType: Sendable, Hashable {
    case int2, int4, int8, bool, bytea
    /// `text`, `varchar(n)`, `char(n)`: UTF-8 bytes, which the server's receive functions check for
    /// valid UTF-8 and NUL, limit to the column's length and pad to its width, as their text input does.
    case text

    /// The type of a column by its type's OID (fixed in PostgreSQL's catalog); `nil` for one written as COPY text.
    init?(oid: Oid) {
        switch oid {
        case 21: self = .int2
        case 23: self = .int4
        case 20: self = .int8
        case 16: self = .bool
        case 17: self = .bytea
        case 25, 1042, 1043: self = .text
        default: return nil
        }
    }

    /// The kind a column of this type is spelled in canonically.
    var kind: ValueKind {
        switch self {
        case .int2, .int4, .int8: .integer
        case .bool: .boolean
        case .bytea: .binary
        case .text: .text
        }
    }

    /// A value the column's input function would refuse in its canonical spelling: the server's
    /// own message and SQLSTATE for it. A spelling the server would take but read as another value
    /// (` 12` or `1_000` into an integer, `tr` into a boolean) is refused too: its target row
    /// would not spell as its source row, and the merge's verification would fail on it.
    struct Refusal: Error {
        let message: String
        let sqlState: String
    }

    /// Appends `value` as one field of a binary COPY tuple: its length, then its send format.
    func append(_ value: BorrowedSQLValue, to buffer: inout [UInt8]) throws {
        switch (self, value) {
        case (_, .null):
            Self.append(Int32(-1), to: &buffer)
        case (.int2, _), (.int4, _), (.int8, _):
            let number = try integer(value)
            switch self {
            case .int2:
                guard let narrow = Int16(exactly: number) else { throw outOfRange(number) }
                Self.append(Int32(2), to: &buffer)
                Self.append(narrow, to: &buffer)
            case .int4:
                guard let narrow = Int32(exactly: number) else { throw outOfRange(number) }
                Self.append(Int32(4), to: &buffer)
                Self.append(narrow, to: &buffer)
            default:
                Self.append(Int32(8), to: &buffer)
                Self.append(number, to: &buffer)
            }
        case (.bool, .integer(let number)):
            Self.appendBoolean(number != 0, to: &buffer)
        case (.bool, .boolean(let flag)):
            Self.appendBoolean(flag, to: &buffer)
        case (.bool, .text(let bytes)), (.bool, .blob(let bytes)):
            guard let flag = CanonicalRow.boolean(bytes) else { throw invalid(String(decoding: bytes, as: UTF8.self)) }
            Self.appendBoolean(flag, to: &buffer)
        case (.bool, .double(let number)):
            throw invalid(String(number))
        case (_, .text(let bytes)), (_, .blob(let bytes)):
            guard let length = Int32(exactly: bytes.count) else {
                throw Refusal(message: "a value of \(bytes.count) bytes is longer than binary COPY carries", sqlState: "54000")
            }
            Self.append(length, to: &buffer)
            buffer.append(contentsOf: bytes)
        case (_, .integer), (_, .double), (_, .boolean):
            // Into text or bytea: the canonical spelling, which has nothing COPY text or bytea's
            // escape input would unescape, so the bytes it spells are the bytes stored.
            let start = buffer.count
            Self.append(Int32(0), to: &buffer)
            CanonicalRow.append(value, as: kind, to: &buffer)
            let length = Int32(buffer.count - start - 4).bigEndian
            withUnsafeBytes(of: length) { buffer.replaceSubrange(start..<(start + 4), with: $0) }
        }
    }

    /// The integer an integer column stores from a value's canonical spelling, or the server's refusal.
    private func integer(_ value: BorrowedSQLValue) throws -> Int64 {
        switch value {
        case .integer(let number):
            return number
        case .double(let number) where number.rounded() == number && abs(number) < 9.2e18:
            return Int64(number)
        case .double(let number):
            throw invalid(String(number))
        case .boolean(let flag):
            throw invalid(flag ? "t" : "f")
        case .text(let bytes), .blob(let bytes):
            // Swift reads an optional sign and decimal digits only, each of which PostgreSQL reads as the same number.
            let text = String(decoding: bytes, as: UTF8.self)
            guard let number = Int64(text) else { throw invalid(text) }
            return number
        case .null:
            preconditionFailure("NULL is written before a value is read")
        }
    }

    private var name: String {
        switch self {
        case .int2: "smallint"
        case .int4: "integer"
        case .int8: "bigint"
        case .bool: "boolean"
        case .bytea: "bytea"
        case .text: "text"
        }
    }

    private func outOfRange(_ number: Int64) -> Refusal {
        Refusal(message: "value \"\(number)\" is out of range for type \(name)", sqlState: "22003")
    }

    private func invalid(_ text: String) -> Refusal {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return Refusal(message: "invalid input syntax for type \(name): \"\(shown)\"", sqlState: "22P02")
    }

    private static func appendBoolean(_ flag: Bool, to buffer: inout [UInt8]) {
        append(Int32(1), to: &buffer)
        buffer.append(flag ? 1 : 0)
    }

    static func append<Integer: FixedWidthInteger>(_ number: Integer, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: number.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
