import CLibPQ
import SQLDriver

/// Values of `LargeValue.threshold` bytes and more, read and written in pieces: a COPY row travels
/// whole through libpq (and a bytea of more than half a gigabyte cannot travel in COPY text at
/// all: its hex is over the server's 1 GB line limit), so such values take another way.
///
/// Reading: the COPY leaves the rows that hold one out; those rows come after it, with the large
/// values as NULL, and each large value is read with `substring` in pieces, the row found again by
/// its `ctid` in the same snapshot. Text is cut by bytes, not characters: `substring` of text
/// counts characters, which the server finds only by reading the value from its start, once per
/// piece; so the value is turned into its bytes once (`convert_to`, on the server) and the server
/// sends those in pieces, row by row. A piece may then end inside a character: the canonical
/// spelling escapes bytes one by one, and the writer joins the pieces again before the server reads
/// them as text.
/// Writing: the COPY is ended, each large value is written in pieces into a large object of the
/// same transaction (`lo_put`), the row is inserted with `lo_get` in its place (as text,
/// `convert_from(…, 'UTF8')`, into a column that is not binary), the large object is dropped and
/// the COPY starts again.
extension PostgresConnection {
    /// Whether the server stores text as UTF-8 (`server_encoding`), the bytes a large text value is lent as.
    var storesUTF8: Bool {
        PQparameterStatus(handle, "server_encoding").map { String(cString: $0) } == "UTF8"
    }

    /// The rows of `table` whose `mayBeLarge` columns hold no large value.
    static func smallRowsSelect(_ table: BulkTable, in dialect: any SQLDialect) -> String {
        table.select(in: dialect) + " WHERE " + smallCondition(table, in: dialect)
    }

    private static func smallCondition(_ table: BulkTable, in dialect: any SQLDialect) -> String {
        // octet_length reads a stored value's length from its header, without fetching the value.
        table.mayBeLarge.map { position in
            let column = table.quoted(table.columns[position], in: dialect)
            return "(\(column) IS NULL OR octet_length(\(column)) < \(LargeValue.threshold))"
        }.joined(separator: " AND ")
    }

    /// Reads the rows of `table` that hold large values, after the others were read: each with
    /// its canonical row (large values as NULL) and its large values, lent in pieces.
    func readLargeRows(_ table: BulkTable, kinds: [ValueKind], _ body: (BulkRow) throws -> Void) throws -> Int {
        let large = table.mayBeLarge.map { table.quoted(table.columns[$0], in: dialect) }
        let (columns, lengths) = table.columnsLeavingOutLarge(
            in: dialect, isLarge: { "octet_length(\($0)) >= \(LargeValue.threshold)" }, length: { "octet_length(\($0))" })
        let name = table.quoted(table.name, in: dialect)
        let select =
            "SELECT ctid, \((lengths + columns).joined(separator: ", ")) FROM \(name) WHERE NOT (\(Self.smallCondition(table, in: dialect)))"
        // Such rows are few and small without their large values: they are held until the COPY ends.
        var rows: [[UInt8]] = []
        try copyOut("COPY (\(select)) TO STDOUT") { chunk in rows.append(Array(chunk.dropLast())) }
        for line in rows {
            var fields: [UnsafeRawBufferPointer] = []
            var rest = 0
            try line.withUnsafeBytes { line in
                CanonicalRow.forEachField(of: line) { position, field in
                    if position <= large.count {
                        fields.append(field)
                        rest += field.count + 1
                    }
                }
                let ctid = String(decoding: fields[0], as: UTF8.self)
                var values: [Int: LargeValue] = [:]
                for (index, position) in table.mayBeLarge.enumerated() {
                    guard let length = Int(String(decoding: fields[index + 1], as: UTF8.self)) else { continue }
                    values[position] = largeValue(large[index], of: table.name, quoted: name, ctid: ctid, length: length, kind: kinds[position])
                }
                let canonical = UnsafeRawBufferPointer(rebasing: line[min(rest, line.count)...])
                try body(BulkRow(count: kinds.count, canonical: canonical, largeValues: values))
            }
        }
        return rows.count
    }
}

extension PostgresConnection {
    /// The value of `column` in the row at `ctid` of `table`, `length` bytes, read in pieces when asked.
    private func largeValue(_ column: String, of table: String, quoted name: String, ctid: String, length: Int, kind: ValueKind) -> LargeValue {
        func gone() -> DatabaseError { DatabaseError(.statementFailed, "row \(ctid) of \(table) is gone from the snapshot") }
        guard kind != .binary else {
            let piece = "SELECT substring(\(column) from $1 for $2) FROM \(name) WHERE ctid = $3::tid"
            return LargeValue(byteCount: length, isText: false) { [self] body in
                for offset in LargeValue.pieces(of: length) {
                    let count = min(LargeValue.pieceSize, length - offset)
                    let parameters: [SQLValue] = [.integer(Int64(offset + 1)), .integer(Int64(count)), .text(ctid)]
                    try withBinaryResult(SQLStatement(piece, parameters)) { bytes in
                        guard let bytes else { throw gone() }
                        try body(bytes)
                    }
                }
            }
        }
        // One query: the value as bytes once (convert_to), then cut by the server into rows of a piece
        // each, which arrive one at a time. The subquery (kept whole by OFFSET 0) gives one row, so the
        // rows come in the order of `i`.
        let pieces = SQLStatement(
            "SELECT substring(s.b from i * $2::integer + 1 for $2::integer) "
                + "FROM (SELECT convert_to(\(column), 'UTF8') AS b FROM \(name) WHERE ctid = $1::tid OFFSET 0) s "
                + "CROSS JOIN LATERAL generate_series(0, (octet_length(s.b) - 1) / $2::integer) i",
            [.text(ctid), .integer(Int64(LargeValue.pieceSize))])
        return LargeValue(byteCount: length, isText: true) { [self] body in
            var found = false
            try forEachBinaryValue(pieces) { bytes in
                guard let bytes else { throw gone() }
                found = true
                try body(bytes)
            }
            guard found else { throw gone() }
        }
    }

    /// Runs a query and lends the first value of each row as the server sends it in binary, one row
    /// at a time (libpq's single-row mode), so that a result of many large rows is never held whole.
    /// The connection runs nothing else until the last row is lent.
    func forEachBinaryValue(_ statement: SQLStatement, _ body: (UnsafeRawBufferPointer?) throws -> Void) throws {
        let sent = try withParameters(statement.parameters) { count, values, lengths, formats in
            PQsendQueryParams(handle, statement.sql, count, nil, values, lengths, formats, 1)
        }
        guard sent == 1 else { throw DatabaseError(.statementFailed, lastErrorMessage, statement: statement.sql) }
        PQsetSingleRowMode(handle)
        // Every result is taken, also after a failure, so that the connection is free again.
        var failure: (any Error)?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard failure == nil else { continue }
                let isNull = PQgetisnull(result, 0, 0) == 1
                do {
                    try body(isNull ? nil : UnsafeRawBufferPointer(start: PQgetvalue(result, 0, 0), count: Int(PQgetlength(result, 0, 0))))
                } catch let thrown {
                    failure = thrown
                }
            case PGRES_TUPLES_OK:
                break
            default:
                if failure == nil { failure = error(from: result, statement: statement.sql) }
            }
        }
        if let failure { throw failure }
    }

    /// Runs a query of one value and lends that value's bytes as the server sends them in binary
    /// (a bytea's bytes, text's UTF-8), without a copy; `nil` when there is no row or it is NULL.
    func withBinaryResult(_ statement: SQLStatement, _ body: (UnsafeRawBufferPointer?) throws -> Void) throws {
        let result = try withParameters(statement.parameters) { count, values, lengths, formats in
            PQexecParams(handle, statement.sql, count, nil, values, lengths, formats, 1)
        }
        defer { PQclear(result) }
        try check(result, statement: statement.sql)
        guard PQntuples(result) > 0, PQgetisnull(result, 0, 0) == 0 else { return try body(nil) }
        try body(UnsafeRawBufferPointer(start: PQgetvalue(result, 0, 0), count: Int(PQgetlength(result, 0, 0))))
    }
}

extension PostgresBulkWriter {
    /// Writes a row holding large values outside the COPY (see above), as one INSERT.
    func writeLarge(_ row: BulkRow, appending extra: [SQLValue]) throws {
        let connection = writer.connection
        let dialect = connection.dialect
        var values: [SQLValue]
        if let canonical = row.canonical {
            values = CanonicalRow.decode(canonical, as: spec.kinds)
        } else {
            values = (0..<row.count).map { (row.value(at: $0) ?? .null).owned }
        }
        values += extra
        if binary { try PostgresCopyWriter.binaryTrailer.withUnsafeBytes { try writer.writeRaw($0) } }
        try writer.interrupt {
            var objects: [Int: Int64] = [:]
            defer {
                for object in objects.values { _ = try? connection.query(SQLStatement("SELECT lo_unlink($1)", [.integer(object)])) }
            }
            for (position, large) in row.largeValues {
                guard let object = try connection.query(SQLStatement("SELECT lo_create(0)")).rows.first?.first?.integerValue else {
                    throw DatabaseError(.copyFailed, "the server made no large object for a value of \(spec.table)")
                }
                objects[position] = object
                var offset = 0
                try large.forEachPiece { piece in
                    _ = try connection.query(SQLStatement("SELECT lo_put($1, $2, $3)", [.integer(object), .integer(Int64(offset)), .blob(Array(piece))]))
                    offset += piece.count
                }
                values[position] = .integer(object)
            }
            let placeholders = values.indices.map { position in
                let placeholder = dialect.placeholder(position + 1)
                // By the column, not the value: a SQLite source may hold bytes in a text column.
                guard row.largeValues[position] != nil else { return placeholder }
                return spec.kinds[position] == .binary ? "lo_get(\(placeholder)::oid)" : "convert_from(lo_get(\(placeholder)::oid), 'UTF8')"
            }
            let columns = spec.columns.map(dialect.quote).joined(separator: ", ")
            try connection.run(
                SQLStatement("INSERT INTO \(dialect.quote(spec.table)) (\(columns)) VALUES (\(placeholders.joined(separator: ", ")))", values))
        }
        if binary { try PostgresCopyWriter.binaryHeader.withUnsafeBytes { try writer.writeRaw($0) } }
    }
}
