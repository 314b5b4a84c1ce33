import CMariaDB
import SQLDriver

/// One prepared statement (`MYSQL_STMT`) of a connection: parameters bound as typed values,
/// never spliced into the SQL; results fetched over the binary protocol. Closed on deinit.
final class MySQLStatement {
    private let connection: MySQLConnection
    private let handle: UnsafeMutablePointer<MYSQL_STMT>
    private let sql: String

    /// Prepares `sql`, whose parameters are written `?`.
    init(_ connection: MySQLConnection, _ sql: String) throws {
        self.connection = connection
        self.sql = sql
        guard let statement = mysql_stmt_init(connection.handle) else { throw connection.error(statement: sql) }
        handle = statement
        guard mysql_stmt_prepare(statement, sql, UInt(sql.utf8.count)) == 0 else { throw error() }
    }

    deinit { mysql_stmt_close(handle) }

    /// Executes with `parameters`; returns the rows matched. The parameters at the positions of
    /// `longData` are sent in pieces before (`mysql_stmt_send_long_data`): the server gathers them,
    /// so that no packet, and nothing in this process, holds such a value whole.
    func run(_ parameters: [SQLValue], longData: [Int: LargeValue] = [:]) throws -> Int {
        try execute(parameters, longData: longData)
        // A statement that returned rows anyway: read them so the connection is free again.
        if mysql_stmt_field_count(handle) > 0 { mysql_stmt_store_result(handle); mysql_stmt_free_result(handle) }
        let affected = mysql_stmt_affected_rows(handle)
        return affected == UInt64.max ? 0 : Int(affected)
    }

    /// Executes with `parameters` and returns every row.
    func query(_ parameters: [SQLValue]) throws -> QueryResult {
        try execute(parameters)
        guard let metadata = mysql_stmt_result_metadata(handle) else { return QueryResult(columns: [], rows: []) }
        defer { mysql_free_result(metadata) }
        let count = Int(mysql_num_fields(metadata))
        let fields = UnsafeBufferPointer(start: mysql_fetch_fields(metadata), count: count)
        let kinds = fields.map(MySQLValueKind.init)
        var update: my_bool = 1
        mysql_stmt_attr_set(handle, STMT_ATTR_UPDATE_MAX_LENGTH, &update)
        guard mysql_stmt_store_result(handle) == 0 else { throw error() }
        defer { mysql_stmt_free_result(handle) }

        // One buffer per column, as large as the longest value (numbers in 8 bytes).
        let buffers = (0..<count).map { column in
            UnsafeMutableRawBufferPointer.allocate(byteCount: max(Int(fields[column].max_length), 64), alignment: 8)
        }
        defer { buffers.forEach { $0.deallocate() } }
        var rows: [[SQLValue]] = []
        try fetch(into: buffers, kinds: kinds) { _, lengths, nulls in
            rows.append(try (0..<count).map { column in
                if nulls[column] != 0 { return .null }
                return try value(column, kind: kinds[column], buffer: buffers[column], length: Int(lengths[column]))
            })
        }
        return QueryResult(columns: fields.map { String(cString: $0.name) }, rows: rows)
    }

    /// One fetched value; one longer than its buffer (which `max_length` should prevent) is read again whole.
    private func value(_ column: Int, kind: MySQLValueKind, buffer: UnsafeMutableRawBufferPointer, length: Int) throws -> SQLValue {
        switch kind {
        case .integer: return .integer(buffer.load(as: Int64.self))
        case .double: return .double(buffer.load(as: Double.self))
        default: break
        }
        if length <= buffer.count { return kind.decode(UnsafeRawBufferPointer(rebasing: buffer[..<length])) }
        let whole = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 8)
        defer { whole.deallocate() }
        let fetched = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
        defer { fetched.deallocate() }
        fetched.pointee = 0
        var bind = MYSQL_BIND()
        bind.buffer_type = kind.fetchType
        bind.buffer = whole.baseAddress
        bind.buffer_length = UInt(length)
        bind.length = fetched
        guard mysql_stmt_fetch_column(handle, &bind, UInt32(column), 0) == 0 else { throw error() }
        return kind.decode(UnsafeRawBufferPointer(rebasing: whole[..<min(Int(fetched.pointee), length)]))
    }

    /// Executes with `parameters` and lends each row's values to `body` as they arrive, one row at a
    /// time (no `mysql_stmt_store_result`: the result is read from the server while it is fetched).
    /// Values are fetched into buffers of `capacity` bytes; a longer one is an error.
    func forEachRow(_ parameters: [SQLValue], capacity: Int, _ body: ([BorrowedSQLValue]) throws -> Void) throws {
        try execute(parameters)
        guard let metadata = mysql_stmt_result_metadata(handle) else { return }
        defer { mysql_free_result(metadata) }
        // Whatever ends the fetching, the rest of the result is read and dropped, so the connection is free again.
        defer { mysql_stmt_free_result(handle) }
        let count = Int(mysql_num_fields(metadata))
        let kinds = UnsafeBufferPointer(start: mysql_fetch_fields(metadata), count: count).map(MySQLValueKind.init)
        let buffers = kinds.map { UnsafeMutableRawBufferPointer.allocate(byteCount: $0 == .integer || $0 == .double ? 8 : capacity, alignment: 8) }
        defer { buffers.forEach { $0.deallocate() } }
        try fetch(into: buffers, kinds: kinds) { status, lengths, nulls in
            if status == MYSQL_DATA_TRUNCATED {
                throw DatabaseError(.statementFailed, "a value longer than the \(capacity) bytes expected", statement: sql)
            }
            let values: [BorrowedSQLValue] = (0..<kinds.count).map { column in
                if nulls[column] != 0 { return .null }
                switch kinds[column] {
                case .integer: return .integer(buffers[column].load(as: Int64.self))
                case .double: return .double(buffers[column].load(as: Double.self))
                default:
                    let bytes = UnsafeRawBufferPointer(rebasing: buffers[column][..<Int(lengths[column])])
                    return kinds[column] == .blob ? .blob(bytes) : .text(bytes)
                }
            }
            try body(values)
        }
    }

    /// Binds `buffers`, one per column of `kinds`, as the result's, and fetches row after row into
    /// them, handing `body` each fetch's status (0, or `MYSQL_DATA_TRUNCATED` for a value longer than
    /// its buffer), the values' lengths and their NULL flags.
    private func fetch(
        into buffers: [UnsafeMutableRawBufferPointer], kinds: [MySQLValueKind],
        _ body: (Int32, UnsafeMutableBufferPointer<UInt>, UnsafeMutableBufferPointer<my_bool>) throws -> Void
    ) throws {
        let count = kinds.count
        var lengths = [UInt](repeating: 0, count: count)
        var nulls = [my_bool](repeating: 0, count: count)
        var binds = [MYSQL_BIND](repeating: MYSQL_BIND(), count: count)
        try lengths.withUnsafeMutableBufferPointer { lengthPointers in
            try nulls.withUnsafeMutableBufferPointer { nullPointers in
                for column in 0..<count {
                    binds[column].buffer_type = kinds[column].fetchType
                    binds[column].buffer = buffers[column].baseAddress
                    binds[column].buffer_length = UInt(buffers[column].count)
                    binds[column].length = lengthPointers.baseAddress! + column
                    binds[column].is_null = nullPointers.baseAddress! + column
                }
                guard mysql_stmt_bind_result(handle, &binds) == 0 else { throw error() }
                while true {
                    let status = mysql_stmt_fetch(handle)
                    if status == MYSQL_NO_DATA { break }
                    if status == 1 { throw error() }
                    try body(status, lengthPointers, nullPointers)
                }
            }
        }
    }

    /// Binds the parameters as typed values, sends those of `longData` in pieces, and executes.
    private func execute(_ parameters: [SQLValue], longData: [Int: LargeValue] = [:]) throws {
        guard Int(mysql_stmt_param_count(handle)) == parameters.count else {
            throw DatabaseError(
                .statementFailed, "the statement has \(mysql_stmt_param_count(handle)) placeholders but \(parameters.count) values were given",
                statement: sql)
        }
        var storage: [UnsafeMutableRawBufferPointer] = []
        defer { storage.forEach { $0.deallocate() } }
        var lengths = [UInt](repeating: 0, count: parameters.count)
        var binds = [MYSQL_BIND](repeating: MYSQL_BIND(), count: parameters.count)
        try lengths.withUnsafeMutableBufferPointer { lengthPointers in
            for (index, parameter) in parameters.enumerated() {
                func store<T>(_ value: T, _ type: enum_field_types) {
                    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: 8)
                    buffer.storeBytes(of: value, as: T.self)
                    storage.append(buffer)
                    binds[index].buffer = buffer.baseAddress
                    binds[index].buffer_type = type
                }
                func store(bytes: UnsafeRawBufferPointer, _ type: enum_field_types) {
                    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
                    if let base = bytes.baseAddress, bytes.count > 0 { buffer.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
                    storage.append(buffer)
                    binds[index].buffer = buffer.baseAddress
                    binds[index].buffer_type = type
                    binds[index].buffer_length = UInt(bytes.count)
                    lengthPointers[index] = UInt(bytes.count)
                    binds[index].length = lengthPointers.baseAddress! + index
                }
                if let large = longData[index] {
                    // No buffer: the value goes in pieces after binding.
                    binds[index].buffer_type = large.isText ? MYSQL_TYPE_STRING : MYSQL_TYPE_LONG_BLOB
                    continue
                }
                switch parameter {
                case .null: binds[index].buffer_type = MYSQL_TYPE_NULL
                case .integer(let number): store(number, MYSQL_TYPE_LONGLONG)
                case .double(let number): store(number, MYSQL_TYPE_DOUBLE)
                case .boolean(let flag): store(Int8(flag ? 1 : 0), MYSQL_TYPE_TINY)
                case .text(var text): text.withUTF8 { store(bytes: UnsafeRawBufferPointer($0), MYSQL_TYPE_STRING) }
                case .blob(let bytes): bytes.withUnsafeBytes { store(bytes: $0, MYSQL_TYPE_BLOB) }
                }
            }
            if !parameters.isEmpty { guard mysql_stmt_bind_param(handle, &binds) == 0 else { throw error() } }
            do {
                for (index, large) in longData.sorted(by: { $0.key < $1.key }) {
                    try large.forEachPiece { piece in
                        guard let base = piece.baseAddress, piece.count > 0 else { return }
                        guard mysql_stmt_send_long_data(handle, UInt32(index), base, UInt(piece.count)) == 0 else { throw error() }
                    }
                }
            } catch {
                // What was sent is forgotten, so that the statement holds no half value.
                mysql_stmt_reset(handle)
                throw error
            }
            guard mysql_stmt_execute(handle) == 0 else { throw error() }
        }
    }

    private func error() -> DatabaseError {
        MySQLErrorNumber.error(
            number: Int32(mysql_stmt_errno(handle)), message: connection.scrub(String(cString: mysql_stmt_error(handle))),
            sqlState: String(cString: mysql_stmt_sqlstate(handle)), statement: sql)
    }
}
