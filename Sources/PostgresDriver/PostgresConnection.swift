import CLibPQ
import Foundation
import SQLDriver

/// A connection to PostgreSQL through libpq. Owns one `PGconn`; not thread-safe, so not `Sendable`.
public final class PostgresConnection: DatabaseConnection {
    public let url: DatabaseURL
    public var dialect: any SQLDialect { PostgresDialect() }

    let handle: OpaquePointer

    /// The advisory-lock key every wso2db run takes: the bytes of "wso2db" as one 64-bit number.
    static let runLockKey: Int64 = 0x7773_6f32_6462
    /// How many times this session took the run lock without releasing it: a run that holds it for
    /// its whole length (`upgrade`) calls others that take and release it too, and their release
    /// must not end the outer hold.
    private var runLockDepth = 0

    /// Opens a connection, from the URL's parts (never from text), the session named after the
    /// command (`Session.applicationName`) unless the URL names it.
    /// - Throws: `DatabaseError` `.connectionFailed` with the server's message, scrubbed of every
    ///   known secret, and a hint.
    public init(url: DatabaseURL) throws {
        guard url.driver == "postgresql" else {
            throw DatabaseError(.invalidURL, "\(url) is not a PostgreSQL URL")
        }
        self.url = url
        if let environment = ProcessInfo.processInfo.environment["PGPASSWORD"], !environment.isEmpty {
            Secrets.register(environment)
        }
        let options = PostgresURL.connectionOptions(url)
        let connection = Self.withCStrings(options.map(\.0)) { keywords in
            Self.withCStrings(options.map(\.1)) { values in PQconnectdbParams(keywords, values, 0) }
        }
        guard let connection else {
            throw DatabaseError(.connectionFailed, "libpq could not allocate a connection", context: "connecting to \(url)")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Secrets.scrub(String(cString: PQerrorMessage(connection))).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw DatabaseError(
                .connectionFailed, message, context: "connecting to \(url)",
                hint: Self.connectionHint(for: message, passwordInURL: url.password != nil))
        }
        handle = connection
        // Server NOTICEs (for example "table does not exist, skipping") would otherwise go to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        PQsetClientEncoding(connection, "UTF8")
    }

    /// A null-terminated array of C strings, valid inside `body`.
    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// The cluster's system identifier (kept in its control file, the same across restarts and for
    /// every address the server listens on) and the database's OID.
    public func identity() throws -> DatabaseIdentity {
        let row = try query(
            "SELECT CAST((SELECT system_identifier FROM pg_catalog.pg_control_system()) AS text), "
                + "CAST((SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) AS text)"
        ).rows.first
        guard let system = row?[0].textValue, let database = row?[1].textValue else {
            throw DatabaseError(.statementFailed, "the server did not say which cluster and database this is")
        }
        return DatabaseIdentity(driver: "postgresql", key: system + ":" + database)
    }

    deinit { PQfinish(handle) }

    public func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, statement: sql)
    }

    @discardableResult
    public func run(_ statement: SQLStatement) throws -> Int {
        // Without parameters the simple protocol does in one message what the extended protocol
        // does in three (parse, bind, execute): about a sixth less server time for DDL scripts.
        let result =
            statement.parameters.isEmpty
            ? PQexec(handle, statement.sql)
            : try withParameters(statement.parameters) { count, values, lengths, formats in
                PQexecParams(handle, statement.sql, count, nil, values, lengths, formats, 0)
            }
        defer { PQclear(result) }
        try check(result, statement: statement.sql)
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public func query(_ statement: SQLStatement) throws -> QueryResult {
        let result = try withParameters(statement.parameters) { count, values, lengths, formats in
            PQexecParams(handle, statement.sql, count, nil, values, lengths, formats, 0)
        }
        defer { PQclear(result) }
        try check(result, statement: statement.sql)
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<columnCount).map { PQftype(result, $0) }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(Int(PQntuples(result)))
        for row in 0..<PQntuples(result) {
            rows.append(
                (0..<columnCount).map { column in
                    if PQgetisnull(result, row, column) == 1 { return .null }
                    return Self.decode(PQgetvalue(result, row, column), type: types[Int(column)])
                })
        }
        return QueryResult(columns: columns, rows: rows)
    }

    public func beginExclusiveTransaction() throws {
        try execute("BEGIN")
        do {
            let locked = try query("SELECT pg_try_advisory_xact_lock($1)", .integer(Self.runLockKey))
            guard locked.rows.first?.first == .boolean(true) else { throw lockedError(waited: nil) }
        } catch {
            rollback()
            throw error
        }
    }

    /// Takes the session-level advisory lock, polling until `timeout`; a transaction lock taken
    /// later by the same session is granted at once, so `create`'s lock and the run lock agree.
    public func acquireRunLock(timeout: Duration) throws {
        if runLockDepth > 0 {
            runLockDepth += 1
            return
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if try query("SELECT pg_try_advisory_lock($1)", .integer(Self.runLockKey)).rows.first?.first == .boolean(true) {
                runLockDepth = 1
                return
            }
            guard clock.now < deadline else { throw lockedError(waited: timeout) }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    public func releaseRunLock() {
        if runLockDepth > 1 {
            runLockDepth -= 1
            return
        }
        runLockDepth = 0
        PQclear(PQexec(handle, "SELECT pg_advisory_unlock_all()"))
    }

    /// The lock is held by another session: say which, from `pg_locks`. Advisory locks belong to a
    /// database, so only a holder in this one counts; runs on other databases hold the same key.
    private func lockedError(waited: Duration?) -> DatabaseError {
        let holder = try? query(
            """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND a.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
            """, .integer(Self.runLockKey >> 32), .integer(Self.runLockKey & 0xffff_ffff))
        let who = holder?.rows.first.map { row in
            "server process \(row[0].textValue ?? "?") (\(row[1].textValue ?? ""), \(row[2].textValue ?? ""))"
        } ?? "another session"
        let after = waited.map { " (waited \($0.components.seconds) s)" } ?? ""
        return DatabaseError(
            .locked, "another wso2db run is working on this database: \(who) holds its lock\(after)",
            hint: "wait for it to finish, then run again")
    }

    public func commit() throws { try execute("COMMIT") }

    public func rollback() {
        PQclear(PQexec(handle, "ROLLBACK"))
    }

    public func existingObjects() throws -> [ExistingObject] {
        try PostgresInspector(connection: self).existingObjects()
    }

    /// The server's version number, for example 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    // MARK: - Results and errors

    func check(_ result: OpaquePointer?, statement: String?) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_EMPTY_QUERY:
            return
        default:
            throw error(from: result, statement: statement)
        }
    }

    func error(from result: OpaquePointer?, statement: String?) -> DatabaseError {
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return Secrets.scrub(String(cString: value))
        }
        let lost = PQstatus(handle) != CONNECTION_OK
        let message = field(Int32(UInt8(ascii: "M")))
            ?? Secrets.scrub(String(cString: PQerrorMessage(handle))).trimmingCharacters(in: .whitespacesAndNewlines)
        return DatabaseError(
            lost ? .connectionLost : .statementFailed, message,
            sqlState: field(Int32(UInt8(ascii: "C"))),
            statement: statement,
            detail: field(Int32(UInt8(ascii: "D"))),
            hint: field(Int32(UInt8(ascii: "H")))
                ?? Self.timeoutHint(message: message, sqlState: field(Int32(UInt8(ascii: "C"))))
                ?? (lost ? "the connection to the server was lost; check the server, then run the command again" : nil)
                ?? Self.hint(forSQLState: field(Int32(UInt8(ascii: "C")))))
    }

    /// Which server setting ended the session or statement, and what to change, when one did:
    /// wso2db switches them off in its own sessions (`prepareSession`), so one that still fires
    /// was set where a session cannot override it, or the session was not wso2db's own.
    static func timeoutHint(message: String, sqlState: String?) -> String? {
        let setting: String
        if sqlState == "25P03" || message.contains("idle-in-transaction timeout") {
            setting = "idle_in_transaction_session_timeout"
        } else if sqlState == "57P05" || message.contains("idle-session timeout") {
            setting = "idle_session_timeout"
        } else if message.contains("statement timeout") {
            setting = "statement_timeout"
        } else if message.contains("lock timeout") {
            setting = "lock_timeout"
        } else {
            return nil
        }
        return "the server's \(setting) ended it; a long run needs it off: `ALTER ROLE <user> SET \(setting) = 0` "
            + "(or in postgresql.conf), then run the command again"
    }

    /// What the user can do about a failure the server gave no hint for, by its SQLSTATE.
    static func hint(forSQLState state: String?) -> String? {
        switch state {
        case "25006":
            return "the database only allows reading (default_transaction_read_only, or a standby server); "
                + "give a database that this user can write to, or turn that setting off for it"
        case "42501":
            return "this user lacks a privilege the operation needs; connect as the database's owner, "
                + "or grant it (for example: GRANT CREATE ON SCHEMA public, GRANT CREATE ON DATABASE)"
        case "53100":
            return "the server's disk is full; free space on it, then run the command again"
        case "57P01", "57P02", "57P03":
            return "the server ended the connection (it is shutting down, restarting, or an administrator ended it); "
                + "wait until it accepts connections, then run the command again"
        default:
            return nil
        }
    }

    /// Passes parameters to libpq: text format, except binary data, which goes as raw bytes.
    func withParameters<R>(
        _ parameters: [SQLValue],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) throws -> R {
        var storage: [[UInt8]?] = []
        var formats: [Int32] = []
        for parameter in parameters {
            switch parameter {
            case .null:
                storage.append(nil)
                formats.append(0)
            case .blob(let bytes):
                storage.append(bytes)
                formats.append(1)
            case .boolean(let flag):
                storage.append(Array((flag ? "t" : "f").utf8) + [0])
                formats.append(0)
            default:
                storage.append(Array((parameter.textValue ?? "").utf8) + [0])
                formats.append(0)
            }
        }
        let lengths = storage.map { Int32($0?.count ?? 0) }
        return try withPointers(to: storage) { pointers in
            pointers.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    formats.withUnsafeBufferPointer { formatBuffer in
                        body(Int32(parameters.count), values.baseAddress, lengthBuffer.baseAddress, formatBuffer.baseAddress)
                    }
                }
            }
        }
    }

    private func withPointers<R>(
        to buffers: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) throws -> R
    ) throws -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = buffers.map { buffer in
            guard let buffer else { return nil }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(buffer.count, 1))
            buffer.withUnsafeBytes { raw in
                if let base = raw.baseAddress { UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: buffer.count) }
            }
            return pointer
        }
        defer { copies.forEach { $0?.deallocate() } }
        return try body(copies.map { $0.map { UnsafePointer($0) } })
    }

    /// Turns a text-format value into a typed one, by the column's type OID.
    static func decode(_ value: UnsafePointer<CChar>, type: Oid) -> SQLValue {
        let text = String(cString: value)
        switch type {
        case 16: return .boolean(text == "t")
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701: return Double(text).map(SQLValue.double) ?? .text(text)
        case 17:
            var length = 0
            guard let bytes = PQunescapeBytea(UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), &length) else {
                return .text(text)
            }
            defer { PQfreemem(bytes) }
            return .blob(Array(UnsafeBufferPointer(start: bytes, count: length)))
        default: return .text(text)
        }
    }

    // MARK: - Hints

    /// What the user can do about a failed connection; a password problem is blamed on where the
    /// password came from: the URL (or what was added to it), else `PGPASSWORD` or `~/.pgpass`.
    static func connectionHint(for message: String, passwordInURL: Bool) -> String {
        if message.contains("password authentication failed") || message.contains("no password supplied") {
            return passwordInURL
                ? "check the user name and the password given with the connection (the URL, the configuration file or --password-stdin)"
                : "check the user name and the password (none was given with the connection, so libpq looked in PGPASSWORD and ~/.pgpass)"
        }
        if message.contains("role \"") && message.contains("does not exist") {
            return "check the user name in the URL (user@ or ?user=), or create that role on the server"
        }
        if message.contains("does not exist") {
            return "create the database first (for example: createdb NAME), or correct its name in the URL"
        }
        if message.contains("Connection refused") || message.contains("could not connect") {
            return "is PostgreSQL running and accepting connections at that host and port?"
        }
        return "check the URL and that the server is reachable"
    }
}
