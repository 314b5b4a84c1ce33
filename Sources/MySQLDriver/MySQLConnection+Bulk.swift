import CMariaDB
import Foundation
import SQLDriver

/// The bulk side of the connection contract: rows streamed out of the server one at a time with
/// their values lent where Connector/C holds them, rows in through `LOAD DATA LOCAL INFILE` fed
/// from memory (`MySQLLoadWriter`) or, where the server refuses that, batched multi-row prepared
/// INSERTs, and the session settings a long run needs.
extension MySQLConnection {
    /// The server's timeouts that could end a long run part-way (a source's snapshot transaction
    /// sits idle while other tables copy), raised to their maximum for wso2db's sessions.
    static let sessionTimeouts = "SET SESSION wait_timeout = 31536000, net_read_timeout = 31536000, net_write_timeout = 31536000"

    public func prepareSession(_ purpose: SessionPurpose) throws {
        switch purpose {
        case .read:
            try execute(Self.sessionTimeouts + "; SET SESSION TRANSACTION READ ONLY")
            readOnlySession = true
        case .snapshot:
            // One snapshot of every InnoDB table, taken now, for the whole read.
            try execute(Self.sessionTimeouts + "; SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            try execute(dialect.snapshotTransactionSQL)
        case .bulkLoad:
            // Strict, so that a value the column cannot hold is an error rather than a truncation
            // with a warning; and an id 0 is kept as 0, not replaced by the next AUTO_INCREMENT value.
            try execute(
                Self.sessionTimeouts
                    + "; SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'STRICT_ALL_TABLES', 'NO_AUTO_VALUE_ON_ZERO')")
        }
    }

    /// None: rows travel as values.
    public var nativeBulkFormat: String? { nil }

    /// Values are lent from Connector/C's row buffer.
    public var lendsValues: Bool { true }

    /// What a strict-mode MySQL keeps: valid text only (of the column's character set), no
    /// fractions beyond what the column declares (WSO2's MySQL columns keep whole seconds), no
    /// offsets, lengths and types enforced. NUL is kept in text, and so are zero dates (a server
    /// without `NO_ZERO_DATE` keeps them, and one that ever ran without it may hold them).
    public var storedValueRules: StoredValueRules {
        StoredValueRules(
            textMustBeValidUTF8: true, textMayHoldNUL: true, timestampFractionDigits: 0, timestampKeepsOffset: false, enforcesLength: true,
            enforcesTypes: true, keepsZeroDates: true, timestampRange: "1970-01-01 00:00:01"..."2038-01-19 03:14:07", fixedWidthText: .trimmed)
    }

    /// Streams the rows (`mysql_use_result`: one row in memory at a time, whatever the table's size).
    /// Values of the table's `mayBeLarge` columns from `LargeValue.threshold` bytes are lent in
    /// pieces, their rows after the others (see `MySQLConnection+LargeValues`); in a table without
    /// a primary key they are read whole.
    @discardableResult
    public func readRows(_ read: BulkRead, _ body: (BulkRow) throws -> Void) throws -> Int {
        let columns = read.kinds.count
        var line: [UInt8] = []
        // The first `fields` of the row (a read in pieces selects lengths and keys after them).
        func lend(_ row: MYSQL_ROW, _ lengths: UnsafeMutablePointer<UInt>, _ kinds: [MySQLValueKind], fields: Int) throws {
            let lent: (Int) -> BorrowedSQLValue = { field in
                guard let value = row[field] else { return .null }
                return kinds[field].lend(UnsafeRawBufferPointer(start: value, count: Int(lengths[field])))
            }
            guard read.spelled else { return try body(BulkRow(count: fields, canonical: nil, lent: lent)) }
            line.removeAll(keepingCapacity: true)
            CanonicalRow.append(fields: fields, as: read.kinds, to: &line, lent)
            try line.withUnsafeBytes { try body(BulkRow(count: fields, canonical: $0, lent: lent)) }
        }
        guard let table = read.table, !table.mayBeLarge.isEmpty, let key = try primaryKey(of: table) else {
            return try stream(read.select) { row, lengths, kinds in try lend(row, lengths, kinds, fields: kinds.count) }
        }
        var held: [HeldRow] = []
        var fieldKinds: [MySQLValueKind] = []
        let rows = try stream(Self.largeValueSelect(table, key: key, in: dialect)) { row, lengths, kinds in
            func bytes(_ field: Int) -> UnsafeRawBufferPointer? {
                row[field].map { UnsafeRawBufferPointer(start: $0, count: Int(lengths[field])) }
            }
            var large: [Int: Int] = [:]
            for (index, position) in table.mayBeLarge.enumerated() {
                if let length = bytes(columns + index) { large[position] = Int(String(decoding: length, as: UTF8.self)) ?? 0 }
            }
            guard !large.isEmpty else { return try lend(row, lengths, kinds, fields: columns) }
            fieldKinds = kinds
            var kept = HeldRow(lengths: large)
            for field in 0..<columns {
                guard let value = bytes(field) else {
                    kept.fields.append(nil)
                    continue
                }
                kept.fields.append(kept.bytes.count..<(kept.bytes.count + value.count))
                kept.bytes.append(contentsOf: value)
            }
            let keyStart = columns + table.mayBeLarge.count
            kept.key = key.indices.map { index in bytes(keyStart + index).map { kinds[keyStart + index].lend($0).owned } ?? .null }
            held.append(kept)
        }
        try lendHeld(held, table, key: key, kinds: fieldKinds, read: read, body)
        return rows
    }

    /// Runs `sql` and hands each row to `body` as Connector/C holds it, with the lengths of its
    /// fields and the fields' kinds; returns the number of rows.
    private func stream(_ sql: String, _ body: (MYSQL_ROW, UnsafeMutablePointer<UInt>, [MySQLValueKind]) throws -> Void) throws -> Int {
        guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw error(statement: sql) }
        guard let result = mysql_use_result(handle) else { throw error(statement: sql) }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        let kinds = UnsafeBufferPointer(start: mysql_fetch_fields(result), count: count).map(MySQLValueKind.init)
        var rows = 0
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            try body(row, lengths, kinds)
            rows += 1
        }
        // A row that did not arrive because the connection broke ends the read with an error.
        if mysql_errno(handle) != 0 { throw error(statement: sql) }
        return rows
    }

    public func writeRows<R>(_ write: BulkWrite, _ body: (any BulkWriter) throws -> R) throws -> R {
        guard !write.native else { throw DatabaseError(.unsupportedObject, "MySQL has no native bulk format") }
        let load = bulkMethod == .load || (bulkMethod == .automatic && !write.kinds.contains(.binary))
        if load, try acceptsLocalInfile(probing: write.table, columns: write.columns) {
            let writer = MySQLLoadWriter(connection: self, write: write)
            let result = try body(writer)
            try writer.flush()
            return result
        }
        let writer = MySQLBatchWriter(connection: self, write: write)
        let result = try body(writer)
        try writer.flush()
        return result
    }

}

/// How a MySQL connection writes rows in bulk (`WSO2DB_MYSQL_BULK=load|insert` picks one, for
/// comparing them).
enum MySQLBulkMethod: String {
    /// LOAD DATA for tables without binary columns, INSERTs for the others: measured on the
    /// generator's data, LOAD DATA copied the small-row tables about a quarter faster, and INSERTs
    /// (whose binary values travel as they are, not escaped and unescaped) the REG_CONTENT blobs
    /// about twice as fast.
    case automatic
    /// `LOAD DATA LOCAL INFILE` fed from memory wherever the server takes it.
    case load
    /// Batched multi-row prepared INSERTs.
    case insert

    static let configured = ProcessInfo.processInfo.environment["WSO2DB_MYSQL_BULK"].flatMap(MySQLBulkMethod.init) ?? .automatic
}

extension MySQLValueKind {
    /// A value of the text protocol lent as the bytes are: numbers parsed, the rest in place.
    func lend(_ bytes: UnsafeRawBufferPointer) -> BorrowedSQLValue {
        switch self {
        case .null: return .null
        case .blob: return .blob(bytes)
        case .integer:
            var number: Int64 = 0
            var negative = false
            for (position, byte) in bytes.enumerated() {
                if position == 0 && byte == UInt8(ascii: "-") {
                    negative = true
                } else if byte >= 48 && byte <= 57, number < Int64.max / 10 - 10 {
                    number = number * 10 + Int64(byte - 48)
                } else {
                    return .text(bytes)
                }
            }
            return bytes.isEmpty ? .text(bytes) : .integer(negative ? -number : number)
        case .double, .unsignedInteger, .text: return .text(bytes)
        }
    }
}

/// Rows into one table as multi-row prepared INSERTs: rows are copied out of what lends them and
/// sent in batches (a few hundred rows, or about 4 MB, whichever comes first), so a round trip
/// carries many rows and memory stays bounded.
final class MySQLBatchWriter: BulkWriter {
    let connection: MySQLConnection
    let write: BulkWrite
    private var pending: [SQLValue] = []
    private var pendingRows = 0
    private var pendingBytes = 0
    private var fullBatch: MySQLStatement?

    static let rowsPerBatch = 500
    static let bytesPerBatch = 4 << 20

    init(connection: MySQLConnection, write: BulkWrite) {
        self.connection = connection
        self.write = write
    }

    func write(_ row: BulkRow, appending extra: [SQLValue]) throws {
        if !row.largeValues.isEmpty {
            // In the order given: the rows held back go first.
            try flush()
            return try connection.insertLarge(row, appending: extra, into: write)
        } else if row.lendsValues {
            // The rows held back go first where this one would take the batch past what one packet carries.
            try flush(before: (0..<row.count).reduce(0) { $0 + row.value(at: $1)!.byteCount })
            for field in 0..<row.count {
                let value = row.value(at: field)!
                pendingBytes += value.byteCount
                pending.append(value.owned(as: write.kinds[field]))
            }
        } else if let canonical = row.canonical {
            try flush(before: canonical.count)
            pendingBytes += canonical.count
            pending += CanonicalRow.decode(canonical, as: write.kinds)
        }
        pending += extra
        pendingRows += 1
        if pendingRows >= Self.rowsPerBatch || pendingBytes >= Self.bytesPerBatch { try flush() }
    }

    /// Sends the rows held back if `bytes` more would take them past half the server's
    /// `max_allowed_packet` (a server of 4 MB, MySQL 5.7's default, takes no batch of 4 MB).
    private func flush(before bytes: Int) throws {
        if pendingBytes + bytes > connection.maxAllowedPacket / 2 { try flush() }
    }

    /// Sends the rows held back.
    func flush() throws {
        guard pendingRows > 0 else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingRows = 0
            pendingBytes = 0
        }
        if pendingRows == Self.rowsPerBatch {
            if fullBatch == nil { fullBatch = try MySQLStatement(connection, insertSQL(rows: pendingRows)) }
            _ = try fullBatch!.run(pending)
        } else {
            _ = try MySQLStatement(connection, insertSQL(rows: pendingRows)).run(pending)
        }
    }

    private func insertSQL(rows: Int) -> String { connection.insertSQL(into: write, rows: rows) }
}

extension MySQLConnection {
    /// A prepared INSERT of `rows` rows into the table of `write`.
    func insertSQL(into write: BulkWrite, rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: write.columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(dialect.quote(write.table)) (\(write.columns.map(dialect.quote).joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
    }

    /// Writes a row holding large values (`BulkRow.largeValues`) as one prepared INSERT, each large
    /// value sent in pieces as it is read (`mysql_stmt_send_long_data`): the server gathers it,
    /// within its `max_allowed_packet`, in the same transaction as every other row.
    func insertLarge(_ row: BulkRow, appending extra: [SQLValue], into write: BulkWrite) throws {
        var values =
            row.lendsValues
            ? (0..<row.count).map { row.value(at: $0)!.owned(as: write.kinds[$0]) } : row.canonical.map { CanonicalRow.decode($0, as: write.kinds) } ?? []
        for position in row.largeValues.keys { values[position] = .null }
        _ = try MySQLStatement(self, insertSQL(into: write, rows: 1)).run(values + extra, longData: row.largeValues)
    }
}

extension BorrowedSQLValue {
    /// Bytes the value takes, for batching.
    var byteCount: Int {
        switch self {
        case .text(let bytes), .blob(let bytes): bytes.count
        default: 8
        }
    }

    /// The value copied out, as a column of `kind` takes it: text kept byte for byte (invalid
    /// UTF-8 is not repaired on the way), timestamps in the spelling MySQL reads.
    func owned(as kind: ValueKind) -> SQLValue {
        switch (self, kind) {
        case (.text(let bytes), .timestamp):
            return .text(CanonicalRow.normalizedTimestamp(String(decoding: bytes, as: UTF8.self)))
        case (.text(let bytes), .binary):
            return .blob(Array(bytes))
        case (.text(let bytes), .boolean):
            return CanonicalRow.boolean(bytes).map(SQLValue.boolean) ?? .text(String(decoding: bytes, as: UTF8.self))
        default:
            return owned
        }
    }
}
