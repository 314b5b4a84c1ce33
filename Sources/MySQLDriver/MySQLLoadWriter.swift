import CMariaDB
import SQLDriver

/// Rows into one table through `LOAD DATA LOCAL INFILE`, fed from memory: rows are written in
/// LOAD DATA's text form (tab between fields, `\N` for NULL, backslash escapes) into a buffer of
/// about 4 MB, and each full buffer is one `LOAD DATA` whose "file" the connection's local-infile
/// handler serves from that buffer (`MySQLInfileFeed`): no temporary file, memory bounded.
///
/// With LOCAL the server turns what would be errors (a value the column cannot hold, a duplicate
/// key) into warnings and goes on, because it cannot stop the client sending; so every load's
/// warnings are read and any one of them fails the load, as a strict INSERT would.
final class MySQLLoadWriter: BulkWriter {
    let connection: MySQLConnection
    let write: BulkWrite
    private var buffer: [UInt8] = []
    private var rows = 0

    static let bytesPerLoad = 4 << 20

    init(connection: MySQLConnection, write: BulkWrite) {
        self.connection = connection
        self.write = write
        buffer.reserveCapacity(Self.bytesPerLoad + 64 * 1024)
    }

    func write(_ row: BulkRow, appending extra: [SQLValue]) throws {
        if !row.largeValues.isEmpty {
            // Not through the load (its rows sit whole in the buffer): in the order given, the rows
            // held back first, then this one as an INSERT that sends its large values in pieces.
            try flush()
            return try connection.insertLarge(row, appending: extra, into: write)
        } else if row.lendsValues {
            for field in 0..<row.count {
                if field > 0 { buffer.append(9) }
                append(row.value(at: field)!, as: write.kinds[field])
            }
        } else if let canonical = row.canonical {
            for (field, value) in CanonicalRow.decode(canonical, as: write.kinds).enumerated() {
                if field > 0 { buffer.append(9) }
                append(value)
            }
        }
        for value in extra {
            buffer.append(9)
            append(value)
        }
        buffer.append(10)
        rows += 1
        if buffer.count >= Self.bytesPerLoad { try flush() }
    }

    /// Loads the rows held back.
    func flush() throws {
        guard rows > 0 else { return }
        defer {
            buffer.removeAll(keepingCapacity: true)
            rows = 0
        }
        try buffer.withUnsafeBytes { try connection.load(into: write.table, columns: write.columns, from: $0) }
    }

    private func append(_ value: BorrowedSQLValue, as kind: ValueKind) {
        switch (value, kind) {
        case (.text, .timestamp), (.text, .boolean):
            append(value.owned(as: kind))
        case (.null, _): appendNull()  // \N
        case (.integer(let number), _): buffer += String(number).utf8
        case (.double(let number), _): buffer += String(number).utf8
        case (.boolean(let flag), _): buffer.append(flag ? 49 : 48)
        case (.text(let bytes), _), (.blob(let bytes), _): escape(bytes)
        }
    }

    private func appendNull() {
        buffer.append(92)
        buffer.append(78)  // \N
    }

    private func append(_ value: SQLValue) {
        switch value {
        case .null: appendNull()
        case .integer(let number): buffer += String(number).utf8
        case .double(let number): buffer += String(number).utf8
        case .boolean(let flag): buffer.append(flag ? 49 : 48)
        case .text(let text):
            var text = text
            text.withUTF8 { escape(UnsafeRawBufferPointer($0)) }
        case .blob(let bytes): bytes.withUnsafeBytes { escape($0) }
        }
    }

    /// The bytes with the characters LOAD DATA reads specially written as escapes; the runs between
    /// them copied whole.
    private func escape(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        for (position, byte) in bytes.enumerated() where byte == 92 || byte == 9 || byte == 10 || byte == 13 || byte == 0 {
            buffer.append(contentsOf: bytes[start..<position])
            buffer.append(92)
            buffer.append(byte == 9 ? 116 : byte == 10 ? 110 : byte == 13 ? 114 : byte == 0 ? 48 : 92)  // t n r 0 \
            start = position + 1
        }
        buffer.append(contentsOf: bytes[start...])
    }
}

extension MySQLConnection {
    /// One `LOAD DATA LOCAL INFILE` of `data` (rows in LOAD DATA's text form) into `table`.
    /// - Throws: `DatabaseError` when the server refuses it or raised any warning while loading.
    func load(into table: String, columns: [String], from data: UnsafeRawBufferPointer) throws {
        let sql =
            "LOAD DATA LOCAL INFILE 'wso2db-rows' INTO TABLE \(dialect.quote(table)) CHARACTER SET utf8mb4 "
            + "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (\(columns.map(dialect.quote).joined(separator: ", ")))"
        // Outside a transaction the load gets one of its own, so that rows a warning fails are not kept.
        let own = handle.pointee.server_status & UInt32(SERVER_STATUS_IN_TRANS) == 0
        if own { try execute("START TRANSACTION") }
        infileFeed.serve(data)
        defer { infileFeed.stop() }
        do {
            guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw error(statement: sql) }
            if mysql_warning_count(handle) > 0 {
                // Level, Code, Message.
                let warnings = try query("SHOW WARNINGS LIMIT 5").rows
                throw DatabaseError(
                    .statementFailed, "loading rows into \(table): " + warnings.map { $0.last?.textValue ?? "?" }.joined(separator: "; "),
                    statement: sql, hint: "a value does not fit its column, or a row repeats a key; the rows of this load were not kept",
                    errorNumber: warnings.first.flatMap { $0.count > 1 ? $0[1].integerValue.map(Int32.init) : nil })
            }
        } catch {
            if own { _ = mysql_real_query(handle, "ROLLBACK", 8) }
            throw error
        }
        if own { try execute("COMMIT") }
    }

    /// Whether the server takes `LOAD DATA LOCAL INFILE` from this session: asked once, by loading
    /// nothing into `table` (a server with `local_infile = OFF` refuses it, and rows then go as INSERTs).
    func acceptsLocalInfile(probing table: String, columns: [String]) throws -> Bool {
        if let known = localInfileAccepted { return known }
        do {
            try load(into: table, columns: columns, from: UnsafeRawBufferPointer(start: nil, count: 0))
            localInfileAccepted = true
        } catch let error as DatabaseError where MySQLErrorNumber.localInfileRefusals.contains(error.errorNumber ?? 0) {
            localInfileAccepted = false
        }
        return localInfileAccepted!
    }
}

/// What the connection's local-infile handler serves: the rows of the load under way, and nothing
/// otherwise. Installed on every connection, so that a server asking for a file by name (`LOAD
/// DATA LOCAL` sent by a hostile server) never gets one read from disk.
final class MySQLInfileFeed {
    private var data = UnsafeRawBufferPointer(start: nil, count: 0)
    private var offset = 0
    private var serving = false

    func serve(_ bytes: UnsafeRawBufferPointer) {
        data = bytes
        offset = 0
        serving = true
    }

    func stop() {
        data = UnsafeRawBufferPointer(start: nil, count: 0)
        serving = false
    }

    /// Installs the handler on `handle`.
    func install(on handle: UnsafeMutablePointer<MYSQL>) {
        mysql_set_local_infile_handler(
            handle,
            { state, _, userdata in
                state?.pointee = userdata
                guard let userdata else { return 1 }
                return Unmanaged<MySQLInfileFeed>.fromOpaque(userdata).takeUnretainedValue().serving ? 0 : 1
            },
            { userdata, destination, capacity in
                guard let userdata, let destination else { return -1 }
                let feed = Unmanaged<MySQLInfileFeed>.fromOpaque(userdata).takeUnretainedValue()
                let count = min(Int(capacity), feed.data.count - feed.offset)
                if count > 0, let base = feed.data.baseAddress {
                    UnsafeMutableRawPointer(destination).copyMemory(from: base + feed.offset, byteCount: count)
                    feed.offset += count
                }
                return Int32(count)
            },
            { _ in },
            { _, message, capacity in
                guard let message, capacity > 0 else { return 2000 }
                let text = Array("wso2db sends only the rows it is loading".utf8.prefix(Int(capacity) - 1)) + [0]
                text.withUnsafeBytes { UnsafeMutableRawPointer(message).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                return 2000  // CR_UNKNOWN_ERROR
            },
            Unmanaged.passUnretained(self).toOpaque())
    }
}
