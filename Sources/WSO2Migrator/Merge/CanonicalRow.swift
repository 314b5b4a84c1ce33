import Foundation
import PostgresDriver
import SQLDriver
import WSO2Schema

/// How a column's values are spelled in a canonical row: the spelling PostgreSQL's COPY text
/// output uses (DateStyle ISO, bytea hex), so that a row read from PostgreSQL needs no work and a
/// row read from SQLite, whose storage is looser, is brought to the same bytes. Equal values give
/// equal bytes whichever engine they were read from; this is what the merge hashes and compares.
enum ValueKind: Sendable {
    case integer, boolean, binary, timestamp, text

    init(_ type: ColumnType) {
        switch type {
        case .smallint, .integer, .bigint, .serial: self = .integer
        case .boolean: self = .boolean
        case .binary: self = .binary
        case .timestamp, .date: self = .timestamp
        default: self = .text
        }
    }
}

/// Encodes and decodes rows in COPY text format (fields separated by tabs, `\N` for NULL).
enum CanonicalRow {
    /// Appends `value`, read from a column of `kind`, in canonical form.
    static func append(_ value: SQLValue, as kind: ValueKind, to buffer: inout [UInt8]) {
        value.withBorrowed { append($0, as: kind, to: &buffer) }
    }

    /// Appends a lent value, read from a column of `kind`, in canonical form. Its text is spelled
    /// as a Swift string holding it would be: invalid UTF-8 repaired.
    static func append(_ value: BorrowedSQLValue, as kind: ValueKind, to buffer: inout [UInt8]) {
        switch (kind, value) {
        case (_, .null):
            PostgresCopyWriter.encode(BorrowedSQLValue.null, into: &buffer)
        case (.integer, .double(let number)) where number.rounded() == number && abs(number) < 9.2e18:
            PostgresCopyWriter.encode(BorrowedSQLValue.integer(Int64(number)), into: &buffer)
        case (.boolean, .integer(let number)):
            PostgresCopyWriter.encode(BorrowedSQLValue.boolean(number != 0), into: &buffer)
        case (.boolean, .text(let text)):
            switch String(decoding: text, as: UTF8.self).lowercased() {
            case "t", "true", "1", "y", "yes", "on": PostgresCopyWriter.encode(BorrowedSQLValue.boolean(true), into: &buffer)
            case "f", "false", "0", "n", "no", "off": PostgresCopyWriter.encode(BorrowedSQLValue.boolean(false), into: &buffer)
            default: withValidUTF8(text) { PostgresCopyWriter.encodeText($0, into: &buffer) }
            }
        case (.binary, .text(let text)):
            withValidUTF8(text) { PostgresCopyWriter.encodeBytea($0, into: &buffer) }
        case (.timestamp, .text(let text)):
            PostgresCopyWriter.encode(SQLValue.text(normalizedTimestamp(String(decoding: text, as: UTF8.self))), into: &buffer)
        case (_, .blob(let bytes)) where kind != .binary, (_, .text(let bytes)):
            withValidUTF8(bytes) { PostgresCopyWriter.encodeText($0, into: &buffer) }
        default:
            PostgresCopyWriter.encode(value, into: &buffer)
        }
    }

    /// Hands `body` the bytes `String(decoding: bytes, as: UTF8.self)` would hold: the same bytes
    /// when they are valid UTF-8 (checked for plain ASCII first, which most text is), else a copy
    /// with U+FFFD for each invalid sequence.
    private static func withValidUTF8(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index += 1
        }
        if high & 0x8080_8080_8080_8080 == 0 { return body(bytes) }
        var text = String(decoding: bytes, as: UTF8.self)
        text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a whole row.
    static func append(_ values: [SQLValue], as kinds: [ValueKind], to buffer: inout [UInt8]) {
        for (position, value) in values.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            append(value, as: kinds[position], to: &buffer)
        }
    }

    /// Appends a whole row of lent values, `field(position)` giving each.
    static func append(fields count: Int, as kinds: [ValueKind], to buffer: inout [UInt8], _ field: (Int) -> BorrowedSQLValue) {
        for position in 0..<count {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            append(field(position), as: kinds[position], to: &buffer)
        }
    }

    /// Appends a row read with binary COPY, each field in its type's send format, in the same
    /// canonical form as the text COPY of the same row: only integers, booleans, bytea and text
    /// arrive this way (`TablePlan.binaryTransfer`).
    static func append(binaryFields fields: [UnsafeRawBufferPointer?], as kinds: [ValueKind], to buffer: inout [UInt8]) {
        for (position, field) in fields.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else {
                PostgresCopyWriter.encode(BorrowedSQLValue.null, into: &buffer)
                continue
            }
            switch kinds[position] {
            case .integer:
                let number: Int64 =
                    switch field.count {
                    case 2: Int64(Int16(bigEndian: field.loadUnaligned(as: Int16.self)))
                    case 4: Int64(Int32(bigEndian: field.loadUnaligned(as: Int32.self)))
                    default: Int64(bigEndian: field.loadUnaligned(as: Int64.self))
                    }
                PostgresCopyWriter.encode(BorrowedSQLValue.integer(number), into: &buffer)
            case .boolean:
                PostgresCopyWriter.encode(BorrowedSQLValue.boolean(field.first != 0), into: &buffer)
            case .binary:
                PostgresCopyWriter.encodeBytea(field, into: &buffer)
            case .text, .timestamp:
                PostgresCopyWriter.encodeText(field, into: &buffer)
            }
        }
    }

    /// The values of a COPY text row, typed for binding: integers as integers, booleans as 0/1,
    /// bytea as bytes, the rest as text.
    static func decode(_ line: UnsafeRawBufferPointer, as kinds: [ValueKind]) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(kinds.count)
        var field: [UInt8] = []
        var start = 0
        for position in 0...line.count where position == line.count || line[position] == UInt8(ascii: "\t") {
            let raw = UnsafeRawBufferPointer(rebasing: line[start..<position])
            start = position + 1
            let kind = kinds[min(values.count, kinds.count - 1)]
            if raw.count == 2 && raw[0] == UInt8(ascii: "\\") && raw[1] == UInt8(ascii: "N") {
                values.append(.null)
                continue
            }
            unescape(raw, into: &field)
            values.append(typed(field, kind))
        }
        return values
    }

    private static func typed(_ field: [UInt8], _ kind: ValueKind) -> SQLValue {
        switch kind {
        case .integer:
            if let number = Int64(String(decoding: field, as: UTF8.self)) { return .integer(number) }
        case .boolean:
            if field == [UInt8(ascii: "t")] { return .integer(1) }
            if field == [UInt8(ascii: "f")] { return .integer(0) }
        case .binary:
            if field.count >= 2 && field[0] == UInt8(ascii: "\\") && field[1] == UInt8(ascii: "x"),
                let bytes = fromHex(field.dropFirst(2))
            {
                return .blob(bytes)
            }
        case .timestamp, .text:
            break
        }
        return .text(String(decoding: field, as: UTF8.self))
    }

    /// COPY text escapes undone: `\t`, `\n`, `\\`, octal `\123`, hex `\x41`, and the rest.
    private static func unescape(_ raw: UnsafeRawBufferPointer, into field: inout [UInt8]) {
        field.removeAll(keepingCapacity: true)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < raw.count else {
                field.append(byte)
                continue
            }
            let next = raw[index]
            index += 1
            switch next {
            case UInt8(ascii: "b"): field.append(8)
            case UInt8(ascii: "f"): field.append(12)
            case UInt8(ascii: "n"): field.append(10)
            case UInt8(ascii: "r"): field.append(13)
            case UInt8(ascii: "t"): field.append(9)
            case UInt8(ascii: "v"): field.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(next - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < raw.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(raw[index]) {
                    value = value * 8 + Int(raw[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                field.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x") where index < raw.count && hexDigit(raw[index]) != nil:
                var value = Int(hexDigit(raw[index])!)
                index += 1
                if index < raw.count, let digit = hexDigit(raw[index]) {
                    value = value * 16 + Int(digit)
                    index += 1
                }
                field.append(UInt8(value))
            default: field.append(next)
            }
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func fromHex<S: Collection>(_ digits: S) -> [UInt8]? where S.Element == UInt8 {
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var high: UInt8?
        for digit in digits {
            guard let value = hexDigit(digit) else { return nil }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }

    /// A timestamp as PostgreSQL prints one without time zone: `2019-03-01 10:15:00.5`.
    /// SQLite keeps whatever text it was given (`2019-03-01T10:15:00.500Z`); PostgreSQL drops a zone
    /// on input to `timestamp` and trailing zeros of the fraction on output. Text that is no
    /// timestamp is left alone, so that it shows up as a difference rather than being hidden.
    static func normalizedTimestamp(_ text: String) -> String {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && bytes[range].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        guard digits(0..<4), bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), digits(5..<7), bytes[7] == UInt8(ascii: "-"),
            digits(8..<10)
        else { return text }
        let date = String(decoding: bytes[0..<10], as: UTF8.self)
        if bytes.count == 10 { return date + " 00:00:00" }
        guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), digits(11..<13), bytes.count >= 16,
            bytes[13] == UInt8(ascii: ":"), digits(14..<16)
        else { return text }
        var time = String(decoding: bytes[11..<16], as: UTF8.self)
        var index = 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard digits(17..<19) else { return text }
            time += String(decoding: bytes[16..<19], as: UTF8.self)
            index = 19
        } else {
            time += ":00"
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            var end = index + 1
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            var fraction = Array(bytes[(index + 1)..<end].prefix(6))
            while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
            if !fraction.isEmpty { time += "." + String(decoding: fraction, as: UTF8.self) }
            index = end
        }
        let zone = String(decoding: bytes[index...], as: UTF8.self)
        let isZone =
            zone.isEmpty || zone == "Z"
            || ((zone.first == "+" || zone.first == "-") && zone.dropFirst().allSatisfy { $0.isNumber || $0 == ":" })
        return isZone ? "\(date) \(time)" : text
    }
}

/// An order-independent digest of a table's rows: the count, and two sums of 64-bit row hashes,
/// so that a row present twice counts twice (an XOR would cancel it out) and any row order gives
/// the same result. The hashes are of the canonical row bytes.
struct ContentDigest: Sendable, Hashable {
    var rows = 0
    private var sumA: UInt64 = 0
    private var sumB: UInt64 = 0

    mutating func add(_ row: UnsafeRawBufferPointer) {
        let (a, b) = Self.hash(row)
        sumA &+= a
        sumB &+= b
        rows += 1
    }

    /// 32 hex digits.
    var hex: String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(sumA) + digits(sumB)
    }

    /// Two independent 64-bit hashes of `bytes` (8 bytes per round, a MurmurHash3-style mix).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            a = rotate(a ^ rotate(word &* 0x87C3_7B91_1142_53D5, 31) &* 0x4CF5_AD43_2745_937F, 27) &* 5 &+ 0x52DC_E729
            b = rotate(b &+ rotate(word &* 0x4CF5_AD43_2745_937F, 33) &* 0x87C3_7B91_1142_53D5, 31) &* 9 &+ 0x3849_5AB5
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        return (finish(a ^ tail &* 0x87C3_7B91_1142_53D5), finish(b &+ tail &* 0x4CF5_AD43_2745_937F))
    }

    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    private static func finish(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }
}

/// Rows per tenant: the text of one field of each canonical row.
struct TenantCounter: Sendable {
    /// The field's position in the row, or `nil` for a table without a tenant column.
    let field: Int?
    private(set) var counts: [String: Int] = [:]
    private var lastBytes: [UInt8] = []
    private var lastKey = ""

    init(field: Int?) { self.field = field }

    mutating func add(_ row: UnsafeRawBufferPointer) {
        guard let field else { return }
        // memchr, not a byte loop: the field often comes after a blob of megabytes.
        guard let base = row.baseAddress, !row.isEmpty else {
            counts["", default: 0] += 1
            return
        }
        var start = 0
        for _ in 0..<field {
            guard start < row.count, let tab = memchr(base + start, Int32(UInt8(ascii: "\t")), row.count - start) else {
                start = row.count
                break
            }
            start = base.distance(to: UnsafeRawPointer(tab)) + 1
        }
        start = min(start, row.count)
        let end = memchr(base + start, Int32(UInt8(ascii: "\t")), row.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? row.count
        let value = UnsafeRawBufferPointer(rebasing: row[start..<end])
        // Rows of one tenant usually come together; skip making a string for each of them.
        if !value.elementsEqual(lastBytes) {
            lastBytes = Array(value)
            lastKey = String(decoding: value, as: UTF8.self)
        }
        counts[lastKey, default: 0] += 1
    }
}
