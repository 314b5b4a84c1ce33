import WSO2Schema

/// The family a column's values are spelled in, in a canonical row.
public enum ValueKind: Sendable, Hashable {
    case integer, boolean, binary, timestamp, text

    /// The kind of a column of `type`.
    public init(_ type: ColumnType) {
        switch type {
        case .smallint, .integer, .bigint, .serial: self = .integer
        case .boolean: self = .boolean
        case .binary: self = .binary
        case .timestamp, .date: self = .timestamp
        default: self = .text
        }
    }
}

/// The one spelling of a row that every engine's bulk read gives, whatever path the row took (text
/// or binary transfer, values lent in place or copied out): the same logical row gives the same
/// bytes, and so the same hash. This is what merge-legacy hashes and compares, source against target.
///
/// A canonical row is its fields joined by a TAB (0x09), with no line end. Each field:
///
/// | value | spelling |
/// |---|---|
/// | NULL (any kind) | `\N` |
/// | integer | decimal digits, `-` for a negative number (a floating value that is a whole number, in an integer column, too) |
/// | boolean | `t` or `f` (read from 1/0 or from `t`, `true`, `yes`, `on`, `1` and their opposites, any case) |
/// | binary | `\\x` then two lower-case hex digits per byte (an escaped backslash, `x`, the bytes) |
/// | timestamp | `YYYY-MM-DD HH:MM:SS`, then `.` and the fraction's digits without trailing zeros when it has any (all of them, however many), then the offset as written when it is not zero; `T` and a zero offset (`Z`, `+00`, `+00:00`, `+0000`) are dropped; a date alone is at `00:00:00` |
/// | text | the bytes as stored, invalid UTF-8 and NUL included, with `\` `TAB` `LF` `CR` `BS` `VT` `FF` written `\\` `\t` `\n` `\r` `\b` `\v` `\f` |
/// | anything else in a column (text in an integer column, a blob in a text column, text that is no timestamp) | spelled as text: its bytes, escaped as above |
///
/// The escapes are those of PostgreSQL's COPY text format, so a canonical row is also a valid COPY
/// text line for the same columns (the PostgreSQL driver's text transfer hands over the server's own
/// lines, printed with `DateStyle = ISO`). Nothing is repaired: a change of any byte changes the row.
public enum CanonicalRow {
    /// Appends `value`, read from a column of `kind`, in canonical form.
    public static func append(_ value: SQLValue, as kind: ValueKind, to buffer: inout [UInt8]) {
        value.withBorrowed { append($0, as: kind, to: &buffer) }
    }

    /// Appends a lent value, read from a column of `kind`, in canonical form.
    public static func append(_ value: BorrowedSQLValue, as kind: ValueKind, to buffer: inout [UInt8]) {
        switch (kind, value) {
        case (_, .null):
            appendNull(to: &buffer)
        case (.integer, .double(let number)) where number.rounded() == number && abs(number) < 9.2e18:
            appendInteger(Int64(number), to: &buffer)
        case (.boolean, .integer(let number)):
            appendBoolean(number != 0, to: &buffer)
        case (.boolean, .text(let text)):
            if let flag = boolean(text) { appendBoolean(flag, to: &buffer) } else { appendText(text, to: &buffer) }
        case (.binary, .text(let bytes)), (.binary, .blob(let bytes)):
            appendBinary(bytes, to: &buffer)
        case (.timestamp, .text(let text)):
            if CanonicalTimestamp.append(text, to: &buffer) == nil { appendText(text, to: &buffer) }
        case (_, .text(let bytes)), (_, .blob(let bytes)):
            appendText(bytes, to: &buffer)
        case (_, .integer(let number)):
            appendInteger(number, to: &buffer)
        case (_, .boolean(let flag)):
            appendBoolean(flag, to: &buffer)
        case (_, .double(let number)):
            buffer.append(contentsOf: String(number).utf8)
        }
    }

    /// Appends a whole row.
    public static func append(_ values: [SQLValue], as kinds: [ValueKind], to buffer: inout [UInt8]) {
        for (position, value) in values.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            append(value, as: kinds[position], to: &buffer)
        }
    }

    /// Appends a whole row of lent values, `field(position)` giving each.
    public static func append(fields count: Int, as kinds: [ValueKind], to buffer: inout [UInt8], _ field: (Int) -> BorrowedSQLValue) {
        for position in 0..<count {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            append(field(position), as: kinds[position], to: &buffer)
        }
    }

    /// Appends `\N`.
    public static func appendNull(to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
    }

    /// Appends an integer in decimal: the digits written from the right into a small buffer on the
    /// stack, not through a String, since most fields of most rows are integers.
    public static func appendInteger(_ number: Int64, to buffer: inout [UInt8]) {
        // 20 digits and a sign hold any Int64; the magnitude as unsigned holds Int64.min.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = number.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if number < 0 { buffer.append(UInt8(ascii: "-")) }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends `t` or `f`.
    public static func appendBoolean(_ flag: Bool, to buffer: inout [UInt8]) {
        buffer.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// Appends bytes as `\\x` and lower-case hex.
    public static func appendBinary(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        // Byte by byte, not an array literal, which would be allocated for every value.
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "x"))
        Hex.append(bytes, to: &buffer)
    }

    /// Appends text as the bytes it is, with the backslash and the control characters escaped.
    public static func appendText(_ text: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        // Most text has nothing to escape: then it goes in whole.
        guard text.contains(where: { $0 == UInt8(ascii: "\\") || ($0 >= 8 && $0 <= 13) }) else {
            buffer.append(contentsOf: text)
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 8: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 11: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "v")])
            case 12: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            default: buffer.append(byte)
            }
        }
    }

    /// The boolean a text spells, if it spells one.
    public static func boolean(_ text: UnsafeRawBufferPointer) -> Bool? {
        guard text.count <= 5 else { return nil }
        switch String(decoding: text, as: UTF8.self).lowercased() {
        case "t", "true", "1", "y", "yes", "on": return true
        case "f", "false", "0", "n", "no", "off": return false
        default: return nil
        }
    }

    /// A timestamp in its canonical spelling, for a value given as text: `2019-03-01 10:15:00.5`
    /// for `2019-03-01T10:15:00.500Z`. Text that is no timestamp is left as it is.
    public static func normalizedTimestamp(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            CanonicalTimestamp(UnsafeRawBufferPointer(bytes)).map { String(decoding: $0.canonical, as: UTF8.self) } ?? String(decoding: bytes, as: UTF8.self)
        }
    }
}
