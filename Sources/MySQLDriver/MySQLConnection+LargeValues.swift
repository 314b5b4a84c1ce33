import SQLDriver
import WSO2Schema

/// Values of `LargeValue.threshold` bytes and more, read and written in pieces. MySQL's protocol
/// carries a row in whole packets, and Connector/C gathers every packet of a row into one buffer
/// before any of it is handed out (binary protocol or not, cursor or not), so a row read whole is
/// a value held whole.
///
/// Reading: the stream reads such values as NULL, with their lengths and the row's primary key;
/// those rows are held (few, and small without their large values) and lent after the stream,
/// each large value read in pieces by one query per pass that gives one row per piece
/// (`SUBSTRING` over the row found by its key, in the same snapshot), so the server fetches the
/// value once and this process holds one piece at a time. Writing: `MySQLStatement.run(_:longData:)`.
extension MySQLConnection {
    /// The bytes one piece of a large value takes: `LargeValue.pieceSize`, at most half the session's
    /// `max_allowed_packet` (MariaDB 10.11 sends longer rows anyway, measured; MySQL documents the
    /// setting as the largest packet either way).
    var readPieceBytes: Int { min(LargeValue.pieceSize, maxAllowedPacket / 2) }

    /// The session's `max_allowed_packet`: the largest packet the server sends or takes, and so
    /// (`mysql_stmt_send_long_data` included) the largest value it stores. Asked once.
    var maxAllowedPacket: Int {
        if let known = knownMaxAllowedPacket { return known }
        let asked = (try? query("SELECT @@SESSION.max_allowed_packet").rows.first?.first?.integerValue).map { Int($0) }
        // MySQL's own default in 8.0, should the question fail.
        let value = asked ?? 64 << 20
        knownMaxAllowedPacket = value
        return value
    }

    /// The columns of the primary key of `table`, in key order, as the server resolves its name;
    /// `nil` without one.
    func primaryKey(of table: BulkTable) throws -> [String]? {
        // Key_name, Seq_in_index and Column_name are the third, fourth and fifth columns.
        let rows = try query("SHOW KEYS FROM \(table.quoted(table.name, in: dialect)) WHERE Key_name = 'PRIMARY'").rows
        let columns = rows.sorted { ($0[3].integerValue ?? 0) < ($1[3].integerValue ?? 0) }.compactMap { $0[4].textValue }
        return columns.isEmpty ? nil : columns
    }

    /// The select of `table` with each `mayBeLarge` column's large values read as NULL, followed by
    /// each such column's large value's length (NULL for a value read whole), then the key columns.
    static func largeValueSelect(_ table: BulkTable, key: [String], in dialect: any SQLDialect) -> String {
        func isLarge(_ column: String) -> String { "LENGTH(\(column)) >= \(LargeValue.threshold)" }
        let (columns, lengths) = table.columnsLeavingOutLarge(in: dialect, isLarge: isLarge, length: { "LENGTH(\($0))" })
        let keys = key.map { table.quoted($0, in: dialect) }
        return "SELECT \((columns + lengths + keys).joined(separator: ", ")) FROM \(table.quoted(table.name, in: dialect))"
    }

    /// A row whose large values are to be read after the stream: its other fields' bytes, its key,
    /// and its large values' lengths by position.
    struct HeldRow {
        var bytes: [UInt8] = []
        var fields: [Range<Int>?] = []
        var key: [SQLValue] = []
        var lengths: [Int: Int] = [:]
    }

    /// Lends the held rows, each with its large values read in pieces.
    func lendHeld(_ held: [HeldRow], _ table: BulkTable, key: [String], kinds: [MySQLValueKind], read: BulkRead, _ body: (BulkRow) throws -> Void) throws {
        var line: [UInt8] = []
        for row in held {
            try row.bytes.withUnsafeBytes { bytes in
                let lent: (Int) -> BorrowedSQLValue = { field in
                    guard let range = row.fields[field] else { return .null }
                    return kinds[field].lend(UnsafeRawBufferPointer(rebasing: bytes[range]))
                }
                var values: [Int: LargeValue] = [:]
                for (position, length) in row.lengths {
                    values[position] = largeValue(
                        table, column: table.columns[position], key: key, keyValues: row.key, length: length,
                        isText: read.kinds[position] != .binary)
                }
                line.removeAll(keepingCapacity: true)
                CanonicalRow.append(fields: table.columns.count, as: read.kinds, to: &line, lent)
                try line.withUnsafeBytes { try body(BulkRow(count: table.columns.count, canonical: $0, lent: lent, largeValues: values)) }
            }
        }
    }

    /// One large value, read in pieces on each pass: one query whose rows are the pieces, in order
    /// (numbered by a recursive CTE, each checked), over the row found by its key.
    private func largeValue(_ table: BulkTable, column: String, key: [String], keyValues: [SQLValue], length: Int, isText: Bool) -> LargeValue {
        // Pieces of bytes: text is cut by bytes too, not by characters.
        let quoted = table.quoted(column, in: dialect)
        let value = isText ? "CAST(wso2db_row.\(quoted) AS BINARY)" : "wso2db_row.\(quoted)"
        let condition = key.map { "wso2db_row.\(table.quoted($0, in: dialect)) = ?" }.joined(separator: " AND ")
        let sql =
            "WITH RECURSIVE wso2db_piece (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM wso2db_piece WHERE n + 1 < ?) "
            + "SELECT wso2db_piece.n, SUBSTRING(\(value), wso2db_piece.n * ? + 1, ?) "
            + "FROM wso2db_piece JOIN \(table.quoted(table.name, in: dialect)) AS wso2db_row ON \(condition)"
        // MySQL 8 stops a recursive CTE after 1000 rows (cte_max_recursion_depth) by default.
        let pieceBytes = max(readPieceBytes, (length + 999) / 1000)
        let count = (length + pieceBytes - 1) / pieceBytes
        return LargeValue(byteCount: length, isText: isText) { [self] piece in
            let statement = try MySQLStatement(self, sql)
            var next: Int64 = 0
            let parameters: [SQLValue] = [.integer(Int64(count)), .integer(Int64(pieceBytes)), .integer(Int64(pieceBytes))] + keyValues
            try statement.forEachRow(parameters, capacity: pieceBytes) { values in
                guard case .integer(let number) = values[0], number == next else {
                    throw DatabaseError(.statementFailed, "the pieces of \(table.name).\(column) came out of order", statement: sql)
                }
                next += 1
                switch values[1] {
                case .blob(let bytes), .text(let bytes): try piece(bytes)
                default: throw DatabaseError(.statementFailed, "a piece of \(table.name).\(column) read as NULL", statement: sql)
                }
            }
        }
    }
}

extension MySQLConnection {
    /// The most bytes one value of `column` can take when written here: the column type's own limit
    /// (BLOB and TEXT 64 KB, MEDIUM 16 MB, LONG 4 GB) and the server's `max_allowed_packet`, which
    /// bounds every value however it is sent. `nil` for columns of other types.
    public func largestValue(in column: Column) throws -> ValueSizeLimit? {
        guard let typeLimit = Self.typeLimit(column.type) else { return nil }
        let packet = maxAllowedPacket
        if typeLimit.bytes <= packet {
            return ValueSizeLimit(bytes: typeLimit.bytes, reason: "the \(typeLimit.bytes) bytes a \(typeLimit.name) column holds")
        }
        return ValueSizeLimit(
            bytes: packet, reason: "the \(ValueSizeLimit.spelled(packet)) the target server's max_allowed_packet lets one value take",
            hint: "raise max_allowed_packet on the MySQL target server (SET GLOBAL max_allowed_packet = 1073741824, and in its option file), "
                + "then run again; 1 GB is the most it takes")
    }

    /// The largest value of each of MySQL's BLOB and TEXT types (BLOB for the model's binary type).
    static func typeLimit(_ type: ColumnType) -> (name: String, bytes: Int)? {
        let name: String
        switch type {
        case .binary: name = "blob"
        case .text: name = "text"
        case .other(let spelling): name = spelling.lowercased()
        default: return nil
        }
        switch name {
        case "tinyblob", "tinytext": return (name.uppercased(), (1 << 8) - 1)
        case "blob", "text": return (name.uppercased(), (1 << 16) - 1)
        case "mediumblob", "mediumtext": return (name.uppercased(), (1 << 24) - 1)
        case "longblob", "longtext": return (name.uppercased(), (1 << 32) - 1)
        default: return nil
        }
    }
}
