import Foundation
import SQLDriver

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

/// Streams one table's legacy columns, row by row, in constant memory, through the connections'
/// bulk reads and writers (`DatabaseConnection.readRows`, `writeRows`). Every row read is counted, hashed and counted per tenant on the way.
struct TableCopy {
    let plan: TablePlan
    /// Called now and then with the rows and bytes so far.
    let progress: (Int, Int) -> Void

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
    /// each row to `body`. Where the plan allows it, rows travel in the engine's own bulk format
    /// (bytes as they are, not as hex text), and come with it.
    func read(from connection: any DatabaseConnection, asTarget: Bool = false, _ body: (BulkRow) throws -> Void = { _ in }) throws -> TableTally {
        let native = plan.binaryTransfer && connection.nativeBulkFormat != nil
        let select = select(on: connection.dialect, asTarget: asTarget)
        var builder = TallyBuilder(tenantField: plan.tenantField)
        var pacer = Pacer(name: plan.name, progress: progress)
        try connection.readRows(BulkRead(select: select, kinds: plan.kinds, native: native)) { row in
            guard let canonical = row.canonical else { throw LegacyMerge.Failure.internalError("a bulk read gave no canonical row") }
            builder.add(canonical)
            try body(row)
            try pacer.tick(rows: builder.tally.rows, bytes: builder.tally.bytes)
        }
        let tally = builder.result
        progress(tally.rows, tally.bytes)
        return tally
    }

    /// Copies the table through `writer` with the rows read, tallied and packed on another thread
    /// (`SourceReader`) while this one writes them: the same tally `read` gives. For a source that
    /// lends its values into a writer that binds them, where reading, spelling and hashing a row
    /// cost about as much as writing it.
    private func pass(
        from source: any DatabaseConnection, into writer: any BulkWriter, appending backfills: () -> [SQLValue]
    ) throws -> TableTally {
        let reader = SourceReader(source, select: select(on: source.dialect, asTarget: false), plan: plan)
        defer { reader.stop() }
        var pacer = Pacer(name: plan.name, progress: progress)
        var count = 0
        let columns = plan.kinds.count
        while let rows = try reader.next() {
            try rows.forEachRow(columns: columns) { field in
                try withoutActuallyEscaping(field) { field in
                    try writer.write(BulkRow(count: columns, canonical: nil, lent: field), appending: backfills())
                }
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
        // Rows in the engine's own format pass through untouched: the plan allows it only without
        // backfills, between columns of the same types.
        let native = plan.binaryTransfer && source.nativeBulkFormat != nil && source.nativeBulkFormat == target.nativeBulkFormat
        let write = BulkWrite(
            table: plan.table.name, columns: plan.columns.map(\.name) + plan.backfills.map(\.column), kinds: plan.kinds, native: native)
        return try target.writeRows(write) { writer in
            if source.lendsValues && target.lendsValues && !native {
                return try pass(from: source, into: writer, appending: backfillValues)
            }
            return try read(from: source) { row in try writer.write(row, appending: backfillValues()) }
        }
    }
}
