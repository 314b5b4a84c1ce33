import MySQLDriver
import SQLDriver
import Testing

/// What the merge's checks believe a MySQL character set holds, against what the server itself converts.
@Suite("MySQL character sets")
struct MySQLCharacterSetTests {
    /// Every character up to U+02FF, Greek and Cyrillic, the Windows-1252 punctuation, and some beyond (CJK, emoji, a musical symbol).
    static let candidates: [Unicode.Scalar] =
        (0x20...0x4FF).compactMap(Unicode.Scalar.init)
        + [0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203A, 0x20AC,
           0x2122, 0x4E2D, 0xFFFD, 0x1F600, 0x1D11E].compactMap(Unicode.Scalar.init)

    @Test(
        "latin1, utf8mb3, ascii, utf8mb4 and character sets the merge asks the server about (latin2, cp1251, greek) hold exactly the characters the server converts into them",
        arguments: ["latin1", "utf8mb3", "ascii", "utf8mb4", "latin2", "cp1251", "greek"])
    func repertoireMatchesServer(characterSet: String) throws {
        let connection = try MySQLFixtures.connection()
        let repertoire = try connection.textRepertoire(declared: characterSet)
        // The server turns a character its character set lacks into `?`; `?` itself is not a candidate.
        for scalar in Self.candidates where scalar != "?" {
            let converted = try connection.query(
                "SELECT CONVERT(CAST(? AS CHAR CHARACTER SET utf8mb4) USING \(characterSet)) = '?'", .text(String(Character(scalar)))
            ).rows.first?.first?.integerValue
            #expect((converted == 0) == repertoire.holds(scalar), "U+\(String(scalar.value, radix: 16)) in \(characterSet)")
        }
    }

    @Test("a column of no declared character set has the database's")
    func databaseDefault() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute("ALTER DATABASE CHARACTER SET latin1")
        #expect(try connection.textRepertoire(declared: nil).name == "latin1")
        try connection.execute("ALTER DATABASE CHARACTER SET utf8mb4")
        #expect(try connection.textRepertoire(declared: nil).isUnicode)
    }
}
