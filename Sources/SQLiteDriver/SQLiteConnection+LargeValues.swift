import CSQLite
import SQLDriver

/// Blobs of `LargeValue.threshold` bytes and more, read and written in pieces with SQLite's
/// incremental blob I/O (`sqlite3_blob_open`), so that a row holding one never sits whole in memory.
/// Only blobs: SQLite has no way to make text of a length without holding it (a large text value
/// is written whole, `SQLiteBulkWriter`), and no way to tell the length of stored text without
/// reading it (`length` counts its characters; `octet_length` is SQLite 3.43's), so it is read whole.
extension SQLiteConnection {
    /// The select of `read` with each `mayBeLarge` column's large blobs read as NULL, followed by
    /// the rowid and, per such column, the large blob's length (NULL for a value read whole).
    /// `typeof` and `length` of a blob do not load it.
    static func largeValueSelect(_ table: BulkTable, in dialect: any SQLDialect) -> String {
        func isLarge(_ column: String) -> String {
            "typeof(\(column)) = 'blob' AND length(\(column)) >= \(LargeValue.threshold)"
        }
        let (columns, lengths) = table.columnsLeavingOutLarge(in: dialect, isLarge: isLarge, length: { "length(\($0))" })
        return "SELECT \((columns + ["_rowid_"] + lengths).joined(separator: ", ")) FROM \(table.quoted(table.name, in: dialect))"
    }

    /// The large values of the current row of a `largeValueSelect`, by position.
    func largeValues(of row: SQLiteRow, _ table: BulkTable) -> [Int: LargeValue] {
        var values: [Int: LargeValue] = [:]
        guard case .integer(let rowid) = row[table.columns.count] else { return values }
        for (offset, position) in table.mayBeLarge.enumerated() {
            guard case .integer(let length) = row[table.columns.count + 1 + offset] else { continue }
            let column = table.columns[position]
            values[position] = LargeValue(byteCount: Int(length), isText: false) { [self] piece in
                try readBlob(table: table.name, column: column, rowid: rowid, length: Int(length), piece)
            }
        }
        return values
    }

    private func readBlob(table: String, column: String, rowid: Int64, length: Int, _ piece: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withBlob(table: table, column: column, rowid: rowid, writing: false) { blob in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LargeValue.pieceSize, alignment: 8)
            defer { buffer.deallocate() }
            for offset in LargeValue.pieces(of: length) {
                let count = min(LargeValue.pieceSize, length - offset)
                let status = sqlite3_blob_read(blob, buffer.baseAddress, Int32(count), Int32(offset))
                guard status == SQLITE_OK else { throw failure(status, statement: nil).during("reading \(table).\(column) in pieces") }
                try piece(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    /// Writes the large values of a row just inserted with zero-filled blobs in their place.
    func writeLargeValues(_ values: [Int: LargeValue], table: String, columns: [String]) throws {
        let rowid = sqlite3_last_insert_rowid(handle)
        for (position, value) in values {
            try withBlob(table: table, column: columns[position], rowid: rowid, writing: true) { blob in
                var offset = 0
                try value.forEachPiece { piece in
                    let status = sqlite3_blob_write(blob, piece.baseAddress, Int32(piece.count), Int32(offset))
                    guard status == SQLITE_OK else { throw failure(status, statement: nil).during("writing \(table).\(columns[position]) in pieces") }
                    offset += piece.count
                }
            }
        }
    }

    private func withBlob(table: String, column: String, rowid: Int64, writing: Bool, _ body: (OpaquePointer) throws -> Void) throws {
        var blob: OpaquePointer?
        let status = sqlite3_blob_open(handle, "main", table, column, rowid, writing ? 1 : 0, &blob)
        guard status == SQLITE_OK, let blob else {
            sqlite3_blob_close(blob)
            throw failure(status, statement: nil).during("opening \(table).\(column) of row \(rowid) in pieces")
        }
        defer { sqlite3_blob_close(blob) }
        try body(blob)
    }
}
