import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing

/// The libpq driver against a real server: parameters, COPY, errors.
@Suite("PostgreSQL driver")
struct PostgresDriverTests {
    static let awkwardText = "tab\there, newline\nthere, back\\slash, quote ' and \" and unicode ü€ 🚀"
    static let everyByte = (0...255).map { UInt8($0) }

    @Test("parameters of every type round-trip without being spliced into the SQL")
    func parametersRoundTrip() throws {
        let connection = try PostgresConnection(url: Fixtures.postgresDatabase())
        try connection.execute("CREATE TABLE t (i bigint, s text, b bytea, f boolean, d double precision)")
        try connection.run(
            SQLStatement(
                "INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
                [.integer(-9_007_199_254_740_993), .text(Self.awkwardText), .blob(Self.everyByte), .boolean(true), .double(2.5)]))
        try connection.run(SQLStatement("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", [.null, .null, .null, .null, .null]))
        let rows = try connection.query("SELECT i, s, b, f, d FROM t ORDER BY i NULLS LAST").rows
        #expect(rows[0] == [.integer(-9_007_199_254_740_993), .text(Self.awkwardText), .blob(Self.everyByte), .boolean(true), .double(2.5)])
        #expect(rows[1] == [.null, .null, .null, .null, .null])
        let injected = try connection.query("SELECT $1::text", .text("x'); DROP TABLE t; --"))
        #expect(injected.rows == [[.text("x'); DROP TABLE t; --")]])
        #expect(try connection.query("SELECT count(*) FROM t").rows == [[.integer(2)]])
    }

    @Test("COPY in then COPY out returns exactly the rows written, NULLs, escapes and bytes included")
    func copyRoundTrip() throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: url)
        try connection.execute("CREATE TABLE source (id integer, body text, data bytea, flag boolean)")
        let rowCount = 20_000
        let stored = try connection.copyIn("COPY source (id, body, data, flag) FROM STDIN") { writer in
            for id in 0..<rowCount {
                try writer.writeRow([
                    .integer(Int64(id)), id % 7 == 0 ? .null : .text("\(Self.awkwardText) #\(id)"),
                    id % 5 == 0 ? .null : .blob(Self.everyByte), .boolean(id % 2 == 0),
                ])
            }
        }
        #expect(stored == rowCount)
        let sample = try connection.query("SELECT body, data, flag FROM source WHERE id = 1").rows
        #expect(sample == [[.text("\(Self.awkwardText) #1"), .blob(Self.everyByte), .boolean(false)]])
        #expect(try connection.query("SELECT count(*) FROM source WHERE body IS NULL").rows == [[.integer(2858)]])

        // Stream the table out and straight into a copy of it, chunk by chunk.
        try connection.execute("CREATE TABLE target (LIKE source)")
        let target = try PostgresConnection(url: url)
        var sent = 0
        let copied = try target.copyIn("COPY target FROM STDIN") { writer in
            sent = try connection.copyOut("COPY source TO STDOUT") { chunk in try writer.writeRaw(chunk) }
        }
        #expect(sent == rowCount)
        #expect(copied == rowCount)
        let difference = try connection.query(
            "SELECT count(*) FROM ((TABLE source EXCEPT ALL TABLE target) UNION ALL (TABLE target EXCEPT ALL TABLE source)) d")
        #expect(difference.rows == [[.integer(0)]])
    }

    @Test("a COPY the caller abandons stores nothing")
    func abortedCopyStoresNothing() throws {
        struct Abandon: Error {}
        let connection = try PostgresConnection(url: Fixtures.postgresDatabase())
        try connection.execute("CREATE TABLE t (id integer)")
        #expect(throws: Abandon.self) {
            try connection.copyIn("COPY t FROM STDIN") { writer in
                for id in 0..<1000 { try writer.writeRow([.integer(Int64(id))]) }
                try writer.flush()
                throw Abandon()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM t").rows == [[.integer(0)]])
    }

    @Test("errors carry SQLSTATE, statement and detail")
    func errorsCarryContext() throws {
        let connection = try PostgresConnection(url: Fixtures.postgresDatabase())
        let missing = #expect(throws: DatabaseError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(missing?.sqlState == "42P01")
        #expect(missing?.statement == "SELECT * FROM no_such_table")
        try connection.execute("CREATE TABLE u (id integer PRIMARY KEY)")
        try connection.run(SQLStatement("INSERT INTO u VALUES ($1)", [.integer(1)]))
        let duplicate = #expect(throws: DatabaseError.self) {
            try connection.run(SQLStatement("INSERT INTO u VALUES ($1)", [.integer(1)]))
        }
        #expect(duplicate?.sqlState == "23505")
        #expect(duplicate?.detail?.contains("already exists") == true)
    }

    @Test("a failed connection says what to do and never shows the password")
    func connectionFailureHidesPassword() throws {
        let server = try LocalPostgres.shared()
        let url = try PostgreSQL.url(
            server.url(database: "no_such_database").replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://postgres:Sup3r-S3cret@"))
        let error = #expect(throws: DatabaseError.self) { try PostgresConnection(url: url) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.hint?.contains("create the database") == true)
        #expect(error.map { "\($0)" }?.contains("Sup3r-S3cret") == false)
        #expect(error.map { "\($0)" }?.contains("postgres:***@") == true)
    }
}
