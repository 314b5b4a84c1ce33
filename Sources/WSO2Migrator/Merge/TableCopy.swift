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

    /// Adds a row as a bulk read lends it: its canonical line, or, for a row holding large values,
    /// the canonical line hashed piece by piece (the tenant field is never one of them).
    mutating func add(_ row: BulkRow, as kinds: [ValueKind]) throws {
        guard !row.largeValues.isEmpty else {
            guard let canonical = row.canonical else { throw LegacyMerge.Failure.internalError("a bulk read gave no canonical row") }
            return add(canonical)
        }
        let count = try row.canonicalCount(as: kinds)
        var hasher = ContentDigest.Hasher(count: count)
        try row.forEachCanonicalPiece(as: kinds) { hasher.add($0) }
        guard let hash = hasher.result() else { throw LegacyMerge.Failure.internalError("a large value changed while it was read") }
        tally.digest.add(hash: hash)
        var line: [UInt8] = []
        row.appendCanonical(as: kinds, to: &line)
        line.withUnsafeBytes { tenants.add($0) }
        tally.bytes += count + 1
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
        table(asTarget: asTarget).select(in: dialect)
    }

    /// The table `select` reads, with the plan's columns that may hold large values (`TablePlan.mayBeLarge`).
    func table(asTarget: Bool) -> BulkTable {
        BulkTable(
            name: asTarget ? plan.table.name : plan.sourceTable, columns: asTarget ? plan.columns.map(\.name) : plan.sourceColumns,
            quotedExactly: !asTarget, mayBeLarge: plan.mayBeLarge)
    }

    /// Reads the table from a source (or, with `asTarget`, the merged table from the target), handing
    /// each row to `body`.
    func read(from connection: any DatabaseConnection, asTarget: Bool = false, _ body: (BulkRow) throws -> Void = { _ in }) throws -> TableTally {
        var builder = TallyBuilder(tenantField: plan.tenantField)
        var pacer = Pacer(name: plan.name, progress: progress)
        try connection.readRows(bulkRead(from: connection, asTarget: asTarget)) { row in
            try builder.add(row, as: plan.kinds)
            try body(row)
            try pacer.tick(rows: builder.tally.rows, bytes: builder.tally.bytes)
        }
        let tally = builder.result
        progress(tally.rows, tally.bytes)
        return tally
    }

    /// What `read` reads. Where the plan allows it, rows travel in the engine's own bulk format
    /// (bytes as they are, not as hex text), and come with it.
    private func bulkRead(from connection: any DatabaseConnection, asTarget: Bool) -> BulkRead {
        let native = plan.binaryTransfer && connection.nativeBulkFormat != nil
        return BulkRead(
            select: select(on: connection.dialect, asTarget: asTarget), kinds: plan.kinds, native: native, table: table(asTarget: asTarget))
    }

    /// Copies the table through `writer` with the rows read, tallied and packed on another thread
    /// (`SourceReader`) while this one writes them: the same tally `read` gives, the same rows
    /// written. For a writer that binds values, where reading, spelling and hashing a row cost
    /// about as much as writing it.
    private func pass(
        from source: any DatabaseConnection, into writer: any BulkWriter, appending backfills: () -> [SQLValue]
    ) throws -> TableTally {
        let reader = SourceReader(source, read: bulkRead(from: source, asTarget: false), plan: plan, decoding: writer.writesCanonicalRowsAsDecoded)
        defer { reader.stop() }
        var pacer = Pacer(name: plan.name, progress: progress)
        var count = 0
        while let batch = try reader.next() {
            switch batch {
            case .rows(let rows):
                try rows.forEachRow(columns: plan.kinds.count) { row in
                    try writer.write(row, appending: backfills())
                    count += 1
                    try pacer.tick(rows: count, bytes: reader.bytesSoFar)
                }
                reader.recycle(rows)
            case .large(let lent):
                defer { reader.written(lent) }
                try writer.write(lent.row, appending: backfills())
                count += 1
                try pacer.tick(rows: count, bytes: reader.bytesSoFar)
            }
        }
        let tally = try reader.finish()
        progress(tally.rows, tally.bytes)
        return tally
    }

    /// A random (version 4) UUID in lower case, as `UUID()` makes one, but drawn from the system's
    /// generator: Foundation's `UUID()` opens and reads /dev/urandom for each one on Linux, a cost
    /// the copy of a table of users pays per row.
    static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            bytes[6] = bytes[6] & 0x0f | 0x40
            bytes[8] = bytes[8] & 0x3f | 0x80
        }
        return UUID(uuid: uuid).uuidString.lowercased()
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
                case .uuid: return .text(Self.randomUUID())
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
            table: plan.table.name, columns: plan.columns.map(\.name) + plan.backfills.map(\.column), kinds: plan.kinds, native: native,
            lent: source.lendsValues)
        return try target.writeRows(write) { writer in
            // A source that lends no values (PostgreSQL's COPY) gives canonical rows: the reader
            // decodes them where the writer would decode them alike, else hands them over as they
            // are; either way the reading overlaps the writing.
            if target.lendsValues && !native {
                return try pass(from: source, into: writer, appending: backfillValues)
            }
            return try read(from: source) { row in try writer.write(row, appending: backfillValues()) }
        }
    }
}
