/// A 64-bit FNV-1a digest, in hex: enough to tell that a script or step changed, with no
/// dependency. It is not a security measure.
public enum Checksum {
    /// The digest of `text`'s UTF-8 bytes, as 16 lower-case hex digits.
    public static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
