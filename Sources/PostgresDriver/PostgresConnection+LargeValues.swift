import CLibPQ
import SQLDriver

/// Values of `LargeValue.threshold` bytes and more, read and written in pieces: a COPY row travels
/// whole through libpq (and a bytea of more than half a gigabyte cannot travel in COPY text at
/// all: its hex is over the server's 1 GB line limit), so such values take another way.
///
/// Reading: the COPY leaves the rows that hold one out; those rows come after it, with the large
/// values as NULL, and each large value is read with `substring` in pieces, the row found again by
/// its `ctid` in the same snapshot. Writing: the COPY is ended, each large value is written in
/// pieces into a large object of the same transaction (`lo_put`), the row is inserted with
/// `lo_get` in its place, the large object is dropped and the COPY starts again.
extension PostgresConnection {
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
        let isLarge = large.map { "octet_length(\($0)) >= \(LargeValue.threshold)" }
        let columns = table.columns.enumerated().map { position, name in
            let column = table.quoted(name, in: dialect)
            guard let index = table.mayBeLarge.firstIndex(of: position) else { return column }
            return "CASE WHEN \(isLarge[index]) THEN NULL ELSE \(column) END"
        }
        let lengths = isLarge.enumerated().map { index, condition in "CASE WHEN \(condition) THEN octet_length(\(large[index])) END" }
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
                    let piece = "SELECT substring(\(large[index]) from $1 for $2) FROM \(name) WHERE ctid = $3::tid"
                    values[position] = LargeValue(byteCount: length, isText: kinds[position] != .binary) { [self] body in
                        for offset in LargeValue.pieces(of: length) {
                            let count = min(LargeValue.pieceSize, length - offset)
                            let parameters: [SQLValue] = [.integer(Int64(offset + 1)), .integer(Int64(count)), .text(ctid)]
                            try withBinaryResult(SQLStatement(piece, parameters)) { bytes in
                                guard let bytes else { throw DatabaseError(.statementFailed, "row \(ctid) of \(table.name) is gone from the snapshot") }
                                try body(bytes)
                            }
                        }
                    }
                }
                let canonical = UnsafeRawBufferPointer(rebasing: line[min(rest, line.count)...])
                try body(BulkRow(count: kinds.count, canonical: canonical, largeValues: values))
            }
        }
        return rows.count
    }
}

extension PostgresConnection {
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
        if spec.native { try PostgresCopyWriter.binaryTrailer.withUnsafeBytes { try writer.writeRaw($0) } }
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
                guard let large = row.largeValues[position] else { return placeholder }
                return large.isText ? "convert_from(lo_get(\(placeholder)::oid), 'UTF8')" : "lo_get(\(placeholder)::oid)"
            }
            let columns = spec.columns.map(dialect.quote).joined(separator: ", ")
            try connection.run(
                SQLStatement("INSERT INTO \(dialect.quote(spec.table)) (\(columns)) VALUES (\(placeholders.joined(separator: ", ")))", values))
        }
        if spec.native { try PostgresCopyWriter.binaryHeader.withUnsafeBytes { try writer.writeRaw($0) } }
    }
}
