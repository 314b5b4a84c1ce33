import Foundation
import LocalMariaDB
import LocalPostgres
import MySQLDriver
import SQLDriver
import Testing

/// MariaDB Connector/C against a real MariaDB server: parameters, both result protocols, errors.
@Suite("MySQL driver")
struct MySQLDriverTests {
    static let awkwardText = "tab\there, newline\nthere, back\\slash, quote ' and \" and ` and unicode ü€ 🚀 (4 bytes)"
    static let everyByte = (0...255).map { UInt8($0) }

    @Test("parameters of every type round-trip as bound values, over the binary and the text protocol alike")
    func parametersRoundTrip() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute(
            "CREATE TABLE t (i BIGINT, s TEXT CHARACTER SET utf8mb4, b LONGBLOB, f TINYINT(1), d DOUBLE, v VARBINARY(300), n DECIMAL(20,4), ts DATETIME)")
        let values: [SQLValue] = [
            .integer(-9_007_199_254_740_993), .text(Self.awkwardText), .blob(Self.everyByte), .boolean(true), .double(2.5),
            .blob([0, 0xff, 0x27, 0x5c]), .text("12345.6789"), .text("2024-02-29 23:59:58"),
        ]
        try connection.run(SQLStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values))
        try connection.run(SQLStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Array(repeating: .null, count: 8)))
        let expected: [[SQLValue]] = [
            [.integer(-9_007_199_254_740_993), .text(Self.awkwardText), .blob(Self.everyByte), .integer(1), .double(2.5),
             .blob([0, 0xff, 0x27, 0x5c]), .text("12345.6789"), .text("2024-02-29 23:59:58")],
            Array(repeating: .null, count: 8),
        ]
        let text = try connection.query("SELECT i, s, b, f, d, v, n, ts FROM t ORDER BY i IS NULL")
        let binary = try connection.query("SELECT i, s, b, f, d, v, n, ts FROM t WHERE ? ORDER BY i IS NULL", .integer(1))
        #expect(text.rows == expected)
        #expect(binary.rows == expected)
        #expect(binary.columns == ["i", "s", "b", "f", "d", "v", "n", "ts"])
        let injected = try connection.query("SELECT CAST(? AS CHAR)", .text("x'); DROP TABLE t; --"))
        #expect(injected.rows == [[.text("x'); DROP TABLE t; --")]])
        #expect(try connection.query("SELECT count(*) FROM t").rows == [[.integer(2)]])
    }

    @Test("a value of several megabytes comes back whole through both protocols")
    func largeValues() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute("CREATE TABLE c (id INT PRIMARY KEY, data LONGBLOB)")
        let large = (0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try connection.run(SQLStatement("INSERT INTO c VALUES (?, ?), (?, ?)", [.integer(1), .blob([1]), .integer(2), .blob(large)]))
        #expect(try connection.query("SELECT data FROM c WHERE id = ?", .integer(2)).rows == [[.blob(large)]])
        #expect(try connection.query("SELECT data FROM c ORDER BY id").rows == [[.blob([1])], [.blob(large)]])
    }

    @Test("run returns rows matched; a script stops at its first failing statement")
    func runAndExecute() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute("CREATE TABLE u (id INT PRIMARY KEY, v INT); INSERT INTO u VALUES (1, 1), (2, 1), (3, 2)")
        #expect(try connection.run(SQLStatement("UPDATE u SET v = ? WHERE v = ?", [.integer(1), .integer(1)])) == 2)
        #expect(try connection.run(SQLStatement("DELETE FROM u WHERE id = 3")) == 1)
        let error = #expect(throws: DatabaseError.self) {
            try connection.execute("INSERT INTO u VALUES (10, 0); INSERT INTO no_such_table VALUES (1); INSERT INTO u VALUES (11, 0)")
        }
        #expect(error?.errorNumber == MySQLErrorNumber.noSuchTable)
        #expect(try connection.query("SELECT id FROM u ORDER BY id").rows == [[.integer(1)], [.integer(2)], [.integer(10)]])
        // The connection is usable again after the failed script.
        #expect(try connection.query("SELECT 1").rows == [[.integer(1)]])
    }

    @Test("a rolled-back transaction leaves nothing; a committed one keeps its rows")
    func transactions() throws {
        let connection = try MySQLFixtures.connection()
        try connection.execute("CREATE TABLE r (id INT PRIMARY KEY) ENGINE=InnoDB")
        try connection.begin()
        try connection.run(SQLStatement("INSERT INTO r VALUES (?)", [.integer(1)]))
        connection.rollback()
        #expect(try connection.query("SELECT count(*) FROM r").rows == [[.integer(0)]])
        try connection.begin()
        try connection.run(SQLStatement("INSERT INTO r VALUES (?)", [.integer(2)]))
        try connection.commit()
        #expect(try connection.query("SELECT id FROM r").rows == [[.integer(2)]])
    }

    @Test("errors carry the server's error number, SQLSTATE and the statement, never a value")
    func errorsCarryContext() throws {
        let connection = try MySQLFixtures.connection()
        let missing = #expect(throws: DatabaseError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(missing?.errorNumber == 1146)
        #expect(missing?.sqlState == "42S02")
        #expect(missing?.statement == "SELECT * FROM no_such_table")
        try connection.execute("CREATE TABLE k (id INT PRIMARY KEY, secret VARCHAR(20))")
        try connection.run(SQLStatement("INSERT INTO k VALUES (?, ?)", [.integer(1), .text("first")]))
        let duplicate = #expect(throws: DatabaseError.self) {
            try connection.run(SQLStatement("INSERT INTO k VALUES (?, ?)", [.integer(1), .text("hunter2-value")]))
        }
        #expect(duplicate?.errorNumber == MySQLErrorNumber.duplicateEntry)
        #expect(duplicate?.sqlState == "23000")
        #expect(duplicate?.code == .statementFailed)
        #expect(duplicate.map { "\($0)" }?.contains("hunter2-value") == false)
    }

    @Test("a wrong password, a missing database and a closed port say what to do and never show the password")
    func connectionFailures() throws {
        let server = try LocalMariaDB.shared()
        let wrong = try MySQLURL(parsing: "mysql://\(server.user):Sup3r-S3cret@\(server.host):\(server.port)/mysql")
        let denied = #expect(throws: DatabaseError.self) { try MySQLConnection(url: wrong) }
        #expect(denied?.code == .connectionFailed)
        #expect(denied?.errorNumber == MySQLErrorNumber.accessDenied)
        #expect(denied?.hint?.contains("password") == true)
        #expect(denied.map { "\($0)" }?.contains("Sup3r-S3cret") == false)
        #expect(denied.map { "\($0)" }?.contains(":***@") == true)

        let missing = try MySQLURL(parsing: server.url(database: "no_such_database"))
        let unknown = #expect(throws: DatabaseError.self) { try MySQLConnection(url: missing) }
        #expect(unknown?.errorNumber == MySQLErrorNumber.unknownDatabase)
        #expect(unknown?.hint?.contains("CREATE DATABASE no_such_database") == true)
        #expect(unknown.map { "\($0)" }?.contains(server.password) == false)

        let closed = try MySQLURL(parsing: "mysql://u:Sup3r-S3cret@127.0.0.1:\(Subprocess.freeLoopbackPort())/db?connect-timeout=3")
        let refused = #expect(throws: DatabaseError.self) { try MySQLConnection(url: closed) }
        // Connector/C reports a refused TCP connection as 2002, MySQL's client library as 2003.
        #expect([MySQLErrorNumber.socketConnectFailed, MySQLErrorNumber.tcpConnectFailed].contains(refused?.errorNumber ?? 0))
        #expect(refused?.hint?.contains("accepting TCP connections at 127.0.0.1") == true)
    }

    @Test("a socket URL reaches the server's own socket")
    func socketURL() throws {
        let server = try LocalMariaDB.shared()
        let name = try server.createDatabase()
        if let socket = server.socket {
            let url = try MySQLURL(
                parsing: "mysql://\(server.user):\(server.password)@localhost/\(name)?socket=\(socket)")
            let connection = try MySQLConnection(url: url)
            #expect(try connection.query("SELECT DATABASE()").rows == [[.text(name)]])
            #expect(connection.isMariaDB)
        }
    }
}
