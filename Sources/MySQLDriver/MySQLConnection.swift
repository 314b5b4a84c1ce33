import CMariaDB
import Foundation
import SQLDriver
import WSO2Schema

/// A connection to MySQL or MariaDB through MariaDB Connector/C. Owns one `MYSQL` handle; not
/// thread-safe, so not `Sendable`: keep it on the task that opened it.
///
/// Every connection talks utf8mb4, runs its session in UTC (`time_zone = '+00:00'`, so TIMESTAMP
/// values read the same whatever the server's zone), and reports affected rows as rows matched,
/// as PostgreSQL and SQLite do.
public final class MySQLConnection {
    /// Where the connection goes, as MySQL reads it (the password is masked when printed).
    public let address: MySQLURL
    let handle: UnsafeMutablePointer<MYSQL>
    /// Secrets this connection knows (the password, `MYSQL_PWD`), scrubbed from every message.
    let secrets: [String]
    /// How many times this session holds its `GET_LOCK` lock: once for the run lock, once for an
    /// exclusive transaction (the server counts them, and each is released on its own).
    var lockHolds = 0
    /// Whether an exclusive transaction holds one of those.
    var transactionHoldsLock = false
    /// Whether the session's transactions are read-only (opened for reading).
    var readOnlySession = false
    /// What `LOAD DATA LOCAL INFILE` reads: only the rows of the load under way.
    let infileFeed = MySQLInfileFeed()
    /// Whether the server takes `LOAD DATA LOCAL INFILE` from this session; nil until asked.
    var localInfileAccepted: Bool?
    /// The repertoires of single-byte character sets read from the server (`textRepertoire`), by name.
    var probedRepertoires: [String: TextRepertoire] = [:]
    /// The session's `max_allowed_packet`, once asked (`maxAllowedPacket`).
    var knownMaxAllowedPacket: Int?
    /// How rows are written in bulk.
    var bulkMethod = MySQLBulkMethod.configured

    /// Opens a connection. The password is the URL's, else `MYSQL_PWD`'s.
    /// - Throws: `DatabaseError` `.connectionFailed` with the server's error number, its message
    ///   (never a password) and a hint.
    public init(url: MySQLURL) throws {
        self.address = url
        let environmentPassword = ProcessInfo.processInfo.environment["MYSQL_PWD"]
        let password = url.password ?? environmentPassword
        secrets = [url.password, environmentPassword].compactMap { $0 }.filter { !$0.isEmpty }
        guard let connection = mysql_init(nil) else {
            throw DatabaseError(.connectionFailed, "MariaDB Connector/C could not allocate a connection", context: "connecting to \(url)")
        }
        handle = connection
        // Every stored property is set, so deinit closes the handle if this throws.
        try configure(password: password)
    }

    deinit { mysql_close(handle) }

    /// Opens a connection to a URL the driver parsed.
    public convenience init(url: DatabaseURL) throws {
        try self.init(url: MySQLURL(url))
    }

    /// Sets the options and connects.
    private func configure(password: String?) throws {
        let url = address
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var seconds = UInt32(url.connectTimeout ?? 10)
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &seconds)
        var off: my_bool = 0
        mysql_options(handle, MYSQL_OPT_RECONNECT, &off)
        try configureTLS()
        // Bulk writes load rows from memory; the handler serves nothing else, whatever file a server asks for.
        var localInfile: UInt32 = 1
        mysql_options(handle, MYSQL_OPT_LOCAL_INFILE, &localInfile)
        infileFeed.install(on: handle)
        if let key = url.serverPublicKeyPath { mysql_options(handle, MYSQL_SERVER_PUBLIC_KEY, key) }

        let host = url.socket != nil ? "localhost" : (url.host ?? "localhost")
        let flags = UInt(CLIENT_MULTI_STATEMENTS) | UInt(CLIENT_FOUND_ROWS)
        guard
            mysql_real_connect(
                handle, host, url.user, password, url.database, UInt32(url.port ?? 0), url.socket, flags) != nil
        else {
            let number = Int32(mysql_errno(handle))
            let message = scrub(String(cString: mysql_error(handle)))
            throw DatabaseError(
                .connectionFailed, message, context: "connecting to \(url)", sqlState: String(cString: mysql_sqlstate(handle)),
                hint: MySQLErrorNumber.connectionHint(number, url: url), errorNumber: number)
        }
        try execute("SET time_zone = '+00:00'")
    }

    private func configureTLS() throws {
        let url = address
        var yes: my_bool = 1
        if let ca = url.tlsCA { mysql_options(handle, MYSQL_OPT_SSL_CA, ca) }
        if let certificate = url.tlsCertificate { mysql_options(handle, MYSQL_OPT_SSL_CERT, certificate) }
        if let key = url.tlsKey { mysql_options(handle, MYSQL_OPT_SSL_KEY, key) }
        switch url.tlsMode {
        case .disabled, .preferred:
            break
        case .required:
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &yes)
        case .verifyCA, .verifyIdentity:
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &yes)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes)
        }
    }

    // MARK: - Statements

    /// Runs one or more statements that take no parameters (a DDL script, `START TRANSACTION`, …).
    /// Results are read and thrown away; the first statement that fails stops the rest.
    public func execute(_ sql: String) throws {
        _ = try send(sql)
    }

    /// Runs one statement, with its parameters bound (never spliced), and returns the number of rows it matched.
    @discardableResult
    public func run(_ statement: SQLStatement) throws -> Int {
        if statement.parameters.isEmpty { return try send(statement.sql) }
        return try MySQLStatement(self, statement.sql).run(statement.parameters)
    }

    /// Sends statements over the text protocol, reads every result, and returns the rows the
    /// first statement matched.
    private func send(_ sql: String) throws -> Int {
        guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw error(statement: sql) }
        let affected = mysql_affected_rows(handle)
        while true {
            if let result = mysql_store_result(handle) {
                mysql_free_result(result)
            } else if mysql_field_count(handle) != 0 {
                throw error(statement: sql)
            }
            let next = mysql_next_result(handle)
            if next == -1 { return affected == UInt64.max ? 0 : Int(affected) }
            if next > 0 { throw error(statement: sql) }
        }
    }

    /// Runs a query, with its parameters bound, and returns its rows.
    public func query(_ statement: SQLStatement) throws -> QueryResult {
        if statement.parameters.isEmpty { return try textQuery(statement.sql) }
        return try MySQLStatement(self, statement.sql).query(statement.parameters)
    }

    /// Runs a query without parameters.
    public func query(_ sql: String, _ parameters: SQLValue...) throws -> QueryResult {
        try query(SQLStatement(sql, parameters))
    }

    /// A query over the text protocol, which every statement supports (`SHOW CREATE TABLE` included).
    private func textQuery(_ sql: String) throws -> QueryResult {
        guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw error(statement: sql) }
        guard let result = mysql_store_result(handle) else {
            if mysql_field_count(handle) != 0 { throw error(statement: sql) }
            return QueryResult(columns: [], rows: [])
        }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        let fields = UnsafeBufferPointer(start: mysql_fetch_fields(result), count: count)
        let kinds = fields.map(MySQLValueKind.init)
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(Int(mysql_num_rows(result)))
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            rows.append(
                (0..<count).map { column in
                    guard let value = row[column] else { return .null }
                    return kinds[column].decode(UnsafeRawBufferPointer(start: value, count: Int(lengths[column])))
                })
        }
        return QueryResult(columns: fields.map { String(cString: $0.name) }, rows: rows)
    }

    // MARK: - Transactions

    /// Starts a transaction. MySQL commits DDL implicitly, so a transaction here protects data
    /// statements only; the dialect says so (`supportsTransactionalDDL` is false).
    public func begin() throws { try execute("START TRANSACTION") }

    /// Commits the open transaction, then lets go of the lock an exclusive transaction took.
    public func commit() throws {
        try execute("COMMIT")
        releaseTransactionLock()
    }

    /// Rolls the open transaction back; never throws, since it is called while handling an error.
    public func rollback() {
        _ = mysql_real_query(handle, "ROLLBACK", 8)
        releaseTransactionLock()
    }

    // MARK: - Server

    /// The server's version as a number, for example 101119 for 10.11.19.
    public var serverVersion: Int { Int(mysql_get_server_version(handle)) }
    /// The server's version string, for example `10.11.19-MariaDB-0+deb12u1`.
    public var serverInfo: String { String(cString: mysql_get_server_info(handle)) }
    /// Whether the server is MariaDB (else MySQL).
    public var isMariaDB: Bool { serverInfo.contains("MariaDB") }
    /// The server's id for this session (`CONNECTION_ID()`).
    public var connectionID: Int { Int(mysql_thread_id(handle)) }

    // MARK: - Errors

    /// The connection's last error as a `DatabaseError`.
    func error(statement: String?) -> DatabaseError {
        MySQLErrorNumber.error(
            number: Int32(mysql_errno(handle)), message: scrub(String(cString: mysql_error(handle))),
            sqlState: String(cString: mysql_sqlstate(handle)), statement: statement)
    }

    /// The message with every secret this connection knows replaced by `***`.
    func scrub(_ message: String) -> String {
        secrets.reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension MySQLConnection {
    /// The tables of the connection's database as model values (see `MySQLInspector`).
    public func inspectSchema() throws -> Schema {
        try MySQLInspector(connection: self).schema()
    }
}
