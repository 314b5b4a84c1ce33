import Foundation
import SQLDriver
import SQLiteDriver
import Testing

/// What a bulk load (`prepareSession(.bulkLoad)`, the merge's and the copy's target) does to a SQLite file.
@Suite("bulk load into SQLite")
struct SQLiteBulkLoadTests {
    static func pageSize(_ connection: SQLiteConnection) throws -> Int64? {
        try connection.query("PRAGMA page_size").rows.first?.first?.integerValue
    }

    static func journalMode(_ connection: SQLiteConnection) throws -> String? {
        try connection.query("PRAGMA journal_mode").rows.first?.first?.textValue
    }

    @Test("a file that holds nothing yet gets 32 KiB pages, and stays in WAL mode")
    func emptyFileGetsLargePages() throws {
        let path = try Fixtures.sqlitePath()
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
        #expect(try Self.pageSize(connection) == 4096)
        try connection.prepareSession(.bulkLoad)
        #expect(try Self.pageSize(connection) == 32768)
        #expect(try Self.journalMode(connection) == "wal")
        try connection.execute("CREATE TABLE t (a BLOB)")
        try connection.execute("INSERT INTO t VALUES (zeroblob(100000))")
        let again = try SQLiteConnection(url: SQLite.url(path: path), mode: .readOnly)
        #expect(try Self.pageSize(again) == 32768)
        #expect(try again.query("SELECT length(a) FROM t").rows.first?.first?.integerValue == 100000)
    }

    @Test("a file that holds a table keeps its pages and its rows")
    func databaseKeepsItsPages() throws {
        let path = try Fixtures.sqlitePath()
        let first = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
        try first.execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (7)")
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        try connection.prepareSession(.bulkLoad)
        #expect(try Self.pageSize(connection) == 4096)
        #expect(try connection.query("SELECT a FROM t").rows.first?.first?.integerValue == 7)
    }

    @Test("an empty file another connection holds open keeps its pages, and the load goes on in WAL mode")
    func heldFileKeepsItsPages() throws {
        let path = try Fixtures.sqlitePath()
        let other = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
        try other.execute("BEGIN")
        _ = try other.query("SELECT count(*) FROM sqlite_schema")
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        try connection.prepareSession(.bulkLoad)
        #expect(try Self.pageSize(connection) == 4096)
        #expect(try Self.journalMode(connection) == "wal")
        try other.execute("COMMIT")
        try connection.execute("CREATE TABLE t (a INTEGER)")
    }
}
