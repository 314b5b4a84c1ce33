/// A timestamp given as text, as the canonical row spells it and as far as an engine's timestamp
/// type could keep it: how many fraction digits it has, and the offset it names.
public struct CanonicalTimestamp: Sendable, Hashable {
    /// The canonical spelling (see `CanonicalRow`).
    public let canonical: [UInt8]
    /// Digits of the fraction of a second as written, trailing zeros not counted.
    public let fractionDigits: Int
    /// The offset from UTC as written, when it is not zero (`+05:30`); `nil` for none, `Z` or a zero offset.
    public let offset: String?

    /// Whether the month or the day is zero: MySQL's zero date `0000-00-00` and its "zero in date"
    /// values (`2019-00-00`), which a server without `NO_ZERO_DATE` / `NO_ZERO_IN_DATE` keeps.
    public var isZeroDate: Bool {
        canonical[5...6].elementsEqual("00".utf8) || canonical[8...9].elementsEqual("00".utf8)
    }

    /// Reads `YYYY-MM-DD`, optionally followed by ` ` or `T`, `HH:MM`, `:SS`, `.fraction` and an
    /// offset (`Z`, `+HH`, `+HH:MM`, `+HHMM`, or `-`); `nil` for any other text.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= bytes.count && bytes[range].allSatisfy(isDigit) }
        guard bytes.count >= 10, digits(0..<4), bytes[4] == UInt8(ascii: "-"), digits(5..<7), bytes[7] == UInt8(ascii: "-"), digits(8..<10)
        else { return nil }
        var out = Array(bytes[0..<10])
        guard bytes.count > 10 else {
            canonical = out + Array(" 00:00:00".utf8)
            fractionDigits = 0
            offset = nil
            return
        }
        guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes.count >= 16, digits(11..<13),
            bytes[13] == UInt8(ascii: ":"), digits(14..<16)
        else { return nil }
        out.append(UInt8(ascii: " "))
        out += bytes[11..<16]
        var index = 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard digits(17..<19) else { return nil }
            out += bytes[16..<19]
            index = 19
        } else {
            out += Array(":00".utf8)
        }
        var fraction: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            var end = index + 1
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            fraction = Array(bytes[(index + 1)..<end])
            while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
            index = end
        }
        if !fraction.isEmpty { out += [UInt8(ascii: ".")] + fraction }
        let zone = Array(bytes[index...])
        var zero = zone.isEmpty || zone == [UInt8(ascii: "Z")]
        if !zero {
            guard zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"), zone.count >= 3,
                zone.dropFirst().allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ":") })
            else { return nil }
            zero = zone.dropFirst().allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ":") }
        }
        if !zero { out += zone }
        canonical = out
        fractionDigits = fraction.count
        offset = zero ? nil : String(decoding: zone, as: UTF8.self)
    }
}
