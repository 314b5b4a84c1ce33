import Foundation
import PostgresDriver
import SQLDriver
import SQLiteDriver

/// What passed through while reading one table: the digest and per-tenant counts of its canonical
/// rows, and their bytes.
struct TableTally: Sendable {
    var digest = ContentDigest()
    var tenants: [String: Int] = [:]
    var bytes = 0
    var rows: Int { digest.rows }
}

/// Builds a `TableTally` from canonical rows, one at a time.
struct TallyBuilder: Sendable {
    private(set) var tally = TableTally()
    private var tenants: TenantCounter

    init(tenantField: Int?) { tenants = TenantCounter(field: tenantField) }

    mutating func add(_ line: UnsafeRawBufferPointer) {
        tally.digest.add(line)
        tenants.add(line)
        tally.bytes += line.count + 1
    }

    var result: TableTally {
        var result = tally
        result.tenants = tenants.counts
        return result
    }
}

/// Streams one table's legacy columns, row by row, in constant memory: from PostgreSQL with
/// `COPY … TO STDOUT`, from SQLite by stepping a statement; into PostgreSQL with `COPY … FROM
/// STDIN`, into SQLite through one prepared INSERT. Every row read is counted, hashed and counted
/// per tenant on the way.
struct TableCopy {
    let plan: TablePlan
    /// Called now and then with the rows and bytes so far.
    let progress: (Int, Int) -> Void

    /// One row as read: its canonical COPY text, and as it came, where that is of use for writing.
    struct Row {
        /// The canonical COPY text line, without its newline.
        let line: UnsafeRawBufferPointer
        /// The binary COPY tuple, when read from PostgreSQL with `plan.binaryTransfer`.
        let tuple: UnsafeRawBufferPointer?
    }

    /// Every 1024 rows: honours a stop asked for (Ctrl-C), and reports progress at most every 200 ms.
    private struct Pacer {
        let name: String
        let progress: (Int, Int) -> Void
        let clock = ContinuousClock()
        var lastReport: ContinuousClock.Instant

        init(name: String, progress: @escaping (Int, Int) -> Void) {
            self.name = name
            self.progress = progress
            lastReport = clock.now
        }

        mutating func tick(rows: Int, bytes: @autoclosure () -> Int) throws {
            guard rows & 1023 == 0 else { return }
            try Interruption.check("stopped while reading \(name); nothing of that table was kept")
            if clock.now - lastReport > .milliseconds(200) {
                lastReport = clock.now
                progress(rows, bytes())
            }
        }
    }

    private func select(on dialect: any SQLDialect, asTarget: Bool) -> String {
        let columns =
            asTarget
            ? plan.columns.map { dialect.quote($0.name) } : plan.sourceColumns.map { dialect.quoteExactly($0) }
        let table = asTarget ? dialect.quote(plan.table.name) : dialect.quoteExactly(plan.sourceTable)
        return "SELECT \(columns.joined(separator: ", ")) FROM \(table)"
    }

    /// Reads the table from a source (or, with `asTarget`, the merged table from the target), handing
    /// each row to `body`.
    func read(
        from connection: any DatabaseConnection, asTarget: Bool = false, _ body: (Row) throws -> Void = { _ in }
    ) throws -> TableTally {
        let select = select(on: connection.dialect, asTarget: asTarget)
        var builder = TallyBuilder(tenantField: plan.tenantField)
        var pacer = Pacer(name: plan.name, progress: progress)
        func observe(_ line: UnsafeRawBufferPointer, _ tuple: UnsafeRawBufferPointer? = nil) throws {
            builder.add(line)
            try body(Row(line: line, tuple: tuple))
            try pacer.tick(rows: builder.tally.rows, bytes: builder.tally.bytes)
        }
        if let postgres = connection as? PostgresConnection, plan.binaryTransfer {
            var line: [UInt8] = []
            try postgres.copyOutBinary("COPY (\(select)) TO STDOUT (FORMAT binary)") { row in
                line.removeAll(keepingCapacity: true)
                CanonicalRow.append(binaryFields: row.fields, as: plan.kinds, to: &line)
                try line.withUnsafeBytes { try observe($0, row.tuple) }
            }
        } else if let postgres = connection as? PostgresConnection {
            try postgres.copyOut("COPY (\(select)) TO STDOUT") { chunk in
                // libpq hands over one whole row per chunk, newline included.
                try observe(UnsafeRawBufferPointer(rebasing: chunk[0..<(chunk.count - 1)]))
            }
        } else if let sqlite = connection as? SQLiteConnection {
            var line: [UInt8] = []
            try sqlite.forEachBorrowedRow(SQLStatement(select)) { row in
                line.removeAll(keepingCapacity: true)
                CanonicalRow.append(fields: row.count, as: plan.kinds, to: &line) { row[$0] }
                try line.withUnsafeBytes { try observe($0) }
            }
        } else {
            throw DatabaseError(.unsupportedObject, "merge-legacy has no way to stream rows with \(connection.dialect.engineName)")
        }
        let tally = builder.result
        progress(tally.rows, tally.bytes)
        return tally
    }

    /// Copies the table from a SQLite source into a SQLite target through `insert`, the rows read,
    /// tallied and packed on another thread (`SourceReader`) while this one writes them: the same
    /// tally `read` gives.
    private func pass(
        from source: SQLiteConnection, into insert: SQLitePrepared, appending backfills: () -> [SQLValue]
    ) throws -> TableTally {
        let reader = SourceReader(source, select: select(on: source.dialect, asTarget: false), plan: plan)
        defer { reader.stop() }
        var pacer = Pacer(name: plan.name, progress: progress)
        var count = 0
        while let rows = try reader.next() {
            try rows.forEachRow(columns: plan.kinds.count) { field in
                try insert.run(fields: plan.kinds.count, field, appending: backfills())
                count += 1
                try pacer.tick(rows: count, bytes: reader.bytesSoFar)
            }
            reader.recycle(rows)
        }
        let tally = try reader.finish()
        progress(tally.rows, tally.bytes)
        return tally
    }

    /// Copies the table from `source` into `target`, filling the backfilled columns, inside the
    /// target's open transaction.
    func copy(from source: any DatabaseConnection, to target: any DatabaseConnection) throws -> TableTally {
        let dialect = target.dialect
        var next = plan.backfills.map { backfill -> Int64 in
            guard case .sequence(_, let name) = backfill else { return 0 }
            return Int64((try? MergeMapping.targetSchema().sequence(named: name)?.start) ?? 1)
        }
        func backfillValues() -> [SQLValue] {
            plan.backfills.indices.map { position in
                switch plan.backfills[position] {
                case .uuid: return .text(UUID().uuidString.lowercased())
                case .sequence:
                    defer { next[position] += 1 }
                    return .integer(next[position])
                }
            }
        }
        let names = (plan.columns.map(\.name) + plan.backfills.map(\.column)).map(dialect.quote)
        let table = dialect.quote(plan.table.name)
        if let postgres = target as? PostgresConnection {
            // Binary rows pass through untouched: the plan allows it only without backfills.
            let binary = plan.binaryTransfer && source is PostgresConnection
            var tally = TableTally()
            try postgres.copyIn("COPY \(table) (\(names.joined(separator: ", "))) FROM STDIN" + (binary ? " (FORMAT binary)" : "")) { writer in
                if binary { try PostgresCopyWriter.binaryHeader.withUnsafeBytes { try writer.writeRaw($0) } }
                tally = try read(from: source) { row in
                    if binary, let tuple = row.tuple {
                        try writer.writeRaw(tuple)
                    } else {
                        try writer.writeLine(row.line, appending: backfillValues())
                    }
                }
                if binary { try PostgresCopyWriter.binaryTrailer.withUnsafeBytes { try writer.writeRaw($0) } }
            }
            return tally
        } else if let sqlite = target as? SQLiteConnection {
            let placeholders = names.indices.map { dialect.placeholder($0 + 1) }.joined(separator: ", ")
            return try sqlite.withPrepared("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(placeholders))") { insert in
                if let source = source as? SQLiteConnection {
                    return try pass(from: source, into: insert, appending: backfillValues)
                }
                return try read(from: source) { row in
                    try insert.run(CanonicalRow.decode(row.line, as: plan.kinds) + backfillValues())
                }
            }
        }
        throw DatabaseError(.unsupportedObject, "merge-legacy has no way to write rows with \(dialect.engineName)")
    }
}
