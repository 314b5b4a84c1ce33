import SQLDriver

/// COPY in PostgreSQL's binary format: what travels is each value's own send format, so `bytea`
/// moves as its bytes rather than as hex text twice their size that both servers must encode
/// and decode. Used where source and target columns share their binary format.
extension PostgresConnection {
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
