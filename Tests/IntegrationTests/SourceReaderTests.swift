import Foundation
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
@testable import WSO2Migrator

/// REG_CONTENT copied from PostgreSQL, whose bulk reads lend no values, into SQLite, with the rows
/// read on a thread of their own (`SourceReader`) while they are written: the tally one thread
/// gives and the same rows written; and where the writing fails part-way, at a small row or at the
/// large one, the writer's error, with the source connection given back, still inside its snapshot.
@Suite("table copy from PostgreSQL into SQLite, read on a second thread")
struct SourceReaderTests {
    /// Enough small rows for several packed buffers, twice what the reader may hold queued.
    static let rows = 60_000
    static let largeID = 900_000
    static let large: [UInt8] = (0..<(LargeValue.threshold + 5)).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    static func plan() throws -> TablePlan {
        let plans = try MergeMapping.tables(live: [.reg: try MergeMapping.legacySchema()], rows: [:])
        return try #require(plans.first { $0.name == "REG_CONTENT" })
    }

    /// REG_CONTENT of `rows` small rows (some NULL) and one large one, and a connection reading it
    /// inside a snapshot, as a merge's source connection does.
    static func source() throws -> (connection: PostgresConnection, url: DatabaseURL) {
        let url = try Fixtures.postgresDatabase()
        let filler = try PostgresConnection(url: url)
        try filler.execute(
            """
            CREATE TABLE "REG_CONTENT" ("REG_CONTENT_ID" integer, "REG_CONTENT_DATA" bytea, "REG_TENANT_ID" integer);
            INSERT INTO "REG_CONTENT" SELECT i, CASE WHEN i % 1000 = 0 THEN NULL ELSE sha512(int4send(i)) || sha512(int8send(i)) END, i % 7 - 1
            FROM generate_series(1, \(rows)) i
            """)
        try filler.run(SQLStatement(#"INSERT INTO "REG_CONTENT" VALUES ($1, $2, -1234)"#, [.integer(Int64(largeID)), .blob(large)]))
        let connection = try PostgresConnection(url: url)
        try connection.prepareSession(.snapshot)
        return (connection, url)
    }

    /// An empty REG_CONTENT in a new SQLite file, refusing the row `refused` with an error that names it.
    static func target(refusing refused: Int? = nil) throws -> SQLiteConnection {
        let target = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        try target.execute(#"CREATE TABLE "REG_CONTENT" ("REG_CONTENT_ID" INTEGER, "REG_CONTENT_DATA" BLOB, "REG_TENANT_ID" INTEGER)"#)
        if let refused {
            try target.execute(
                #"CREATE TRIGGER "refuse" BEFORE INSERT ON "REG_CONTENT" WHEN NEW."REG_CONTENT_ID" = \#(refused) "#
                    + #"BEGIN SELECT RAISE(ABORT, 'row \#(refused) refused'); END"#)
        }
        return target
    }

    static func same(_ a: TableTally, _ b: TableTally) -> Bool {
        a.digest == b.digest && a.tenants == b.tenants && a.bytes == b.bytes
    }

    @Test("the copy tallies what one thread reading the table tallies, and writes the rows read")
    func copies() throws {
        let (source, _) = try Self.source()
        let copy = TableCopy(plan: try Self.plan()) { _, _ in }
        let read = try copy.read(from: source)
        #expect(read.rows == Self.rows + 1)
        let target = try Self.target()
        let copied = try copy.copy(from: source, to: target)
        #expect(Self.same(copied, read))
        #expect(Self.same(try copy.read(from: target, asTarget: true), read), "the target holds the rows read")
    }

    @Test(
        "a write failing part-way fails the copy with the writer's error and gives the source connection back in its snapshot",
        arguments: [1_000, largeID])
    func failsPartWay(at refused: Int) throws {
        let (source, url) = try Self.source()
        let pid = try #require(try source.query("SELECT pg_backend_pid()").rows.first?.first?.integerValue)
        let observer = try PostgresConnection(url: url)
        let copy = TableCopy(plan: try Self.plan()) { _, _ in }
        let target = try Self.target(refusing: refused)
        let error = #expect(throws: (any Error).self) { try copy.copy(from: source, to: target) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("row \(refused) refused"), "\(String(describing: error))")
        // At once, while much of the table was still to be read past when the writing failed: the
        // reading has ended, its COPY finished, the session waiting in its transaction.
        let state = try observer.query(SQLStatement("SELECT state FROM pg_catalog.pg_stat_activity WHERE pid = $1", [.integer(pid)]))
        #expect(state.rows.first?.first?.textValue == "idle in transaction")
        let count = try source.query(#"SELECT count(*) FROM "REG_CONTENT""#).rows.first?.first?.integerValue
        #expect(count == Int64(Self.rows + 1))
        // A row added since is not seen: the connection is still inside the snapshot it read the table in.
        try observer.execute(#"INSERT INTO "REG_CONTENT" VALUES (0, NULL, 1)"#)
        #expect(try copy.read(from: source).rows == Self.rows + 1)
    }

    @Test("a source connection lost fails the copy with the error the same read on one thread fails with")
    func sourceLost() throws {
        let copy = TableCopy(plan: try Self.plan()) { _, _ in }
        var errors: [String] = []
        for onAnotherThread in [true, false] {
            let (source, url) = try Self.source()
            let pid = try #require(try source.query("SELECT pg_backend_pid()").rows.first?.first?.integerValue)
            try PostgresConnection(url: url).execute("SELECT pg_terminate_backend(\(pid))")
            let error = #expect(throws: (any Error).self) {
                if onAnotherThread { _ = try copy.copy(from: source, to: try Self.target()) } else { _ = try copy.read(from: source) }
            }
            errors.append(error.map { "\($0)" } ?? "no error")
        }
        #expect(errors[0] == errors[1])
    }
}
