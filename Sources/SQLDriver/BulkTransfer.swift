import WSO2Schema
/// What a session is for, so that the driver sets it up for that: the engine's own settings (SQL
/// that belongs in the driver) and the timeouts a long run needs.
public enum SessionPurpose: Sendable, Hashable {
    /// Reading, and nothing else: the session refuses to write where the engine can say so.
    case read
    /// Reading a source for a whole run: `read`, then one read-only transaction that sees one
    /// snapshot of the whole database until it is rolled back.
    case snapshot
    /// Loading many rows: commits that wait for no disk flush where the engine allows it (a commit
    /// lost in a crash is lost whole), and work memory for building indexes.
    case bulkLoad
}

/// One row of a bulk read, lent to the caller's closure: valid only during that call.
public struct BulkRow {
    /// The number of fields.
    public let count: Int
    /// The row in canonical spelling (`CanonicalRow`), when the reader made it.
    public let canonical: UnsafeRawBufferPointer?
    /// The row in the engine's own bulk format (`DatabaseConnection.nativeBulkFormat`), when asked for.
    public let native: UnsafeRawBufferPointer?
    /// The values too large to hold whole, by position (`LargeValue`); empty for most rows. Where
    /// one is, `canonical` and the lent values hold NULL (`\N`) in its place, and `native` is `nil`.
    public let largeValues: [Int: LargeValue]
    private let lent: ((Int) -> BorrowedSQLValue)?

    /// A row with what the reader has of it; at least one of `canonical` and `lent` is given.
    public init(
        count: Int, canonical: UnsafeRawBufferPointer?, native: UnsafeRawBufferPointer? = nil, lent: ((Int) -> BorrowedSQLValue)? = nil,
        largeValues: [Int: LargeValue] = [:]
    ) {
        self.count = count
        self.canonical = canonical
        self.native = native
        self.lent = lent
        self.largeValues = largeValues
    }

    /// Whether the values are lent as the engine holds them (`value(at:)` needs no decoding).
    public var lendsValues: Bool { lent != nil }

    /// The value of a field as the engine holds it, when the reader lends values; `nil` otherwise.
    public func value(at field: Int) -> BorrowedSQLValue? { lent?(field) }

    /// Appends the canonical row to `buffer`: the reader's, or spelled from the lent values.
    public func appendCanonical(as kinds: [ValueKind], to buffer: inout [UInt8]) {
        if let canonical {
            buffer.append(contentsOf: canonical)
        } else if let lent {
            CanonicalRow.append(fields: count, as: kinds, to: &buffer, lent)
        }
    }
}

/// What to read in bulk.
public struct BulkRead: Sendable {
    /// A `SELECT` of the columns, in order, from one table, in the connection's dialect.
    public var select: String
    /// How each column is spelled canonically.
    public var kinds: [ValueKind]
    /// Whether each row is wanted in the engine's own bulk format as well (`BulkRow.native`).
    public var native: Bool
    /// The table and columns `select` reads, when it reads columns of one table: a driver that can
    /// reads the values of its `mayBeLarge` columns in pieces then (`BulkRow.largeValues`).
    public var table: BulkTable?
    /// Whether each row is wanted in canonical spelling (`BulkRow.canonical`). A reader that lends
    /// values may leave it out when not: a check that only looks at the values would pay for
    /// spelling every row of every table.
    public var spelled: Bool

    /// Describes a bulk read.
    public init(select: String, kinds: [ValueKind], native: Bool = false, table: BulkTable? = nil, spelled: Bool = true) {
        self.select = select
        self.kinds = kinds
        self.native = native
        self.table = table
        self.spelled = spelled
    }
}

/// What to write in bulk: a table's columns, filled row by row.
public struct BulkWrite: Sendable {
    /// The table, as the catalog names it (the dialect quotes it).
    public var table: String
    /// The columns every row gives values for, in order.
    public var columns: [String]
    /// The kinds of the first columns, those a row read in bulk gives; further columns take values.
    public var kinds: [ValueKind]
    /// Whether rows arrive in the engine's own bulk format (`BulkRow.native`), read from a
    /// connection of the same `nativeBulkFormat` whose columns have the same types.
    public var native: Bool
    /// Whether rows arrive with their values lent (`BulkRow.value(at:)`, from a connection that
    /// `lendsValues`): a writer that chooses its format before the first row may then take the
    /// values as they are rather than their canonical spelling.
    public var lent: Bool

    /// Describes a bulk write.
    public init(table: String, columns: [String], kinds: [ValueKind], native: Bool = false, lent: Bool = false) {
        self.table = table
        self.columns = columns
        self.kinds = kinds
        self.native = native
        self.lent = lent
    }
}

/// Writes rows into one table (COPY on PostgreSQL, one prepared INSERT on SQLite); only valid
/// inside `DatabaseConnection.writeRows`.
public protocol BulkWriter {
    /// Writes one row: the fields of `row` for the first columns, then `extra` for the rest.
    func write(_ row: BulkRow, appending extra: [SQLValue]) throws

    /// Whether a row given as its canonical line is written as the values `CanonicalRowDecoder`
    /// lends for it (with the write's kinds) would be: then the decoding may be done elsewhere, on
    /// another thread, and the values handed over instead. By default no.
    var writesCanonicalRowsAsDecoded: Bool { get }
}

extension BulkWriter {
    public var writesCanonicalRowsAsDecoded: Bool { false }
}

/// How faithfully an engine keeps a value it is given, so that a value it would change is found
/// before it is written, not hidden by the copy.
public struct StoredValueRules: Sendable, Hashable {
    /// Text must be valid UTF-8 (else it is refused or repaired).
    public var textMustBeValidUTF8: Bool
    /// Text may hold NUL characters.
    public var textMayHoldNUL: Bool
    /// Fraction digits a timestamp keeps; `nil` when a timestamp is kept as written.
    public var timestampFractionDigits: Int?
    /// Whether a timestamp keeps an offset written with it.
    public var timestampKeepsOffset: Bool
    /// Whether the declared length of a character column is enforced.
    public var enforcesLength: Bool
    /// Whether a column holds only values of its type (an integer column integers in its range,
    /// a boolean column booleans, a timestamp column timestamps); else any value is kept as given.
    public var enforcesTypes: Bool
    /// Whether a timestamp may be MySQL's zero date (`0000-00-00 00:00:00`) or have a zero month or
    /// day: kept by the engine, and so possibly held by a source of it.
    public var keepsZeroDates: Bool
    /// The earliest and the latest value a `TIMESTAMP` column (the catalog's `.timestamp`) holds, in
    /// canonical spelling, where the engine limits it (MySQL, in its session's UTC: 1970 to 2038); a
    /// zero date, where kept, lies outside it.
    public var timestampRange: ClosedRange<String>?
    /// What a `CHAR(n)` column does to text shorter than `n` or ending in spaces.
    public var fixedWidthText: FixedWidthText

    /// What an engine's `CHAR(n)` does to the text it is given.
    public enum FixedWidthText: Sendable, Hashable {
        /// Kept as given (SQLite).
        case asGiven
        /// Padded with spaces to `n` characters, and read back so (PostgreSQL).
        case padded
        /// Read back without its trailing spaces (MySQL, unless `PAD_CHAR_TO_FULL_LENGTH`).
        case trimmed
    }

    /// Rules as given.
    public init(
        textMustBeValidUTF8: Bool, textMayHoldNUL: Bool, timestampFractionDigits: Int?, timestampKeepsOffset: Bool,
        enforcesLength: Bool, enforcesTypes: Bool, keepsZeroDates: Bool = false, timestampRange: ClosedRange<String>? = nil,
        fixedWidthText: FixedWidthText = .asGiven
    ) {
        self.keepsZeroDates = keepsZeroDates
        self.timestampRange = timestampRange
        self.fixedWidthText = fixedWidthText
        self.textMustBeValidUTF8 = textMustBeValidUTF8
        self.textMayHoldNUL = textMayHoldNUL
        self.timestampFractionDigits = timestampFractionDigits
        self.timestampKeepsOffset = timestampKeepsOffset
        self.enforcesLength = enforcesLength
        self.enforcesTypes = enforcesTypes
    }

    /// An engine that keeps every value exactly as given.
    public static let keepsEverything = StoredValueRules(
        textMustBeValidUTF8: false, textMayHoldNUL: true, timestampFractionDigits: nil, timestampKeepsOffset: true, enforcesLength: false,
        enforcesTypes: false, keepsZeroDates: true)
}

/// The most bytes one value of a column can take when written (`DatabaseConnection.largestValue(in:)`),
/// and what sets that limit, so that a longer value is refused before the first write.
public struct ValueSizeLimit: Sendable, Hashable {
    /// Bytes one value may take at most.
    public var bytes: Int
    /// What sets the limit, to follow "longer than": `the 65535 bytes a BLOB column holds`.
    public var reason: String
    /// What to change so that such a value fits, when a setting can (not the column type: that is
    /// WSO2's schema).
    public var hint: String?

    /// A limit as given.
    public init(bytes: Int, reason: String, hint: String? = nil) {
        self.bytes = bytes
        self.reason = reason
        self.hint = hint
    }

    /// A byte count for a message: `16 MB (16777216 bytes)`.
    public static func spelled(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB (\(bytes) bytes)" : "\(bytes) bytes"
    }
}

extension StoredValueRules {
    /// An engine that keeps a value only if it is valid for its column's type, in its length, as
    /// UTF-8 text without NUL, with timestamps to the microsecond and no offset: what to assume of an
    /// engine that says nothing.
    public static let strict = StoredValueRules(
        textMustBeValidUTF8: true, textMayHoldNUL: false, timestampFractionDigits: 6, timestampKeepsOffset: false, enforcesLength: true,
        enforcesTypes: true)
}

/// Defaults for a driver that has no bulk path of its own yet: correct, but not fast, and a bulk
/// read holds the whole result in memory. A driver overrides them (they are protocol requirements):
/// a driver that reads large values in pieces (`BulkRead.table`, `BulkRow.largeValues`) and writes
/// them in pieces keeps a merge of any value size within bounded memory.
extension DatabaseConnection {
    /// Nothing to set up.
    public func prepareSession(_ purpose: SessionPurpose) throws {
        if purpose == .snapshot { try execute(dialect.snapshotTransactionSQL) }
    }

    /// No native format.
    public var nativeBulkFormat: String? { nil }

    /// No values lent.
    public var lendsValues: Bool { false }

    /// Assumed strict (`StoredValueRules.strict`).
    public var storedValueRules: StoredValueRules { .strict }

    /// No limit short of the engine's own.
    public func largestValue(in column: Column) throws -> ValueSizeLimit? { nil }

    /// Every character: text is Unicode.
    public func textRepertoire(declared characterSet: String?) throws -> TextRepertoire { .unicode }

    /// Byte for byte.
    public func keyComparison(declared collation: Collation?) throws -> KeyComparison { .bytes }

    /// Runs the query and spells each row canonically from the values copied out.
    @discardableResult
    public func readRows(_ read: BulkRead, _ body: (BulkRow) throws -> Void) throws -> Int {
        let result = try query(SQLStatement(read.select))
        var line: [UInt8] = []
        for row in result.rows {
            line.removeAll(keepingCapacity: true)
            CanonicalRow.append(row, as: read.kinds, to: &line)
            try line.withUnsafeBytes { try body(BulkRow(count: row.count, canonical: $0)) }
        }
        return result.rows.count
    }

    /// One INSERT per row, its values read back from the canonical row.
    public func writeRows<R>(_ write: BulkWrite, _ body: (any BulkWriter) throws -> R) throws -> R {
        guard !write.native else { throw DatabaseError(.unsupportedObject, "\(dialect.engineName) has no native bulk format") }
        return try body(InsertingBulkWriter(connection: self, write: write))
    }
}

/// The default bulk writer: one INSERT per row, with its values as parameters.
private struct InsertingBulkWriter: BulkWriter {
    let connection: any DatabaseConnection
    let write: BulkWrite

    func write(_ row: BulkRow, appending extra: [SQLValue]) throws {
        let dialect = connection.dialect
        var values: [SQLValue] = []
        if let canonical = row.canonical {
            values = CanonicalRow.decode(canonical, as: write.kinds)
        } else {
            values = (0..<row.count).map { (row.value(at: $0) ?? .null).owned }
        }
        // Without a way to store a value in pieces, it is stored whole.
        for (position, large) in row.largeValues { values[position] = try large.whole() }
        values += extra
        let names = write.columns.map(dialect.quote).joined(separator: ", ")
        let placeholders = values.indices.map { dialect.placeholder($0 + 1) }.joined(separator: ", ")
        try connection.run(SQLStatement("INSERT INTO \(dialect.quote(write.table)) (\(names)) VALUES (\(placeholders))", values))
    }
}
