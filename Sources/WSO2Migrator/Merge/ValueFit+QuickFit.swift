import SQLDriver
import WSO2Schema

extension ValueFit {
    /// What tells the commonest values of one column fit without `problem`: the integer in range,
    /// valid text short enough, the plain timestamp. Trivially copied, as it is once for every value: a
    /// `Check` holds a string and enums with payloads, whose copying cost as much as the look itself.
    /// `fits` says yes only where `problem` would find nothing; anything else goes to `problem`.
    struct QuickFit {
        let kind: ValueKind
        /// The integers the target column holds.
        let integers: ClosedRange<Int64>
        /// The characters text may have here: the target column's at most, and where the target pads
        /// `CHAR(n)`, `n` at least.
        let characters: ClosedRange<Int>
        /// Whether text of the `.text` kind may be judged here: not where the target's character set is narrower.
        let judgesText: Bool
        /// Whether text may not end in a space (a `CHAR(n)` the target trims).
        let trimsTrailingSpace: Bool
        /// Whether a timestamp as text may be judged here: not where the target column's range is limited.
        let judgesTimestamps: Bool
        let fractionDigits: Int
        let keepsOffset: Bool
        let keepsZeroDates: Bool

        init(_ check: Check, _ rules: StoredValueRules) {
            kind = check.kind
            integers = ValueFit.integerRange(of: check.type) ?? Int64.min...Int64.max
            var least = 0
            var trims = false
            if case .char(let width) = check.type, check.kind == .text {
                switch rules.fixedWidthText {
                case .padded: least = width
                case .trimmed: trims = true
                case .asGiven: break
                }
            }
            characters = least...max(least, check.length ?? Int.max)
            trimsTrailingSpace = trims
            judgesText = check.repertoire == nil && least <= (check.length ?? Int.max)
            judgesTimestamps = rules.timestampRange == nil || { if case .timestamp = check.type { false } else { true } }()
            fractionDigits = rules.timestampFractionDigits ?? Int.max
            keepsOffset = rules.timestampKeepsOffset
            keepsZeroDates = rules.keepsZeroDates
        }

        /// Whether `value` surely fits; `false` where `problem` must tell. `scratch` is for a timestamp's spelling.
        func fits(_ value: BorrowedSQLValue, _ scratch: inout [UInt8]) -> Bool {
            switch value {
            case .null, .boolean: return true
            case .integer(let number): return kind == .integer ? integers.contains(number) : kind == .text || kind == .boolean
            case .double: return false
            case .text(let text), .blob(let text):
                switch kind {
                case .binary: return characters.upperBound == Int.max
                case .text:
                    guard judgesText, let count = Self.validCharacters(text) else { return false }
                    return characters.contains(count) && !(trimsTrailingSpace && text.last == UInt8(ascii: " "))
                case .integer:
                    // Digits: a character a byte.
                    guard text.count <= characters.upperBound, let number = Self.integer(text) else { return false }
                    return integers.contains(number)
                case .timestamp:
                    guard judgesTimestamps, text.count <= characters.upperBound else { return false }
                    scratch.removeAll(keepingCapacity: true)
                    // Every byte of a timestamp `append` reads is ASCII: valid UTF-8 without NUL.
                    guard let (fraction, offset) = CanonicalTimestamp.append(text, to: &scratch) else { return false }
                    // `CanonicalTimestamp.isZeroDate`, on the spelling just made.
                    let zero = UInt8(ascii: "0")
                    let zeroDate = (scratch[5] == zero && scratch[6] == zero) || (scratch[8] == zero && scratch[9] == zero)
                    return fraction <= fractionDigits && (offset == nil || keepsOffset) && (!zeroDate || keepsZeroDates)
                case .boolean: return false
                }
            }
        }

        /// The characters (Unicode scalars) of `bytes` where they are valid UTF-8 without NUL, as
        /// `String(validating:)` judges them (Unicode's table of well-formed sequences); else `nil`.
        /// ASCII is passed eight bytes a step.
        static func validCharacters(_ bytes: UnsafeRawBufferPointer) -> Int? {
            let count = bytes.count
            var index = 0
            var characters = 0
            while index < count {
                if index + 8 <= count {
                    let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    // No high bit set and no byte of zero (a zero byte borrows into its own high bit).
                    if (word | (word &- 0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                        characters += 8
                        continue
                    }
                }
                let lead = bytes[index]
                if lead < 0x80 {
                    guard lead != 0 else { return nil }
                    index += 1
                    characters += 1
                    continue
                }
                // The second byte's range depends on the first: no overlong forms, surrogates, or beyond U+10FFFF.
                let length: Int
                var second: ClosedRange<UInt8> = 0x80...0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: (length, second) = (3, 0xA0...0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: (length, second) = (3, 0x80...0x9F)
                case 0xF0: (length, second) = (4, 0x90...0xBF)
                case 0xF1...0xF3: length = 4
                case 0xF4: (length, second) = (4, 0x80...0x8F)
                default: return nil
                }
                guard index + length <= count, second.contains(bytes[index + 1]) else { return nil }
                for next in (index + 2)..<(index + length) where bytes[next] & 0xC0 != 0x80 { return nil }
                index += length
                characters += 1
            }
            return characters
        }

        /// An integer of at most 18 digits, with an optional `-`; `nil` for anything else, which
        /// `problem` reads as `Int64(String)` does (`+5`, 19 digits).
        static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
            let negative = bytes.first == UInt8(ascii: "-")
            let start = negative ? 1 : 0
            guard bytes.count > start, bytes.count - start <= 18 else { return nil }
            var number: Int64 = 0
            for index in start..<bytes.count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                number = number * 10 + Int64(digit)
            }
            return negative ? -number : number
        }
    }
}
