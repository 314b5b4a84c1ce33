import CSQLite
import Foundation
import SQLDriver

/// A connection to a SQLite database file. Owns one `sqlite3` handle; not thread-safe, so not `Sendable`.
///
/// Every connection has foreign keys on and a busy timeout; a writable one uses WAL journaling.
public final class SQLiteConnection: DatabaseConnection {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read only; a missing file is an error and is never created.
        case readOnly
        /// Read and write an existing file.
        case readWrite
        /// Read and write, creating the file if it does not exist.
        case readWriteCreate
    }

    public let url: DatabaseURL
    public var dialect: any SQLDialect { SQLiteDialect() }
    let handle: OpaquePointer
    /// The open lock file while the run lock is held, else -1.
    private var lockDescriptor: Int32 = -1
    /// How many times the run lock was taken and not yet released: an outer run's hold outlasts the
    /// release of a run it calls.
    private var lockDepth = 0
    /// Folds the write-ahead log back on another thread, once asked to (`checkpointInBackground`).
    private var checkpointer: SQLiteCheckpointer?

    /// How long a statement waits for another connection's lock before giving up, unless a run
    /// lock was taken with a longer wait (`acquireRunLock(timeout:)`).
    public static let busyTimeoutMilliseconds: Int32 = 5000
    /// The wait in force, in milliseconds.
    private var busyTimeout = SQLiteConnection.busyTimeoutMilliseconds

    /// Opens the database.
    /// - Throws: `DatabaseError` `.connectionFailed` when the path is missing (in a read-only or
    ///   read-write mode), a folder, or not a SQLite database.
    /// The URL's `mode=ro` and `immutable=1` make any mode read-only, and a command that writes is
    /// refused; `mode=rw` never creates the file.
    public init(url: DatabaseURL, mode requested: Mode) throws {
        guard url.driver == "sqlite", let path = url.database else {
            throw DatabaseError(.invalidURL, "\(url) is not a SQLite URL")
        }
        self.url = url
        let immutable = url.parameter("immutable") == "1"
        let readOnlyURL = immutable || url.parameter("mode") == "ro"
        if readOnlyURL && requested != .readOnly {
            throw DatabaseError(
                .invalidURL, "\(url) opens the database read-only (\(immutable ? "immutable=1" : "mode=ro")), and this command writes to it",
                hint: "leave \(immutable ? "immutable=1" : "mode=ro") out of the URL for a command that writes")
        }
        let mode: Mode = requested == .readWriteCreate && url.parameter("mode") == "rw" ? .readWrite : requested
        var isDirectory: ObjCBool = false
        if path != ":memory:" {
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue {
                throw DatabaseError(
                    .connectionFailed, "\(path) is a folder, not a SQLite database file", context: "opening \(url)",
                    hint: "give the path of a database file, for example sqlite:\(path)/shared.db")
            }
            if !exists && mode != .readWriteCreate {
                throw DatabaseError(
                    .connectionFailed, "\(path) does not exist", context: "opening \(url)",
                    hint: "check the path; wso2db does not create a database it was asked only to read")
            }
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var connection: OpaquePointer?
        // SQLite reads `immutable` only from a `file:` URI; a plain path is never read as one.
        let filename = immutable ? "file:" + Self.uriPath(path) + "?immutable=1" : path
        if !immutable { flags &= ~SQLITE_OPEN_URI }
        let status = sqlite3_open_v2(filename, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw DatabaseError(
                .connectionFailed, message, context: "opening \(url)", resultCode: status,
                hint: "check that the path exists and that this user may open it")
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Self.busyTimeoutMilliseconds)
        do {
            // The first read proves the file is a database at all.
            _ = try query("SELECT count(*) FROM sqlite_schema")
            // SQLite opens a file it may not write read-only without a word; a writer says so now.
            if mode != .readOnly && sqlite3_db_readonly(connection, "main") == 1 {
                throw DatabaseError(.connectionFailed, "\(path) can only be read: this user may not write to it", resultCode: SQLITE_READONLY)
            }
            try execute("PRAGMA foreign_keys = ON")
            if mode != .readOnly && path != ":memory:" { try execute("PRAGMA journal_mode = WAL") }
        } catch let error as DatabaseError {
            // The handle is closed by deinit, which runs when an initializer throws this late.
            var failure = error.during("opening \(url)")
            failure.code = .connectionFailed
            if error.resultCode == SQLITE_NOTADB {
                failure.hint = "the file is not a SQLite database; check the path"
            }
            if failure.hint == nil, let code = error.resultCode { failure.hint = Self.hint(forResultCode: code) }
            if mode == .readOnly, (error.resultCode ?? 0) & 0xff == SQLITE_CANTOPEN {
                // A WAL database needs its -shm file, or a folder to make it in, even to be read.
                failure.hint = "a SQLite database in WAL mode cannot be read where its folder cannot be written "
                    + "(SQLite needs its -shm file beside it); copy the file to writable storage and read the copy"
            }
            throw failure
        }
    }

    deinit {
        lockDepth = 0
        releaseRunLock()
        if let checkpointer {
            sqlite3_wal_hook(handle, nil, nil)
            // Its connection closes first: this one, the last, then folds back what is left.
            checkpointer.stop()
        }
        sqlite3_close_v2(handle)
    }

    /// From now until this connection closes, the write-ahead log is folded back into the database
    /// file on another thread and connection (`SQLiteCheckpointer`), not by this connection after
    /// its commits: for a long load, whose writer then only writes. Nothing for a connection that
    /// cannot write, or an in-memory database.
    /// - Parameter pageSize: the database's page size, which sets how many pages of log make a checkpoint.
    public func checkpointInBackground(pageSize: Int) {
        guard checkpointer == nil, let path = url.database, path != ":memory:", sqlite3_db_readonly(handle, "main") == 0 else {
            return
        }
        let checkpointer = SQLiteCheckpointer(url: url, pageSize: pageSize)
        self.checkpointer = checkpointer
        // Replaces SQLite's automatic checkpoint, which is this same hook, with a request at the
        // same threshold. The checkpointer outlives the hook: deinit removes the hook first.
        sqlite3_wal_hook(
            handle,
            { context, _, _, frames in
                if let context {
                    let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
                    if frames >= checkpointer.threshold { checkpointer.request() }
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard status == SQLITE_OK else {
            throw failure(status, statement: sql, message: message.map { String(cString: $0) })
        }
    }

    @discardableResult
    public func run(_ statement: SQLStatement) throws -> Int {
        let prepared = try prepare(statement)
        defer { sqlite3_finalize(prepared) }
        while true {
            let status = sqlite3_step(prepared)
            if status == SQLITE_DONE { break }
            if status != SQLITE_ROW { throw failure(status, statement: statement.sql) }
        }
        return Int(sqlite3_changes(handle))
    }

    public func query(_ statement: SQLStatement) throws -> QueryResult {
        let prepared = try prepare(statement)
        defer { sqlite3_finalize(prepared) }
        let count = sqlite3_column_count(prepared)
        let columns = (0..<count).map { String(cString: sqlite3_column_name(prepared, $0)) }
        var rows: [[SQLValue]] = []
        while true {
            let status = sqlite3_step(prepared)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure(status, statement: statement.sql) }
            rows.append((0..<count).map { SQLiteRow.value(of: prepared, at: $0).owned })
        }
        return QueryResult(columns: columns, rows: rows)
    }

    /// The run lock is an exclusive `flock` on a lock file named after the database's identity
    /// (`SQLiteRunLock`), so that every path to one file — a symlink, a hard link, a relative
    /// spelling — takes the same lock: SQLite's own locks last one transaction, a merge spans many,
    /// and the kernel drops a `flock` when its holder dies, so a killed run never leaves it locked.
    public func acquireRunLock(timeout: Duration) throws {
        guard let path = url.database, path != ":memory:" else { return }
        guard lockDescriptor < 0 else {
            lockDepth += 1
            return
        }
        lockDescriptor = try SQLiteRunLock.acquire(for: try identity(), database: path, timeout: timeout)
        lockDepth = 1
        // A run that may wait this long for another wso2db run may wait as long for any other
        // writer (the sqlite3 shell, an application) holding SQLite's own lock.
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        if milliseconds > Int64(busyTimeout) {
            busyTimeout = Int32(clamping: milliseconds)
            sqlite3_busy_timeout(handle, busyTimeout)
        }
    }

    /// The file's device and inode: the same through every path to it.
    public func identity() throws -> DatabaseIdentity {
        guard let path = url.database, path != ":memory:" else {
            // An in-memory database is its connection.
            return DatabaseIdentity(driver: "sqlite", key: "memory:" + String(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle)))))
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw DatabaseError(.connectionLost, "\(path) cannot be examined: \(String(cString: strerror(errno)))")
        }
        return DatabaseIdentity(driver: "sqlite", key: "\(status.st_dev):\(status.st_ino)")
    }

    /// A path as a `file:` URI's path: `%`, `?` and `#` escaped, made absolute.
    static func uriPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return absolute.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3F")
            .replacingOccurrences(of: "#", with: "%23")
    }

    public func releaseRunLock() {
        guard lockDescriptor >= 0 else { return }
        if lockDepth > 1 {
            lockDepth -= 1
            return
        }
        lockDepth = 0
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
        lockDescriptor = -1
    }

    public func beginExclusiveTransaction() throws {
        do {
            try execute("BEGIN IMMEDIATE")
        } catch let error as DatabaseError where (error.resultCode ?? 0) & 0xff == SQLITE_BUSY {
            throw DatabaseError(
                .locked, "another connection is writing to \(url) and did not finish within "
                    + "\(busyTimeout / 1000) seconds", resultCode: error.resultCode,
                hint: "wait for the other wso2db run (or program) to finish, then run again")
        }
    }

    public func commit() throws { try execute("COMMIT") }

    public func rollback() {
        if sqlite3_get_autocommit(handle) == 0 { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }

    public func existingObjects() throws -> [ExistingObject] {
        try SQLiteInspector(connection: self).existingObjects()
    }

    // MARK: - Statements

    /// A prepared statement with its parameters bound. The caller finalizes it.
    func prepare(_ statement: SQLStatement) throws -> OpaquePointer {
        var prepared: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, statement.sql, -1, &prepared, nil)
        guard status == SQLITE_OK, let prepared else {
            throw failure(status, statement: statement.sql)
        }
        do {
            try bind(statement.parameters, to: prepared, sql: statement.sql)
        } catch {
            sqlite3_finalize(prepared)
            throw error
        }
        return prepared
    }

    func bind(_ parameters: [SQLValue], to prepared: OpaquePointer, sql: String, from first: Int32 = 1) throws {
        for (offset, value) in parameters.enumerated() {
            let bound = value.withBorrowed { Self.bind($0, at: first + Int32(offset), to: prepared, copying: true) }
            guard bound == SQLITE_OK else { throw failure(bound, statement: sql) }
        }
    }

    /// Binds one value; without `copying`, text and bytes are bound where they lie, and must stay
    /// there until the statement has run.
    static func bind(_ value: BorrowedSQLValue, at position: Int32, to prepared: OpaquePointer, copying: Bool) -> Int32 {
        // SQLITE_STATIC is a null destructor.
        let destructor = copying ? wso2db_sqlite_transient() : nil
        switch value {
        case .null: return sqlite3_bind_null(prepared, position)
        case .integer(let number): return sqlite3_bind_int64(prepared, position, number)
        case .double(let number): return sqlite3_bind_double(prepared, position, number)
        case .boolean(let flag): return sqlite3_bind_int64(prepared, position, flag ? 1 : 0)
        case .text(let utf8):
            // With its length, not up to the first NUL: SQLite text may hold NUL characters. A null
            // pointer would bind NULL, so empty text gets one of its own.
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(prepared, position, "", 0, wso2db_sqlite_transient())
            }
            return sqlite3_bind_text(prepared, position, base.assumingMemoryBound(to: CChar.self), Int32(utf8.count), destructor)
        case .blob(let bytes):
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_zeroblob(prepared, position, 0) }
            return sqlite3_bind_blob(prepared, position, base, Int32(bytes.count), destructor)
        }
    }

    /// Runs a query and hands each row to `body` as it is stepped, so that a table of any size
    /// passes through in constant memory.
    /// - Returns: the number of rows.
    @discardableResult
    public func forEachRow(_ statement: SQLStatement, _ body: ([SQLValue]) throws -> Void) throws -> Int {
        var values: [SQLValue] = []
        return try forEachBorrowedRow(statement) { row in
            values.removeAll(keepingCapacity: true)
            for column in 0..<row.count { values.append(row[column].owned) }
            try body(values)
        }
    }

    /// Runs a query and lends each row to `body` as it is stepped: its text and bytes are read
    /// where SQLite holds them, without a copy.
    /// - Returns: the number of rows.
    @discardableResult
    public func forEachBorrowedRow(_ statement: SQLStatement, _ body: (SQLiteRow) throws -> Void) throws -> Int {
        let prepared = try prepare(statement)
        defer { sqlite3_finalize(prepared) }
        let row = SQLiteRow(statement: prepared, count: Int(sqlite3_column_count(prepared)))
        var rows = 0
        while true {
            let status = sqlite3_step(prepared)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure(status, statement: statement.sql) }
            try body(row)
            rows += 1
        }
    }

    /// A statement prepared once and run for many rows (a bulk INSERT), finalized by `body`'s end.
    public func withPrepared<R>(_ sql: String, _ body: (SQLitePrepared) throws -> R) throws -> R {
        let prepared = try prepare(SQLStatement(sql))
        defer { sqlite3_finalize(prepared) }
        return try body(SQLitePrepared(connection: self, handle: prepared, sql: sql))
    }

    func failure(_ status: Int32, statement: String?, message: String? = nil) -> DatabaseError {
        let code = sqlite3_extended_errcode(handle)
        let resultCode = code == SQLITE_OK ? status : code
        return DatabaseError(
            .statementFailed, message ?? String(cString: sqlite3_errmsg(handle)),
            resultCode: resultCode, statement: statement, hint: Self.hint(forResultCode: resultCode))
    }

    /// What the user can do about a failure, by SQLite's primary result code.
    static func hint(forResultCode code: Int32) -> String? {
        switch code & 0xff {
        case SQLITE_READONLY: "make the file (and its folder, where SQLite keeps its journal) writable for this user, or give another path"
        case SQLITE_FULL: "the disk is full; free space on it, then run the command again"
        case SQLITE_CORRUPT: "the file is damaged; check it with `sqlite3 FILE 'PRAGMA integrity_check'`, and work on a good copy"
        default: nil
        }
    }
}

/// A prepared statement that runs once per set of values; only valid inside `withPrepared`.
public struct SQLitePrepared {
    let connection: SQLiteConnection
    let handle: OpaquePointer
    let sql: String

    /// Binds `values` to the placeholders in order and runs the statement.
    public func run(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        try connection.bind(values, to: handle, sql: sql)
        try step()
    }

    /// Binds the columns of `row` to the first placeholders, then `values` to the next, and runs
    /// the statement. The row's text and bytes are bound where they lie, not copied: they stay put
    /// while this statement runs, since the row's own statement does not step meanwhile.
    public func run(_ row: SQLiteRow, appending values: [SQLValue]) throws {
        try run(fields: row.count, { row[$0] }, appending: values)
    }

    /// Binds `count` lent values, `field(position)` giving each, to the first placeholders, then
    /// `values` to the next, and runs the statement. Lent text and bytes are bound where they lie,
    /// not copied: they must stay put until this returns.
    /// `zeroFilled` gives, by position, values bound as that many zero bytes instead (a blob to
    /// be written in pieces once the row is in); `text`, values bound as that text instead, where
    /// it lies.
    public func run(
        fields count: Int, _ field: (Int) -> BorrowedSQLValue, appending values: [SQLValue], zeroFilled: [Int: Int] = [:],
        text: [Int: UnsafeRawBufferPointer] = [:]
    ) throws {
        sqlite3_reset(handle)
        for position in 0..<count {
            let bound = SQLiteConnection.bind(field(position), at: Int32(position + 1), to: handle, copying: false)
            guard bound == SQLITE_OK else { throw connection.failure(bound, statement: sql) }
        }
        try connection.bind(values, to: handle, sql: sql, from: Int32(count + 1))
        for (position, length) in zeroFilled {
            let bound = sqlite3_bind_zeroblob64(handle, Int32(position + 1), sqlite3_uint64(length))
            guard bound == SQLITE_OK else { throw connection.failure(bound, statement: sql) }
        }
        for (position, bytes) in text {
            let bound = SQLiteConnection.bind(.text(bytes), at: Int32(position + 1), to: handle, copying: false)
            guard bound == SQLITE_OK else { throw connection.failure(bound, statement: sql) }
        }
        try step()
    }

    private func step() throws {
        let status = sqlite3_step(handle)
        guard status == SQLITE_DONE || status == SQLITE_ROW else { throw connection.failure(status, statement: sql) }
    }
}

/// The current row of a statement being stepped, lent to a `forEachBorrowedRow` body: only valid
/// inside that call, and its text and bytes only until the body returns.
public struct SQLiteRow {
    let statement: OpaquePointer
    /// The number of columns.
    public let count: Int

    /// The value of a column (from 0).
    public subscript(column: Int) -> BorrowedSQLValue {
        Self.value(of: statement, at: Int32(column))
    }

    static func value(of statement: OpaquePointer, at column: Int32) -> BorrowedSQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, column))
        case SQLITE_BLOB:
            // The pointer first, then the length: SQLite's documented order.
            let bytes = sqlite3_column_blob(statement, column)
            return .blob(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : Int(sqlite3_column_bytes(statement, column))))
        default:
            // The length, not a NUL, ends the text.
            let text = sqlite3_column_text(statement, column)
            return .text(UnsafeRawBufferPointer(start: text, count: text == nil ? 0 : Int(sqlite3_column_bytes(statement, column))))
        }
    }
}
