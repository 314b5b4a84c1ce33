/// A small, seeded pseudo-random generator (SplitMix64) with the helpers the data generator needs.
///
/// Every helper is built on `next()` with plain integer arithmetic, never on the standard library's
/// `random(in:using:)`, whose algorithm may change: a seed gives the same stream on every platform
/// and every Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range` (modulo bias is irrelevant here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    /// One of `items`.
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A version-4 UUID in its usual text form.
    mutating func uuid() -> String {
        let high = next()
        let low = next()
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let a = hex(high >> 32, 8)
        let b = hex((high >> 16) & 0xFFFF, 4)
        let c = hex(0x4000 | (high & 0x0FFF), 4)
        let d = hex(0x8000 | ((low >> 48) & 0x3FFF), 4)
        let e = hex(low & 0xFFFF_FFFF_FFFF, 12)
        return "\(a)-\(b)-\(c)-\(d)-\(e)"
    }

    /// A timestamp between 2016 and 2019, to the second, as text both engines accept.
    mutating func timestamp() -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = int(2016...2019)
        let month = int(1...12)
        let day = int(1...28)
        return "\(year)-\(two(month))-\(two(day)) \(two(int(0...23))):\(two(int(0...59))):\(two(int(0...59)))"
    }

    /// `count` bytes that hold every byte value at least once when `count` ≥ 256: 0…255 in a
    /// shuffled order, then random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var position = 0
        if count >= 256 {
            var all = (0...255).map { UInt8($0) }
            for index in stride(from: 255, to: 0, by: -1) {
                all.swapAt(index, int(0...index))
            }
            for value in all { result[position] = value; position += 1 }
        }
        while position < count {
            var word = next()
            for _ in 0..<8 where position < count {
                result[position] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                position += 1
            }
        }
        return result
    }

    /// Alphanumeric characters, as in hashes and cookies.
    mutating func token(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return String((0..<length).map { _ in alphabet[int(0...(alphabet.count - 1))] })
    }
}

/// Text that breaks careless copying: unicode, quotes, backslashes, tabs, newlines, the empty string.
enum Awkward {
    static let texts: [String] = [
        "Ünïcödé ✓ 日本語 — émoji 😀",
        "O'Brien said \"hello\"",
        "C:\\path\\to\\file \\n not a newline",
        "tab\tseparated\tvalue",
        "line one\nline two\r\nline three",
        "",
        "semi; colon -- not a comment /* nor this */",
        "percent % underscore _ dollar $1 question ?1",
        "  leading and trailing spaces  ",
        "NULL",
    ]

    /// JSON string escaping for the texts above.
    static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
