extension String {
    /// Whether two SQL names are the same name. WSO2 writes names unquoted, so every engine
    /// compares them without regard to case; the catalog does the same.
    ///
    /// Compared byte by byte, folding ASCII letters, without making new strings: detection and the
    /// differ look names up many thousands of times. Names with other characters fall back to
    /// Unicode upper-casing.
    public func sameSQLName(as other: String) -> Bool {
        var left = utf8.makeIterator()
        var right = other.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case (let a?, let b?):
                if a == b { continue }
                if a >= 0x80 || b >= 0x80 { return sameUnicodeName(as: other) }
                if Self.asciiUpper(a) != Self.asciiUpper(b) { return false }
            default:
                return utf8.contains { $0 >= 0x80 } || other.utf8.contains { $0 >= 0x80 } ? sameUnicodeName(as: other) : false
            }
        }
    }

    private func sameUnicodeName(as other: String) -> Bool {
        count == other.count && uppercased() == other.uppercased()
    }

    private static func asciiUpper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }
}

extension String {
    /// The name as WSO2's scripts spell it: unquoted and in upper case (`UM_USER`), whichever case the engine
    /// stored (PostgreSQL folds unquoted names to lower case). Reports use it so that one object has one
    /// spelling whether it was read from the catalog or from a live database.
    public var wso2Spelling: String { uppercased() }
}
