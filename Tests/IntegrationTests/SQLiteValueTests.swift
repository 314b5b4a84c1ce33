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
        let connection = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try connection.execute("CREATE TABLE t (body TEXT)")
        try connection.run(SQLStatement("INSERT INTO t VALUES ($1)", [.text(text)]))
        #expect(try connection.query("SELECT body, length(CAST(body AS BLOB)) FROM t").rows == [[SQLValue.text(text), SQLValue.integer(Int64(text.utf8.count))]])
        var streamed: [[SQLValue]] = []
        try connection.forEachRow(SQLStatement("SELECT body FROM t")) { streamed.append($0) }
        #expect(streamed == [[.text(text)]])
    }

    /// A row lent by one statement and bound to another as it lies arrives as it was stored: each
    /// value's storage class and bytes, invalid UTF-8 and NUL in text, empty text and empty blobs.
    @Test func lentRowsPassThroughWhole() throws {
        let source = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try source.execute(
            """
            CREATE TABLE t (a, b, c, d);
            INSERT INTO t VALUES (1, 'plain', x'00ff', 2.5);
            INSERT INTO t VALUES (NULL, CAST(x'61ff0062' AS TEXT), x'', '');
            INSERT INTO t VALUES (-9223372036854775808, 'ünï 😀', zeroblob(70000), 1e300);
            """)
        let target = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try target.execute("CREATE TABLE t (a, b, c, d, extra)")
        _ = try target.withPrepared("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)") { insert in
            try source.forEachBorrowedRow(SQLStatement("SELECT a, b, c, d FROM t")) { row in
                try insert.run(row, appending: [.text("x")])
            }
        }
        let spelled = "SELECT typeof(a), hex(a), typeof(b), hex(b), typeof(c), hex(c), typeof(d), hex(d) FROM t ORDER BY rowid"
        #expect(try target.query(spelled).rows == source.query(spelled).rows)
        #expect(try target.query("SELECT DISTINCT extra FROM t").rows == [[.text("x")]])
    }
}
