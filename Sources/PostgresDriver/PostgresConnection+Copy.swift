import CLibPQ
import SQLDriver

/// Streaming COPY: rows travel as COPY data in chunks, so memory stays flat whatever the table size.
extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` and lets `body` write rows into it. If `body` throws, the COPY is
    /// aborted (nothing it sent is kept) and the error is rethrown.
    /// - Returns: the number of rows the server stored.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (PostgresCopyWriter) throws -> Void) throws -> Int {
        try startCopyIn(sql)
        let writer = PostgresCopyWriter(connection: self, sql: sql)
        do {
            try body(writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "aborted by wso2db: \(error)")
            drainResults()
            throw error
        }
        return try endCopy(sql) + writer.rowsBefore
    }

    /// Ends a COPY FROM STDIN whose data is all sent. - Returns: the rows it stored.
    fileprivate func endCopy(_ sql: String) throws -> Int {
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw DatabaseError(.copyFailed, lastErrorMessage, statement: sql)
        }
        return try finishCopy(sql)
    }

    /// Starts `COPY … FROM STDIN`.
    fileprivate func startCopyIn(_ sql: String) throws {
        let start = PQexec(handle, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            throw error(from: start, statement: sql)
        }
    }

    /// Runs `COPY … TO STDOUT` and hands each chunk of COPY data to `chunk` as it arrives.
    /// - Returns: the number of rows the server sent.
    @discardableResult
    public func copyOut(_ sql: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            throw error(from: start, statement: sql)
        }
        var failure: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                defer { PQfreemem(buffer) }
                if failure == nil {
                    do { try chunk(UnsafeRawBufferPointer(start: buffer, count: Int(length))) } catch { failure = error }
                }
            } else if length == -1 {
                break
            } else {
                throw DatabaseError(.copyFailed, lastErrorMessage, statement: sql)
            }
        }
        let rows = try finishCopy(sql)
        if let failure { throw failure }
        return rows
    }

    func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        let sent = PQputCopyData(handle, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        guard sent == 1 else {
            throw DatabaseError(.copyFailed, lastErrorMessage)
        }
    }

    private func finishCopy(_ sql: String) throws -> Int {
        var rows = 0
        var failure: DatabaseError?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = error(from: result, statement: sql)
            }
        }
        if let failure { throw failure }
        return rows
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    var lastErrorMessage: String {
        Secrets.scrub(String(cString: PQerrorMessage(handle))).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Writes rows in COPY text format (`\N` for NULL, tabs between fields, backslash escapes),
/// buffering about 256 KiB before each send.
public final class PostgresCopyWriter {
    let connection: PostgresConnection
    private let sql: String
    private var buffer: [UInt8] = []
    private static let flushThreshold = 256 * 1024
    /// Rows stored by the COPY before it was interrupted.
    private(set) var rowsBefore = 0

    init(connection: PostgresConnection, sql: String) {
        self.connection = connection
        self.sql = sql
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Ends the COPY with what was written so far, runs `body` with the connection free for other
    /// statements, and starts the same COPY again; all in the caller's transaction.
    public func interrupt(_ body: () throws -> Void) throws {
        try flush()
        rowsBefore += try connection.endCopy(sql)
        try body()
        try connection.startCopyIn(sql)
    }

    /// Appends one row; values must be in the column order the COPY statement names.
    public func writeRow(_ values: [SQLValue]) throws {
        for (position, value) in values.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            Self.encode(value, into: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends one row given as COPY text (without its newline, as `copyOut` hands it over, or as
    /// any other COPY text encoder writes it), followed by `extra` values for further columns.
    public func writeLine(_ line: UnsafeRawBufferPointer, appending extra: [SQLValue] = []) throws {
        buffer.append(contentsOf: line)
        for value in extra {
            buffer.append(UInt8(ascii: "\t"))
            Self.encode(value, into: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends one binary COPY tuple: its field count, then the fields `body` appends, each its
    /// length and its send format. A tuple `body` gives up on is taken out again.
    func writeTuple(fields: Int, _ body: (inout [UInt8]) throws -> Void) throws {
        let start = buffer.count
        PostgresBinaryType.append(Int16(fields), to: &buffer)
        do {
            try body(&buffer)
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends raw COPY data, for example a chunk received from `copyOut` of a table with the same columns.
    /// Small pieces are buffered; a piece larger than the buffer goes out as it is.
    public func writeRaw(_ bytes: UnsafeRawBufferPointer) throws {
        if bytes.count >= Self.flushThreshold {
            try flush()
            try connection.send(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Sends what is buffered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try connection.send($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends `value` in COPY text format.
    public static func encode(_ value: SQLValue, into buffer: inout [UInt8]) {
        value.withBorrowed { encode($0, into: &buffer) }
    }

    /// Appends a lent value in COPY text format; its text goes in as the bytes it is. COPY text is
    /// the canonical row spelling (`CanonicalRow`), which is written to be exactly that.
    public static func encode(_ value: BorrowedSQLValue, into buffer: inout [UInt8]) {
        switch value {
        case .null: CanonicalRow.appendNull(to: &buffer)
        case .blob(let bytes): CanonicalRow.appendBinary(bytes, to: &buffer)
        case .boolean(let flag): CanonicalRow.appendBoolean(flag, to: &buffer)
        case .integer(let number): CanonicalRow.appendInteger(number, to: &buffer)
        case .double(let number): buffer.append(contentsOf: String(number).utf8)
        case .text(let text): CanonicalRow.appendText(text, to: &buffer)
        }
    }

    /// Appends bytes as bytea text input, `\x…`, with the backslash itself escaped for COPY.
    public static func encodeBytea(_ bytes: UnsafeRawBufferPointer, into buffer: inout [UInt8]) {
        CanonicalRow.appendBinary(bytes, to: &buffer)
    }

    /// Appends UTF-8 text as a COPY text field: backslash escapes for the backslash and the
    /// control characters PostgreSQL's own COPY output escapes, so that a row written here is
    /// byte-equal to the row PostgreSQL sends back.
    public static func encodeText(_ text: UnsafeRawBufferPointer, into buffer: inout [UInt8]) {
        CanonicalRow.appendText(text, to: &buffer)
    }
}
