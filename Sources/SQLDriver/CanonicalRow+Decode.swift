/// Reading canonical rows back into values, for engines whose bulk writer binds values.
extension CanonicalRow {
    /// The values of a canonical row, typed for binding: integers as integers, booleans as 0/1,
    /// binary as bytes, the rest as text. PostgreSQL's other COPY text escapes (octal `\123`, hex
    /// `\x41`) are read too. Text that is not valid UTF-8 comes back repaired, as a Swift string
    /// holds it: use lent values to carry such text exactly.
    public static func decode(_ line: UnsafeRawBufferPointer, as kinds: [ValueKind]) -> [SQLValue] {
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
}
