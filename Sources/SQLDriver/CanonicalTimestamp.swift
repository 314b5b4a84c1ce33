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
        var out: [UInt8] = []
        guard let (fraction, zone) = Self.append(bytes, to: &out) else { return nil }
        canonical = out
        fractionDigits = fraction
        offset = zone.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Appends the canonical spelling of `bytes` to `buffer` if they are a timestamp (as `init`
    /// reads one) and gives its fraction digits and where in `bytes` its offset is (`nil` for a
    /// zero one); else leaves `buffer` as it was and gives `nil`. Nothing allocated but what
    /// `buffer` grows by: the merge spells every timestamp of every row this way, twice.
    public static func append(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) -> (fractionDigits: Int, offset: Range<Int>?)? {
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func digits(_ range: Range<Int>) -> Bool {
            guard range.upperBound <= bytes.count else { return false }
            for index in range where !isDigit(bytes[index]) { return false }
            return true
        }
        let count = bytes.count
        guard count >= 10, digits(0..<4), bytes[4] == UInt8(ascii: "-"), digits(5..<7), bytes[7] == UInt8(ascii: "-"), digits(8..<10)
        else { return nil }
        guard count > 10 else {
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<10]))
            buffer.append(contentsOf: " 00:00:00".utf8)
            return (0, nil)
        }
        guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), count >= 16, digits(11..<13),
            bytes[13] == UInt8(ascii: ":"), digits(14..<16)
        else { return nil }
        var index = 16
        let seconds = index < count && bytes[index] == UInt8(ascii: ":")
        if seconds {
            guard digits(17..<19) else { return nil }
            index = 19
        }
        // The fraction without its trailing zeros.
        var fraction = index..<index
        if index < count, bytes[index] == UInt8(ascii: ".") {
            var end = index + 1
            while end < count, isDigit(bytes[end]) { end += 1 }
            var last = end
            while last > index + 1, bytes[last - 1] == UInt8(ascii: "0") { last -= 1 }
            fraction = (index + 1)..<last
            index = end
        }
        let zone = index..<count
        var zero = zone.isEmpty || (zone.count == 1 && bytes[index] == UInt8(ascii: "Z"))
        if !zero {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), zone.count >= 3 else { return nil }
            zero = true
            for position in (index + 1)..<count {
                let byte = bytes[position]
                guard isDigit(byte) || byte == UInt8(ascii: ":") else { return nil }
                if byte != UInt8(ascii: "0") && byte != UInt8(ascii: ":") { zero = false }
            }
        }
        func part(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }
        buffer.append(contentsOf: part(0..<10))
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: part(11..<(seconds ? 19 : 16)))
        if !seconds { buffer.append(contentsOf: ":00".utf8) }
        if !fraction.isEmpty {
            buffer.append(UInt8(ascii: "."))
            buffer.append(contentsOf: part(fraction))
        }
        if !zero { buffer.append(contentsOf: part(zone)) }
        return (fraction.count, zero ? nil : zone)
    }
}
