import SQLDriver

/// The bulk side of the connection contract: COPY out and in (binary where the rows can pass
/// through untouched), the session settings a long run needs, and the server's own view of which
/// database a connection reaches.
extension PostgresConnection {
    /// Settings that make the server print values as canonical rows spell them (`CanonicalRow`),
    /// whatever the server's or the role's defaults.
    static let canonicalSession = "SET datestyle = 'ISO, YMD'; SET bytea_output = 'hex'; SET client_encoding = 'UTF8'; SET extra_float_digits = 3"

    /// The server settings that can end a session of wso2db part-way, all switched off for its
    /// sessions: a source's snapshot transaction sits idle while other tables copy, one COPY or
    /// index build may take long, and a role's default must not end a run that cannot then be
    /// finished by running it again. Settings the server does not have (`idle_session_timeout`
    /// before PostgreSQL 14) are skipped.
    static let sessionTimeouts = ["idle_in_transaction_session_timeout", "statement_timeout", "lock_timeout", "idle_session_timeout"]

    public func prepareSession(_ purpose: SessionPurpose) throws {
        let timeouts =
            "SELECT set_config(name, '0', false) FROM pg_catalog.pg_settings WHERE name IN ("
            + Self.sessionTimeouts.map { "'\($0)'" }.joined(separator: ", ") + ")"
        switch purpose {
        case .read, .snapshot:
            try execute(Self.canonicalSession + "; SET default_transaction_read_only = on; " + timeouts)
            if purpose == .snapshot { try execute(dialect.snapshotTransactionSQL) }
        case .bulkLoad:
            // Each table's commit is recorded in the journal in the same transaction, so a commit
            // lost in a server crash is lost with its journal row, and the table is copied again.
            try execute(Self.canonicalSession + "; SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; " + timeouts)
        }
    }

    /// Binary COPY: a row read in it from a table is written as it is into a table with the same column types.
    public var nativeBulkFormat: String? { "PostgreSQL binary COPY" }

    /// Rows arrive as COPY data, not as values to lend.
    public var lendsValues: Bool { false }

    /// PostgreSQL refuses text that is not valid UTF-8 or holds NUL, rounds fractions to
    /// microseconds, drops an offset given to `timestamp without time zone`, enforces VARCHAR
    /// lengths and column types, pads CHAR(n) text with spaces.
    public var storedValueRules: StoredValueRules {
        StoredValueRules(
            textMustBeValidUTF8: true, textMayHoldNUL: false, timestampFractionDigits: 6, timestampKeepsOffset: false, enforcesLength: true,
            enforcesTypes: true, fixedWidthText: .padded)
    }

    /// Values of the table's `mayBeLarge` columns from `LargeValue.threshold` bytes are lent in
    /// pieces, their rows after the others (`readLargeRows`). Text is lent as the bytes the server
    /// stores, so only where those are UTF-8 (the server's encoding); elsewhere it is read whole.
    @discardableResult
    public func readRows(_ read: BulkRead, _ body: (BulkRow) throws -> Void) throws -> Int {
        guard var table = read.table else { return try readWholeRows(read, body) }
        if !storesUTF8 { table.mayBeLarge = table.mayBeLarge.filter { read.kinds[$0] == .binary } }
        guard !table.mayBeLarge.isEmpty else { return try readWholeRows(read, body) }
        var small = read
        small.select = Self.smallRowsSelect(table, in: dialect)
        small.table = nil
        return try readWholeRows(small, body) + readLargeRows(table, kinds: read.kinds, body)
    }

    private func readWholeRows(_ read: BulkRead, _ body: (BulkRow) throws -> Void) throws -> Int {
        if read.native {
            var line: [UInt8] = []
            return try copyOutBinary("COPY (\(read.select)) TO STDOUT (FORMAT binary)") { row in
                line.removeAll(keepingCapacity: true)
                row.appendCanonical(as: read.kinds, to: &line)
                try line.withUnsafeBytes { try body(BulkRow(count: row.fields.count, canonical: $0, native: row.tuple)) }
            }
        }
        // With the canonical session, the server's COPY text line is the canonical row; libpq
        // hands over one whole row per chunk, newline included.
        return try copyOut("COPY (\(read.select)) TO STDOUT") { chunk in
            try body(BulkRow(count: read.kinds.count, canonical: UnsafeRawBufferPointer(rebasing: chunk[0..<(chunk.count - 1)])))
        }
    }

    public func writeRows<R>(_ write: BulkWrite, _ body: (any BulkWriter) throws -> R) throws -> R {
        let columns = write.columns.map(dialect.quote).joined(separator: ", ")
        // Lent values go in their columns' send formats where those are written exactly: bytea as
        // its bytes, not as hex twice their size that the server decodes, and no COPY text line to parse.
        let types = write.lent && !write.native ? try binaryTypes(of: write) : nil
        let binary = write.native || types != nil
        var result: R?
        try copyIn("COPY \(dialect.quote(write.table)) (\(columns)) FROM STDIN" + (binary ? " (FORMAT binary)" : "")) { writer in
            if binary { try PostgresCopyWriter.binaryHeader.withUnsafeBytes { try writer.writeRaw($0) } }
            result = try body(PostgresBulkWriter(writer: writer, spec: write, types: types))
            if binary { try PostgresCopyWriter.binaryTrailer.withUnsafeBytes { try writer.writeRaw($0) } }
        }
        return result!
    }
}

/// Rows into a COPY: canonical rows as COPY text lines (the spelling is the same), binary tuples as
/// they came, lent values in their columns' send formats.
struct PostgresBulkWriter: BulkWriter {
    let writer: PostgresCopyWriter
    let spec: BulkWrite
    /// The columns' types, where lent values are written as binary COPY.
    let types: [PostgresBinaryType]?

    /// Whether the COPY is in binary format.
    var binary: Bool { spec.native || types != nil }

    func write(_ row: BulkRow, appending extra: [SQLValue]) throws {
        if !row.largeValues.isEmpty {
            try writeLarge(row, appending: extra)
        } else if spec.native {
            guard let tuple = row.native, extra.isEmpty else {
                throw DatabaseError(.copyFailed, "a row for binary COPY into \(spec.table) came without its binary form")
            }
            try writer.writeRaw(tuple)
        } else if let types {
            try writeValues(row, appending: extra, as: types)
        } else if let canonical = row.canonical {
            try writer.writeLine(canonical, appending: extra)
        } else {
            var line: [UInt8] = []
            row.appendCanonical(as: spec.kinds, to: &line)
            try line.withUnsafeBytes { try writer.writeLine($0, appending: extra) }
        }
    }
}

extension PostgresBulkWriter {
    /// Writes a row of lent values as a binary COPY tuple; a value its column would refuse fails
    /// the COPY with the server's message for it, naming the column.
    private func writeValues(_ row: BulkRow, appending extra: [SQLValue], as types: [PostgresBinaryType]) throws {
        guard row.lendsValues, row.count + extra.count == types.count else {
            throw DatabaseError(.copyFailed, "a row for binary COPY into \(spec.table) came without its values")
        }
        var position = 0
        do {
            try writer.writeTuple(fields: types.count) { buffer in
                while position < row.count {
                    try types[position].append(row.value(at: position)!, to: &buffer)
                    position += 1
                }
                for value in extra {
                    try value.withBorrowed { try types[position].append($0, to: &buffer) }
                    position += 1
                }
            }
        } catch let refusal as PostgresBinaryType.Refusal {
            throw DatabaseError(
                .statementFailed, refusal.message, sqlState: refusal.sqlState, statement: "COPY \(spec.table)",
                detail: "column \(spec.columns[position]) of \(spec.table)")
        }
    }
}

extension PostgresBinaryRow {
    /// Appends the row in canonical spelling, each field from its type's send format: only
    /// integers, booleans, bytea and text travel in binary COPY where a canonical row is wanted.
    public func appendCanonical(as kinds: [ValueKind], to buffer: inout [UInt8]) {
        for (position, field) in fields.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else {
                CanonicalRow.appendNull(to: &buffer)
                continue
            }
            switch kinds[position] {
            case .integer:
                let number: Int64 =
                    switch field.count {
                    case 2: Int64(Int16(bigEndian: field.loadUnaligned(as: Int16.self)))
                    case 4: Int64(Int32(bigEndian: field.loadUnaligned(as: Int32.self)))
                    default: Int64(bigEndian: field.loadUnaligned(as: Int64.self))
                    }
                CanonicalRow.appendInteger(number, to: &buffer)
            case .boolean:
                CanonicalRow.appendBoolean(field.first != 0, to: &buffer)
            case .binary:
                CanonicalRow.appendBinary(field, to: &buffer)
            case .text, .timestamp:
                CanonicalRow.appendText(field, to: &buffer)
            }
        }
    }
}
