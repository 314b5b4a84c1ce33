import SQLDriver
import WSO2Schema

/// What MySQL's character sets hold, for the merge's checks before the first write: a value that a
/// column's character set cannot hold is refused by a strict server half-way through a copy (and
/// changed to `?` by a lax one), so it is looked for first.
enum MySQLCharacterSets {
    /// MySQL's `latin1` is Windows-1252, not ISO 8859-1: 0x80-0x9F hold the Windows characters
    /// (`€`, `’`, `Œ` …), and the five bytes Windows leaves undefined map to the C1 controls of the same
    /// number. Checked against MariaDB 10.11 (`CONVERT(_utf8mb4'…' USING latin1)` for every character
    /// up to U+00FF).
    static let latin1 = TextRepertoire(name: "latin1") { scalar in
        let value = scalar.value
        return value < 0x80 || (0xA0...0xFF).contains(value) || windows1252.contains(value)
    }

    private static let windows1252: Set<UInt32> = [
        0x81, 0x8D, 0x8F, 0x90, 0x9D,
        0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D,
        0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178,
    ]

    /// The repertoire of a character set by its MySQL name: `latin1`, `ascii`, the three-byte
    /// `utf8mb3` (also `utf8`, as MariaDB and MySQL before 8.0.30 name it, and `ucs2`) that holds no
    /// character beyond U+FFFF (emoji), and every character in `utf8mb4`, `utf16`, `utf32` and
    /// `binary`; `nil` for the others (`MySQLConnection.textRepertoire` asks the server about them).
    static func repertoire(of characterSet: String) -> TextRepertoire? {
        switch characterSet.lowercased() {
        case "latin1": latin1
        case "ascii": TextRepertoire(name: "ascii") { $0.isASCII }
        case "utf8mb3", "utf8", "ucs2": TextRepertoire(name: characterSet.lowercased()) { $0.value <= 0xFFFF }
        case "utf8mb4", "utf16", "utf16le", "utf32", "binary": .unicode
        default: nil
        }
    }
}

extension MySQLConnection {
    public func textRepertoire(declared characterSet: String?) throws -> TextRepertoire {
        let name = try characterSet ?? query("SELECT @@character_set_database").rows.first?.first?.textValue ?? "utf8mb4"
        if let known = MySQLCharacterSets.repertoire(of: name) { return known }
        if let probed = probedRepertoires[name.lowercased()] { return probed }
        let probed = try probedRepertoire(name)
        probedRepertoires[name.lowercased()] = probed
        return probed
    }

    /// A character set of one byte a character that `MySQLCharacterSets` does not list (`latin2`,
    /// `cp1251`, `greek` …): its 256 characters as the server converts them, one query. Wider ones
    /// (`gbk`, `sjis` …) hold every character here (`unicode`): a strict server refuses what they
    /// cannot hold as it is written, a lax one changes it to `?`.
    private func probedRepertoire(_ name: String) throws -> TextRepertoire {
        let width = try query("SELECT MAXLEN FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = ?", .text(name))
        guard width.rows.first?.first?.integerValue == 1 else { return .unicode }
        let bytes = (0...255).map { "CONVERT(UNHEX('\([UInt8($0)].hexString)') USING \(dialect.quoteExactly(name)))" }
        let converted = try query("SELECT " + bytes.joined(separator: ", ")).rows.first ?? []
        var held = Set<UInt32>()
        for (byte, value) in converted.enumerated() {
            // A byte the character set leaves undefined comes back as `?`.
            guard let text = value.textValue, text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first,
                scalar != "?" || byte == 0x3F
            else { continue }
            held.insert(scalar.value)
        }
        let holds = held
        return TextRepertoire(name: name.lowercased()) { holds.contains($0.value) }
    }

    public func keyComparison(declared collation: Collation?) throws -> KeyComparison {
        if let collation { return .collation(collation) }
        let row = try query("SELECT @@character_set_database, @@collation_database").rows.first
        guard let characterSet = row?[0].textValue, let name = row?[1].textValue else { return .asStored }
        return .collation(Collation(characterSet, name))
    }
}
