import CSQLite
import Foundation
import SQLDriver

/// The bulk side of the connection contract: rows stepped out with their values lent where SQLite
/// holds them, rows in through one prepared INSERT, and the file's identity.
extension SQLiteConnection {
    public func prepareSession(_ purpose: SessionPurpose) throws {
        switch purpose {
        case .read:
            break
        case .snapshot:
            try execute(dialect.snapshotTransactionSQL)
        case .bulkLoad:
            // The tables' pages go into the write-ahead log; folding them back into the file is
            // left to another thread, so that this connection's time goes to the copy. A commit
            // waits for no disk flush either: with the log, a commit lost in a crash of the
            // machine is lost whole, with its journal row, and the table is copied again. Every
            // checkpoint, and the last one when the connection closes, flushes the log.
            checkpointInBackground(pageSize: try useLargePagesIfEmpty())
            try execute("PRAGMA synchronous = NORMAL")
        }
    }

    /// The page size a database that a bulk load creates gets: 32 KiB, not SQLite's 4. The registry's
    /// contents (definitions of some KB, binaries of MB) then take an eighth of the pages, each written
    /// to the log, folded into the file and read back by the verification: a merge at scale 40 spent
    /// about 40% less time in the kernel. Not for every database: an empty WSO2_AM_DB would take 22 MB.
    static let bulkLoadPageSize = 32768

    /// Gives a database that holds nothing yet `bulkLoadPageSize`. SQLite sets a page size when the
    /// file is first written (opening it in WAL mode writes it) and changes it only by rewriting the
    /// file outside WAL mode, which for an empty one is immediate. Where that cannot be done now (another
    /// connection has the file open), the load goes on with the pages the file has.
    /// - Returns: the file's page size, as it is now.
    private func useLargePagesIfEmpty() throws -> Int {
        let size = try query("PRAGMA page_size").rows.first?.first?.integerValue.map(Int.init) ?? 4096
        guard url.database != ":memory:", size != Self.bulkLoadPageSize,
            try query("SELECT count(*) FROM sqlite_schema").rows.first?.first?.integerValue == 0
        else { return size }
        do {
            try execute("PRAGMA journal_mode = DELETE")
            try execute("PRAGMA page_size = \(Self.bulkLoadPageSize)")
            try execute("VACUUM")
        } catch let error as DatabaseError where error.resultCode.map({ $0 & 0xff == SQLITE_BUSY || $0 & 0xff == SQLITE_LOCKED }) == true {
            // Another connection holds the file: its pages stay as they are.
            try execute("PRAGMA journal_mode = WAL")
            return size
        }
        try execute("PRAGMA journal_mode = WAL")
        return Self.bulkLoadPageSize
    }

    /// None: rows are values, bound one by one.
    public var nativeBulkFormat: String? { nil }

    /// Text and bytes are lent where SQLite holds them.
    public var lendsValues: Bool { true }

    /// SQLite keeps what it is given: any text, any timestamp text, any length, and (with the
    /// affinities of the same declared types on both sides) a value of another type as it was.
    public var storedValueRules: StoredValueRules { .keepsEverything }

    /// Blobs of the table's `mayBeLarge` columns from `LargeValue.threshold` bytes are lent in pieces.
    @discardableResult
    public func readRows(_ read: BulkRead, _ body: (BulkRow) throws -> Void) throws -> Int {
        var line: [UInt8] = []
        let table = read.table.flatMap { $0.mayBeLarge.isEmpty ? nil : $0 }
        let select = table.map { Self.largeValueSelect($0, in: dialect) } ?? read.select
        let count = read.kinds.count
        return try forEachBorrowedRow(SQLStatement(select)) { row in
            let large = table.map { largeValues(of: row, $0) } ?? [:]
            guard read.spelled else { return try body(BulkRow(count: count, canonical: nil, lent: { row[$0] }, largeValues: large)) }
            line.removeAll(keepingCapacity: true)
            CanonicalRow.append(fields: count, as: read.kinds, to: &line) { row[$0] }
            try line.withUnsafeBytes { try body(BulkRow(count: count, canonical: $0, lent: { row[$0] }, largeValues: large)) }
        }
    }

    public func writeRows<R>(_ write: BulkWrite, _ body: (any BulkWriter) throws -> R) throws -> R {
        guard !write.native else { throw DatabaseError(.unsupportedObject, "SQLite has no native bulk format") }
        let names = write.columns.map(dialect.quote)
        let placeholders = names.indices.map { dialect.placeholder($0 + 1) }.joined(separator: ", ")
        return try withPrepared("INSERT INTO \(dialect.quote(write.table)) (\(names.joined(separator: ", "))) VALUES (\(placeholders))") { insert in
            try body(SQLiteBulkWriter(connection: self, insert: insert, write: write))
        }
    }
}

/// Rows into one prepared INSERT: lent values bound where they lie, canonical rows read back;
/// large binary values as zero-filled blobs, then written in pieces. Large text is gathered and
/// bound whole: SQLite writes a text value in one piece with its row (a zero-filled placeholder is
/// a blob, and would become text only by being rewritten whole), so a row holding one costs two
/// copies of it in memory, the gathered bytes and SQLite's record.
struct SQLiteBulkWriter: BulkWriter {
    let connection: SQLiteConnection
    let insert: SQLitePrepared
    let write: BulkWrite
    /// Canonical rows (from an engine that lends no values) bound from one buffer, reused.
    let decoder = CanonicalRowDecoder()

    /// Yes: `bind` binds a canonical row as `decoder` reads it.
    var writesCanonicalRowsAsDecoded: Bool { true }

    func write(_ row: BulkRow, appending extra: [SQLValue]) throws {
        // Most rows hold no large value: those are bound as they are, without the dictionaries
        // and the buffer below, which would be made anew for every row.
        if row.largeValues.isEmpty { return try bind(row, appending: extra) }
        let binary = row.largeValues.filter { !$0.value.isText }
        let text = row.largeValues.filter { $0.value.isText }
        var gathered: [UInt8] = []
        gathered.reserveCapacity(text.values.reduce(0) { $0 + $1.byteCount })
        var ranges: [Int: Range<Int>] = [:]
        for (position, value) in text {
            let start = gathered.count
            try value.forEachPiece { gathered.append(contentsOf: $0) }
            ranges[position] = start..<gathered.count
        }
        let zeroFilled = binary.mapValues(\.byteCount)
        try gathered.withUnsafeBytes { bytes in
            try bind(row, appending: extra, zeroFilled: zeroFilled, text: ranges.mapValues { UnsafeRawBufferPointer(rebasing: bytes[$0]) })
        }
        if !binary.isEmpty {
            try connection.writeLargeValues(binary, table: write.table, columns: write.columns)
        }
    }

    /// Runs the INSERT with the row's values: lent where they lie, or read back from its canonical form.
    private func bind(
        _ row: BulkRow, appending extra: [SQLValue], zeroFilled: [Int: Int] = [:], text: [Int: UnsafeRawBufferPointer] = [:]
    ) throws {
        if row.lendsValues {
            try insert.run(fields: row.count, { row.value(at: $0)! }, appending: extra, zeroFilled: zeroFilled, text: text)
        } else if let canonical = row.canonical {
            try decoder.withFields(of: canonical, as: write.kinds) { count, field in
                try insert.run(fields: count, field, appending: extra, zeroFilled: zeroFilled, text: text)
            }
        }
    }
}
