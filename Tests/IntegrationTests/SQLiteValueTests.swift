import SQLDriver
import SQLiteDriver
import Testing

/// Values travel through the SQLite driver whole: what merge-legacy reads from a SQLite source is
/// exactly what is stored, whatever characters it holds.
@Suite struct SQLiteValueTests {
    @Test("text with NUL characters, empty text and unicode round-trip whole", arguments: [
        "a\u{0}b", "\u{0}", "", "trailing\u{0}", "😀 ünï \t\n\\ '\"",
    ])
    func textRoundTrips(_ text: String) throws {
        let connection = try SQLiteConnection(url: .sqlite(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try connection.execute("CREATE TABLE t (body TEXT)")
        try connection.run(SQLStatement("INSERT INTO t VALUES ($1)", [.text(text)]))
        #expect(try connection.query("SELECT body, length(CAST(body AS BLOB)) FROM t").rows == [[SQLValue.text(text), SQLValue.integer(Int64(text.utf8.count))]])
        var streamed: [[SQLValue]] = []
        try connection.forEachRow(SQLStatement("SELECT body FROM t")) { streamed.append($0) }
        #expect(streamed == [[.text(text)]])
    }
}
