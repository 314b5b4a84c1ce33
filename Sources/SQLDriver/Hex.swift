/// Lower-case hexadecimal spelling of binary data: SQL literals and COPY text write bytes this way.
public enum Hex {
    /// Appends two lower-case hex digits per byte of `bytes` to `buffer`.
    ///
    /// Written over raw buffers with the digits computed, not looked up in an array: the merge
    /// spells every byte of every registry blob this way, twice (copy and verification), and a
    /// generic per-byte loop there cost more than the database work itself.
    public static func append(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        let start = buffer.count
        let count = bytes.count
        guard count > 0, let source = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        // Room made with a whole array of zeros, not a lazy collection: a blob of 4 MB is spelled in
        // one piece of a large value, and element-wise appends are slow where the code is not optimized.
        buffer.append(contentsOf: [UInt8](repeating: 0, count: count * 2))
        buffer.withUnsafeMutableBufferPointer { output in
            var out = output.baseAddress! + start
            var index = 0
            while index < count {
                let byte = source[index]
                out[0] = digit(byte >> 4)
                out[1] = digit(byte & 0x0f)
                out += 2
                index += 1
            }
        }
    }

    /// Appends two lower-case hex digits per byte of `bytes` to `buffer`.
    public static func append(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        bytes.withUnsafeBytes { append($0, to: &buffer) }
    }

    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
    }
}

extension Sequence<UInt8> {
    /// Lower-case hexadecimal digits, two per byte: the spelling of binary data in SQL literals and COPY text.
    public var hexString: String {
        var out: [UInt8] = []
        Hex.append(Array(self), to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
