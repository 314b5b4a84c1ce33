import Foundation

/// Reading canonical rows back into values, for engines whose bulk writer binds values.
extension CanonicalRow {
    /// The values of a canonical row, typed for binding: integers as integers, booleans as 0/1,
    /// binary as bytes, the rest as text. PostgreSQL's other COPY text escapes (octal `\123`, hex
    /// `\x41`) are read too. Text that is not valid UTF-8 comes back repaired, as a Swift string
    /// holds it: use lent values to carry such text exactly.
    public static func decode(_ line: UnsafeRawBufferPointer, as kinds: [ValueKind]) -> [SQLValue] {
        CanonicalRowDecoder().withFields(of: line, as: kinds) { count, field in (0..<count).map { field($0).owned } }
    }

    /// COPY text escapes undone: `\t`, `\n`, `\\`, octal `\123`, hex `\x41`, and the rest.
    fileprivate static func unescape(_ raw: UnsafeRawBufferPointer, appendingTo field: inout [UInt8]) {
        guard let base = raw.baseAddress else { return }
        var index = 0
        while index < raw.count {
            // What comes before the next backslash goes in whole: most fields hold none.
            let backslash = memchr(base + index, Int32(UInt8(ascii: "\\")), raw.count - index).map { base.distance(to: UnsafeRawPointer($0)) } ?? raw.count
            if backslash > index {
                field.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[index..<backslash]))
                index = backslash
                continue
            }
            let byte = raw[index]
            index += 1
            guard index < raw.count else {
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

    /// Appends the bytes that `digits` spell in hex and gives their count; `nil`, with `field` as it
    /// was, for an odd count or a byte that is no hex digit. One pass, by a table: a binary field of
    /// a canonical row is `\\x` and nothing but hex digits, read straight from the line this way.
    fileprivate static func appendHex(_ digits: UnsafeRawBufferPointer, to field: inout [UInt8]) -> Int? {
        guard digits.count % 2 == 0 else { return nil }
        let start = field.count
        let count = digits.count / 2
        field.append(contentsOf: repeatElement(0, count: count))
        let valid = field.withUnsafeMutableBufferPointer { buffer in
            hexValues.withUnsafeBufferPointer { values in
                var index = 0
                var out = start
                while index < digits.count {
                    let high = values[Int(digits[index])]
                    let low = values[Int(digits[index + 1])]
                    guard high | low < 16 else { return false }
                    buffer[out] = high << 4 | low
                    out += 1
                    index += 2
                }
                return true
            }
        }
        guard valid else {
            field.removeSubrange(start...)
            return nil
        }
        return count
    }

    /// Each byte's value as a hex digit, 0xFF for a byte that is none.
    private static let hexValues: [UInt8] = (0...255).map { hexDigit(UInt8($0)) ?? 0xFF }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Reads canonical rows back into values lent from a buffer of its own, reused row after row: the
/// values `CanonicalRow.decode` gives, without a string, an array or a value list made for every
/// row and field. Text that is not valid UTF-8 is lent repaired, as `decode` gives it. A class, so
/// that a bulk writer holds one for all its rows.
public final class CanonicalRowDecoder {
    /// The unescaped bytes of the current row's text and binary fields.
    private var bytes: [UInt8] = []
    private var fields: [Field] = []

    private enum Field {
        case null
        case integer(Int64)
        case text(Range<Int>)
        case blob(Range<Int>)
    }

    public init() {}

    /// Decodes `line` and lends its fields to `body`: how many, and each by position (from 0),
    /// valid only until `body` returns.
    public func withFields<R>(
        of line: UnsafeRawBufferPointer, as kinds: [ValueKind], _ body: (_ count: Int, _ field: (Int) -> BorrowedSQLValue) throws -> R
    ) rethrows -> R {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        var start = 0
        for position in 0...line.count where position == line.count || line[position] == UInt8(ascii: "\t") {
            let raw = UnsafeRawBufferPointer(rebasing: line[start..<position])
            start = position + 1
            let kind = kinds[min(fields.count, kinds.count - 1)]
            if raw.count == 2 && raw[0] == UInt8(ascii: "\\") && raw[1] == UInt8(ascii: "N") {
                fields.append(.null)
                continue
            }
            let from = bytes.count
            if kind == .binary, raw.count >= 3, raw[0] == UInt8(ascii: "\\"), raw[1] == UInt8(ascii: "\\"), raw[2] == UInt8(ascii: "x"),
                let count = CanonicalRow.appendHex(UnsafeRawBufferPointer(rebasing: raw[3...]), to: &bytes)
            {
                fields.append(.blob(from..<(from + count)))
                continue
            }
            CanonicalRow.unescape(raw, appendingTo: &bytes)
            fields.append(typed(from..<bytes.count, kind))
        }
        return try bytes.withUnsafeBytes { buffer in
            try body(fields.count) { position in
                switch fields[position] {
                case .null: .null
                case .integer(let number): .integer(number)
                case .text(let range): .text(UnsafeRawBufferPointer(rebasing: buffer[range]))
                case .blob(let range): .blob(UnsafeRawBufferPointer(rebasing: buffer[range]))
                }
            }
        }
    }

    /// The field's value by its kind, as `decode` types it; its bytes are `bytes[range]`, where a
    /// blob's bytes or repaired text replace them.
    private func typed(_ range: Range<Int>, _ kind: ValueKind) -> Field {
        switch kind {
        case .integer:
            if let number = bytes.withUnsafeBytes({ Int64(String(decoding: $0[range], as: UTF8.self)) }) {
                bytes.removeSubrange(range)
                return .integer(number)
            }
        case .boolean:
            if range.count == 1 && (bytes[range.lowerBound] == UInt8(ascii: "t") || bytes[range.lowerBound] == UInt8(ascii: "f")) {
                let flag = bytes[range.lowerBound] == UInt8(ascii: "t")
                bytes.removeSubrange(range)
                return .integer(flag ? 1 : 0)
            }
        case .binary:
            // Hex spelled otherwise than a canonical row does (with escapes that undo to digits).
            if range.count >= 2 && bytes[range.lowerBound] == UInt8(ascii: "\\") && bytes[range.lowerBound + 1] == UInt8(ascii: "x") {
                let digits = Array(bytes[(range.lowerBound + 2)...])
                bytes.removeSubrange(range)
                if let count = digits.withUnsafeBytes({ CanonicalRow.appendHex($0, to: &bytes) }) {
                    return .blob(range.lowerBound..<(range.lowerBound + count))
                }
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x")] + digits)
            }
        case .timestamp, .text:
            break
        }
        // As a Swift string holds it: invalid UTF-8 repaired, anything else as it is.
        guard bytes[range].contains(where: { $0 >= 0x80 }) else { return .text(range) }
        let repaired = String(decoding: bytes[range], as: UTF8.self)
        if !repaired.utf8.elementsEqual(bytes[range]) {
            bytes.replaceSubrange(range, with: repaired.utf8)
            return .text(range.lowerBound..<bytes.count)
        }
        return .text(range)
    }
}
