import WSO2Schema

/// The characters a text column can hold, as its engine and character set define them: what the
/// merge's checks hold each source value against before the first write, where a target column's
/// character set is narrower than Unicode (MySQL's `latin1` and `utf8mb3`).
public struct TextRepertoire: Sendable, CustomStringConvertible {
    /// The character set's name, as its engine spells it (`latin1`); `unicode` for every character.
    public let name: String
    /// Whether a character is held as it is.
    public let holds: @Sendable (Unicode.Scalar) -> Bool

    /// A repertoire named `name`, holding the characters `holds` accepts.
    public init(name: String, holds: @escaping @Sendable (Unicode.Scalar) -> Bool) {
        self.name = name
        self.holds = holds
    }

    /// Every character: PostgreSQL's UTF-8 text, SQLite, MySQL's `utf8mb4`.
    public static let unicode = TextRepertoire(name: "unicode") { _ in true }

    /// Whether this holds every character.
    public var isUnicode: Bool { name == Self.unicode.name }

    public var description: String { name }

    /// The first character of `text` this repertoire does not hold, if any.
    public func firstUnheld(in text: String) -> Unicode.Scalar? {
        guard !isUnicode else { return nil }
        return text.unicodeScalars.first { !holds($0) }
    }
}

/// How a target compares the text of a key column, so that a source's rows can be checked for
/// duplicates under the target's keys as the target will judge them: a value that differs from
/// another only in case is a duplicate under MySQL's `utf8mb4_general_ci`, and distinct under
/// `latin1_general_cs` and in PostgreSQL or SQLite.
public enum KeyComparison: Sendable, Hashable {
    /// As the source compares it (the same engine and definitions: `migrate`).
    case asStored
    /// Byte for byte (PostgreSQL's deterministic collations, SQLite's `BINARY`).
    case bytes
    /// By a MySQL collation.
    case collation(Collation)
}
