import Foundation
import LocalMariaDB
import MySQLDriver
import SQLDriver
import Testing

/// The MySQL driver through the contract shared code uses: the registry reads its URLs and WSO2's
/// names for it, a connection tells its identity, and bulk reads and writes spell rows canonically.
@Suite("MySQL driver contract")
struct MySQLDriverContractTests {
    init() { DriverRegistry.register(MySQL()) }

    @Test("jdbc:mysql as WSO2 writes it: WSO2's parameters mapped or left out by name, the password masked")
    func jdbcThroughTheRegistry() throws {
        let url = try DatabaseURL(
            parsing: "jdbc:mysql://db.example:3306/WSO2_SHARED_DB?useSSL=false&characterEncoding=UTF-8&serverTimezone=UTC"
                + "&autoReconnect=true&allowPublicKeyRetrieval=true&user=wso2carbon&password=S3cr3t-Pw")
        #expect(url.driver == "mysql")
        #expect(url.host == "db.example" && url.port == "3306" && url.database == "WSO2_SHARED_DB")
        #expect(url.user == "wso2carbon" && url.password == "S3cr3t-Pw")
        #expect(url.parameter("ssl-mode") == "DISABLED")
        #expect(url.droppedParameters == ["characterEncoding", "serverTimezone", "autoReconnect", "allowPublicKeyRetrieval"])
        #expect(url.description == "mysql://wso2carbon:***@db.example:3306/WSO2_SHARED_DB")
        #expect(MySQLURL(url).tlsMode == .disabled)

        let mariadb = try DatabaseURL(parsing: "jdbc:mariadb://db:3307/am?sslMode=verify-full")
        #expect(mariadb.driver == "mysql" && mariadb.parameter("ssl-mode") == "VERIFY_IDENTITY")

        let unknown = #expect(throws: DatabaseError.self) {
            try DatabaseURL(parsing: "jdbc:mysql://db/am?user=u&password=An0ther-Pw&frobnicate=1")
        }
        #expect(unknown?.code == .invalidURL)
        #expect(unknown?.description.contains("frobnicate") == true)
        #expect(unknown?.description.contains("An0ther-Pw") == false)
    }

    @Test("mysql://, mariadb:// and a socket path as the host: one driver, the same parts")
    func nativeForms() throws {
        let socket = try DatabaseURL(parsing: "mariadb://root@%2Frun%2Fmysqld%2Fmysqld.sock/WSO2AM_DB")
        #expect(socket.driver == "mysql" && socket.parameter("socket") == "/run/mysqld/mysqld.sock" && socket.database == "WSO2AM_DB")
        #expect(MySQLURL(socket).socket == "/run/mysqld/mysqld.sock")
        let plain = try DatabaseURL(parsing: "mysql://u:p%40ss@h:3306/db?connect-timeout=5")
        #expect(plain.password == "p@ss" && MySQLURL(plain).connectTimeout == 5)
        #expect(plain == (try DatabaseURL(parsing: "mariadb://u:p%40ss@h:3306/db?connect-timeout=5")))
    }

    @Test("WSO2's configuration names for MySQL and MariaDB select the driver; MYSQL_PWD offers a password")
    func configurationNames() {
        #expect(DriverRegistry.driver(forConfigType: "mysql")?.id == "mysql")
        #expect(DriverRegistry.driver(forConfigType: "MariaDB")?.id == "mysql")
        for name in ["com.mysql.jdbc.Driver", "com.mysql.cj.jdbc.Driver", "org.mariadb.jdbc.Driver"] {
            #expect(DriverRegistry.driver(forDriverClass: name)?.id == "mysql", "\(name)")
        }
        #expect(MySQL().offersPassword(environment: ["MYSQL_PWD": "from-env-pw"]))
        #expect(!MySQL().offersPassword(environment: [:]))
    }

    @Test("identity: the same database by TCP and by socket is one database; another database is another")
    func identity() throws {
        let server = try LocalMariaDB.shared()
        let name = try server.createDatabase(prefix: "ident")
        let tcp = try DriverRegistry.open(try DatabaseURL(parsing: server.url(database: name)), for: .read)
        let other = try DriverRegistry.open(try DatabaseURL(parsing: server.url(database: try server.createDatabase(prefix: "ident"))), for: .read)
        #expect(try tcp.isSameDatabase(as: other) == false)
        if let socket = server.socket {
            let viaSocket = "mysql://\(server.user):\(server.password)@\(socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)/\(name)"
            let local = try DriverRegistry.open(try DatabaseURL(parsing: viaSocket), for: .read)
            #expect(try tcp.isSameDatabase(as: local))
        }
        #expect(try tcp.identity() == tcp.identity())
    }

    /// A row of every value kind, and its canonical spelling written out by hand from `CanonicalRow`'s table.
    static let kinds: [ValueKind] = [.integer, .integer, .boolean, .boolean, .text, .text, .binary, .timestamp, .timestamp, .text]
    static let expected = [
        "42\t-9000000000\tt\tf\ttab\\there\\\\ and é\tplain\t\\\\x00ff10\t2019-03-01 10:15:00.5\t2020-02-29 23:59:59\t\\N",
        "0\t1\tf\tt\t\t😀 four bytes\t\\\\x\t1970-01-01 00:00:01\t2038-01-19 03:14:07.123456\t\\N",
    ]

    static func table(_ connection: MySQLConnection, _ name: String) throws {
        try connection.execute(
            """
            CREATE TABLE `\(name)` (A INT, B BIGINT, C TINYINT(1), D TINYINT(1), E VARCHAR(100) CHARACTER SET latin1,
              F TEXT CHARACTER SET utf8mb4, G LONGBLOB, H DATETIME(6), I TIMESTAMP(6) NULL, J VARCHAR(10), K INT AUTO_INCREMENT PRIMARY KEY)
            """)
    }

    @Test("bulk read spells every value kind canonically; bulk write takes the rows back byte for byte")
    func bulkRoundTrip() throws {
        let connection = try MySQLFixtures.connection()
        try Self.table(connection, "SOURCE")
        try connection.run(
            SQLStatement(
                "INSERT INTO SOURCE (A, B, C, D, E, F, G, H, I, J) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .integer(42), .integer(-9_000_000_000), .boolean(true), .integer(0), .text("tab\there\\ and é"), .text("plain"),
                    .blob([0, 255, 16]), .text("2019-03-01 10:15:00.500000"), .text("2020-02-29 23:59:59"), .null,
                    .integer(0), .integer(1), .boolean(false), .integer(1), .text(""), .text("😀 four bytes"), .blob([]),
                    .text("1970-01-01 00:00:01"), .text("2038-01-19 03:14:07.123456"), .null,
                ]))
        let select = "SELECT A, B, C, D, E, F, G, H, I, J FROM SOURCE ORDER BY K"
        var read: [String] = []
        try connection.prepareSession(.read)
        let count = try connection.readRows(BulkRead(select: select, kinds: Self.kinds)) { row in
            read.append(String(decoding: row.canonical!, as: UTF8.self))
        }
        #expect(count == 2)
        #expect(read == Self.expected)
        // Unspelled (a read that only looks at values): the same values lent, no canonical row made.
        var unspelled: [String] = []
        try connection.readRows(BulkRead(select: select, kinds: Self.kinds, spelled: false)) { row in
            #expect(row.canonical == nil)
            var line: [UInt8] = []
            row.appendCanonical(as: Self.kinds, to: &line)
            unspelled.append(String(decoding: line, as: UTF8.self))
        }
        #expect(unspelled == Self.expected)

        let target = try MySQLFixtures.connection()
        try Self.table(target, "TARGET")
        try target.prepareSession(.bulkLoad)
        try target.begin()
        // Once with the values lent, once from the canonical rows only: both land the same bytes.
        let columns = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]
        _ = try target.writeRows(BulkWrite(table: "TARGET", columns: columns, kinds: Self.kinds)) { writer in
            try connection.readRows(BulkRead(select: select, kinds: Self.kinds)) { try writer.write($0, appending: []) }
        }
        try target.writeRows(BulkWrite(table: "TARGET", columns: columns, kinds: Self.kinds)) { writer in
            for line in Self.expected {
                try Array(line.utf8).withUnsafeBytes { try writer.write(BulkRow(count: columns.count, canonical: $0), appending: []) }
            }
        }
        try target.commit()
        var written: [String] = []
        try target.readRows(BulkRead(select: select.replacingOccurrences(of: "SOURCE", with: "TARGET"), kinds: Self.kinds)) { row in
            written.append(String(decoding: row.canonical!, as: UTF8.self))
        }
        #expect(written == Self.expected + Self.expected)
        // AUTO_INCREMENT numbered the rows, and id 0 was never sent (NO_AUTO_VALUE_ON_ZERO is for ids given).
        // LOAD DATA reserves ids in blocks, so the numbers may have gaps.
        #expect(try target.query("SELECT COUNT(DISTINCT K), MIN(K) FROM TARGET").rows.first == [.integer(4), .integer(1)])
    }

    @Test("a bulk write of a value the column cannot hold fails; it is not truncated with a warning")
    func strictLoad() throws {
        let target = try MySQLFixtures.connection()
        try Self.table(target, "NARROW")
        try target.prepareSession(.bulkLoad)
        let long = String(repeating: "x", count: 11)
        let error = #expect(throws: DatabaseError.self) {
            try target.writeRows(BulkWrite(table: "NARROW", columns: ["J"], kinds: [.text])) { writer in
                try Array(long.utf8).withUnsafeBytes { try writer.write(BulkRow(count: 1, canonical: $0), appending: []) }
            }
        }
        // 1406 from an INSERT; 1265 from LOAD DATA LOCAL, which makes it a warning the writer turns back into an error.
        #expect([1406, 1265].contains(error?.errorNumber ?? 0), "Data too long: \(String(describing: error))")
        #expect(try target.query("SELECT COUNT(*) FROM NARROW").rows.first?.first == .integer(0))
    }
}
