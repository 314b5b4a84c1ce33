import Foundation
import SQLDriver

/// Rows copied out of a bulk read into one buffer, to be written on another thread: as values
/// (those a connection that `lendsValues` lends, or those decoded from a canonical line), or as
/// the canonical line the read gave (what the writer would have been handed on the reading
/// thread, so that it writes the same either way). A row of values: per column, a tag byte, then
/// 8 bytes (an integer, a double's bits, or a length followed by as many bytes of text or blob).
/// A canonical row: the tag 6, its length, its bytes.
struct PackedRows: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var rows = 0
    private static let canonicalTag: UInt8 = 6

    /// Handed over at this size: big enough that the hand-overs cost nothing, small enough that
    /// a few of them in flight are no memory to speak of.
    var isFull: Bool { bytes.count >= 1 << 20 }

    /// Appends `row`: its lent values, or its canonical line.
    /// - Throws: for a row with neither, which no bulk read gives.
    mutating func append(_ row: BulkRow) throws {
        if row.lendsValues {
            append(fields: row.count) { row.value(at: $0)! }
        } else if let canonical = row.canonical {
            appendWord(Self.canonicalTag, UInt64(canonical.count))
            bytes.append(contentsOf: canonical)
            rows += 1
        } else {
            throw LegacyMerge.Failure.internalError("a bulk read gave no canonical row")
        }
    }

    /// Appends a row of `count` values.
    mutating func append(fields count: Int, _ field: (Int) -> BorrowedSQLValue) {
        for column in 0..<count {
            switch field(column) {
            case .null: bytes.append(0)
            case .integer(let number): appendWord(1, UInt64(bitPattern: number))
            case .double(let number): appendWord(2, number.bitPattern)
            case .boolean(let flag): appendWord(3, flag ? 1 : 0)
            case .text(let text):
                appendWord(4, UInt64(text.count))
                bytes.append(contentsOf: text)
            case .blob(let blob):
                appendWord(5, UInt64(blob.count))
                bytes.append(contentsOf: blob)
            }
        }
        rows += 1
    }

    private mutating func appendWord(_ tag: UInt8, _ word: UInt64) {
        bytes.append(tag)
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Empties the buffer, keeping its memory for the next rows.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        rows = 0
    }

    /// Lends each row, `columns` to a row, in order, as it was appended: with its values or its
    /// canonical line, valid only until `body` returns.
    func forEachRow(columns: Int, _ body: (BulkRow) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { raw in
            var values: [BorrowedSQLValue] = []
            values.reserveCapacity(columns)
            var offset = 0
            func word() -> UInt64 {
                defer { offset += 8 }
                return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            func content(_ count: UInt64) -> UnsafeRawBufferPointer {
                defer { offset += Int(count) }
                return UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + Int(count))])
            }
            for _ in 0..<rows {
                if raw[offset] == Self.canonicalTag {
                    offset += 1
                    try body(BulkRow(count: columns, canonical: content(word())))
                    continue
                }
                values.removeAll(keepingCapacity: true)
                for _ in 0..<columns {
                    let tag = raw[offset]
                    offset += 1
                    switch tag {
                    case 0: values.append(.null)
                    case 1: values.append(.integer(Int64(bitPattern: word())))
                    case 2: values.append(.double(Double(bitPattern: word())))
                    case 3: values.append(.boolean(word() != 0))
                    default:
                        let bytes = content(word())
                        values.append(tag == 4 ? .text(bytes) : .blob(bytes))
                    }
                }
                // The row does not outlive `body`, nor do the values it lends.
                try withoutActuallyEscaping({ values[$0] }) { field in
                    try body(BulkRow(count: columns, canonical: nil, lent: field))
                }
            }
        }
    }
}

/// Reads a table of a source on a thread of its own, tallying each row and packing it for the
/// caller, which writes the rows meanwhile: reading, spelling and hashing a row cost about as much
/// as writing it, and the two then overlap. A few megabytes at most wait to be written, so a
/// fast reader waits for the writer rather than filling memory.
///
/// The source connection is lent to the reader's thread until `finish` or `stop` returns; the
/// caller does not touch it meanwhile, so it is only ever used by one thread at a time.
final class SourceReader: @unchecked Sendable {
    // @unchecked: every stored property that changes is read and written under `condition`, and
    // the connection is used by the reader's thread alone until that thread has ended, except
    // while that thread waits for a large row it lent to be written (`LentRow`).
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var queuedBytes = 0
    /// Emptied buffers, handed back for reuse (fresh megabytes would be page faults each time);
    /// not those a huge row made huge.
    private var spare: [PackedRows] = []
    private var stopped = false
    private var result: Result<TableTally, any Error>?
    private var bytes = 0
    private static let queueLimit = 4 << 20

    /// The connection, lent across threads (see above).
    private struct Lent: @unchecked Sendable { let source: any DatabaseConnection }

    /// A row holding large values (`BulkRow.largeValues`), lent as it is to the writer's thread:
    /// its values are read in pieces from the source connection, on the writer's thread, while
    /// the reader's thread waits for `written` (so the connection is still used by one thread at a time).
    final class LentRow: @unchecked Sendable {
        let row: BulkRow
        fileprivate var done = false
        fileprivate init(_ row: BulkRow) { self.row = row }
    }

    /// What the writer gets next: packed rows, or one large row lent.
    enum Batch: Sendable {
        case rows(PackedRows)
        case large(LentRow)

        fileprivate var byteCount: Int {
            if case .rows(let rows) = self { rows.bytes.count } else { 0 }
        }
    }

    /// Starts reading `read` (the plan's legacy columns) from `source`; with `decoding`, canonical
    /// rows are packed as the values `CanonicalRowDecoder` reads from them (for a writer that
    /// `writesCanonicalRowsAsDecoded`), so that the decoding is done on the reader's thread too.
    init(_ source: any DatabaseConnection, read: BulkRead, plan: TablePlan, decoding: Bool) {
        let lent = Lent(source: source)
        Thread { [self] in work(lent.source, read, plan, decoding: decoding) }.start()
    }

    /// The next rows to write; `nil` when every row is read.
    /// - Throws: what stopped the reading.
    func next() throws -> Batch? {
        try condition.withLock {
            while queue.isEmpty && result == nil { condition.wait() }
            if !queue.isEmpty {
                queuedBytes -= queue[0].byteCount
                condition.broadcast()
                return queue.removeFirst()
            }
            if case .failure(let error) = result { throw error }
            return nil
        }
    }

    /// Gives a lent large row back to the reader's thread once it is written (or failed).
    func written(_ lent: LentRow) {
        condition.withLock {
            lent.done = true
            condition.broadcast()
        }
    }

    /// Gives written rows' buffer back for reuse.
    func recycle(_ rows: consuming PackedRows) {
        var rows = rows
        rows.removeAll()
        guard rows.bytes.capacity <= 2 << 20 else { return }
        condition.withLock { spare.append(rows) }
    }

    /// Canonical bytes tallied so far, for progress.
    var bytesSoFar: Int { condition.withLock { bytes } }

    /// The tally of every row read, once the reading ended.
    func finish() throws -> TableTally {
        try condition.withLock {
            while result == nil { condition.wait() }
            return try result!.get()
        }
    }

    /// Stops the reading if it still goes on, and waits for its thread to let go of the connection.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
            while result == nil { condition.wait() }
        }
    }

    private struct Stopped: Error {}

    private func work(_ source: any DatabaseConnection, _ read: BulkRead, _ plan: TablePlan, decoding: Bool) {
        var builder = TallyBuilder(tenantField: plan.tenantField)
        var rows = PackedRows()
        let decoder = CanonicalRowDecoder()
        let outcome = Result { () throws -> TableTally in
            try source.readRows(read) { row in
                try builder.add(row, as: plan.kinds)
                guard row.largeValues.isEmpty else {
                    // In the order read: what is packed goes first.
                    if rows.rows > 0 { try hand(&rows, bytes: builder.tally.bytes) }
                    return try lend(row)
                }
                if decoding, !row.lendsValues, let canonical = row.canonical {
                    // A line of another field count is handed over as it is: the writer says what is wrong with it.
                    let decoded = decoder.withFields(of: canonical, as: plan.kinds) { count, field in
                        guard count == plan.kinds.count else { return false }
                        rows.append(fields: count, field)
                        return true
                    }
                    if !decoded { try rows.append(row) }
                } else {
                    try rows.append(row)
                }
                if rows.isFull { try hand(&rows, bytes: builder.tally.bytes) }
            }
            if rows.rows > 0 { try hand(&rows, bytes: builder.tally.bytes) }
            return builder.result
        }
        condition.withLock {
            result = outcome
            condition.broadcast()
        }
    }

    /// Queues `rows` for the writer and gives back an empty buffer in its place.
    private func hand(_ rows: inout PackedRows, bytes tallied: Int) throws {
        try condition.withLock {
            while queuedBytes >= Self.queueLimit && !stopped { condition.wait() }
            if stopped { throw Stopped() }
            queue.append(.rows(rows))
            queuedBytes += rows.bytes.count
            bytes = tallied
            rows = spare.popLast() ?? PackedRows()
            condition.broadcast()
        }
    }

    /// Lends a large row to the writer's thread and waits until it is written.
    private func lend(_ row: BulkRow) throws {
        let lent = LentRow(row)
        try condition.withLock {
            queue.append(.large(lent))
            condition.broadcast()
            while !lent.done && !stopped { condition.wait() }
            if stopped { throw Stopped() }
        }
    }
}
