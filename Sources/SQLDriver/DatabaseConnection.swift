import WSO2Schema

/// A live connection to one database. Each driver provides one `final class` conforming to this.
///
/// A connection wraps a C handle that is not thread-safe, so conforming types are not `Sendable`:
/// keep a connection on the task that opened it.
public protocol DatabaseConnection: AnyObject {
    /// How this engine spells SQL.
    var dialect: any SQLDialect { get }
    /// Where the connection goes, for messages (password masked).
    var url: DatabaseURL { get }

    /// What the database is, whatever URL reached it (see `DatabaseIdentity`).
    func identity() throws -> DatabaseIdentity

    /// Runs one or more statements that take no parameters (a DDL script, `BEGIN`, …).
    func execute(_ sql: String) throws
    /// Runs one statement with parameters and returns the number of rows it changed.
    @discardableResult func run(_ statement: SQLStatement) throws -> Int
    /// Runs a query with parameters and returns its rows.
    func query(_ statement: SQLStatement) throws -> QueryResult

    /// Starts a transaction that holds the engine's strongest lock against a second wso2db run on
    /// the same database: a transaction-scoped advisory lock on PostgreSQL, a write lock
    /// (`BEGIN IMMEDIATE`) on SQLite. Fails with `.locked`, naming the holder where the engine can,
    /// instead of waiting forever.
    func beginExclusiveTransaction() throws
    /// Takes a lock held for a whole multi-transaction run (a migration), against a second wso2db
    /// run on the same database, waiting at most `timeout`; fails with `.locked`, naming the holder.
    /// Taken again by the connection that holds it, it is granted at once and held until released
    /// as many times (a run that spans others, `upgrade`, keeps its hold through theirs).
    func acquireRunLock(timeout: Duration) throws
    /// Releases the run lock; never throws.
    func releaseRunLock()

    /// Commits the open transaction.
    func commit() throws
    /// Rolls the open transaction back; never throws, since it is called while handling an error.
    func rollback()

    /// Names and kinds of the objects in the namespace WSO2's tables live in (`public` on
    /// PostgreSQL, the main database on SQLite), bookkeeping excluded.
    func existingObjects() throws -> [ExistingObject]

    /// Everything in that namespace as model values, read from the engine's own catalog, so that
    /// the differ can hold it against an expected schema. wso2db's bookkeeping is never part of it.
    func inspectSchema() throws -> Schema

    /// The same, of the named tables only (names compared without regard to case): their columns, keys,
    /// indexes and triggers, with every sequence and function of the namespace. For checking the tables a
    /// change touched without reading the whole schema back. By default the whole schema, filtered.
    func inspectSchema(tables: Set<String>) throws -> Schema

    /// The schema a DDL script creates, read back by the same inspector: the script runs somewhere
    /// that is thrown away afterwards (a scratch schema in a transaction that is rolled back on
    /// PostgreSQL, an in-memory database on SQLite), so nothing of it is left in this database.
    func inspectScript(_ sql: String) throws -> Schema

    /// Why `schema` cannot be created in this database as it is set up (MySQL: a key longer than
    /// InnoDB allows in the database's character set), as an error that says what to change;
    /// checked before the first statement. By default nothing stands in the way.
    func checkCanCreate(_ schema: Schema) throws

    // MARK: Bulk transfer (see BulkTransfer.swift)

    /// Sets the session up for `purpose`: the engine's settings that make bulk reads give canonical
    /// rows, the timeouts a long run needs (so that no server or role default ends it half-way), and
    /// for `snapshot` the read-only snapshot transaction, for `bulkLoad` the loading settings.
    func prepareSession(_ purpose: SessionPurpose) throws

    /// The name of the engine's own bulk row format, when rows read in it can be written as they
    /// are into another connection with the same format (PostgreSQL's binary COPY); `nil` if none.
    var nativeBulkFormat: String? { get }

    /// Whether bulk reads lend values where the engine holds them (`BulkRow.value(at:)`), so that a
    /// writer that binds values takes them without decoding or copying.
    var lendsValues: Bool { get }

    /// How faithfully the engine keeps values it is given; also, with `enforcesTypes`, whether every
    /// value read is of its column's declared type.
    var storedValueRules: StoredValueRules { get }

    /// The most bytes one value of `column` (as this engine's catalog defines it) can take when
    /// written into this database, where a column type or a server setting limits it below what a
    /// source may hold (MySQL: BLOB's 64 KB, `max_allowed_packet`); `nil` where nothing does.
    func largestValue(in column: Column) throws -> ValueSizeLimit?

    /// The characters a text column holds whose definition declares `characterSet` (MySQL's
    /// `CHARACTER SET` of a column or table), or, when `nil`, the database's default; every
    /// character on an engine whose text is Unicode.
    func textRepertoire(declared characterSet: String?) throws -> TextRepertoire

    /// How a key over a text column of this database compares values, whose definition declares
    /// `collation` (MySQL's, of a column or table), or, when `nil`, by the database's default.
    func keyComparison(declared collation: Collation?) throws -> KeyComparison

    /// Runs `read` and lends each row to `body`, in a table of any size in constant memory.
    /// - Returns: the number of rows.
    @discardableResult func readRows(_ read: BulkRead, _ body: (BulkRow) throws -> Void) throws -> Int

    /// Opens a bulk writer into `write.table` for `body`, inside the open transaction; what was
    /// written is complete when `body` returns, and abandoned if it throws.
    func writeRows<R>(_ write: BulkWrite, _ body: (any BulkWriter) throws -> R) throws -> R

    /// Whether `other` reaches the same database as this connection, however its URL is spelled
    /// (the same file; the same server and database, seen from the server itself).
    func isSameDatabase(as other: any DatabaseConnection) throws -> Bool
}

/// An object found in a live database.
public struct ExistingObject: Sendable, Hashable {
    /// What kind of object it is.
    public enum Kind: String, Sendable, Hashable {
        case table, index, sequence, view, trigger, function, other
    }

    /// The object's kind.
    public var kind: Kind
    /// Its name as the engine stores it.
    public var name: String

    /// Creates a description of a live object.
    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }
}

extension DatabaseConnection {
    public func checkCanCreate(_ schema: Schema) throws {}

    public func inspectSchema(tables: Set<String>) throws -> Schema {
        try inspectSchema().restricted(to: tables)
    }

    /// Whether `other` reaches the same database as this connection, however its URL is spelled:
    /// the same engine and the same `identity()`.
    public func isSameDatabase(as other: any DatabaseConnection) throws -> Bool {
        guard url.driver == other.url.driver else { return false }
        return try identity() == other.identity()
    }

    /// Runs `body` inside an exclusive transaction: committed if it returns, rolled back if it throws.
    public func exclusiveTransaction<T>(_ body: () throws -> T) throws -> T {
        try beginExclusiveTransaction()
        return try committing(body)
    }

    /// Runs `body` in a transaction begun with the dialect's `beginTransactionSQL` and no run lock: for a
    /// connection that works beside the one holding the run's lock, which would refuse it an exclusive
    /// transaction. Commits what `body` did, or rolls it back and rethrows.
    public func transactionBeside<T>(_ body: () throws -> T) throws -> T {
        try execute(dialect.beginTransactionSQL)
        return try committing(body)
    }

    /// Runs `body` in the transaction just begun: commits, or rolls back and rethrows.
    private func committing<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// Runs a query without parameters.
    public func query(_ sql: String, _ parameters: SQLValue...) throws -> QueryResult {
        try query(SQLStatement(sql, parameters))
    }

    /// The foreign keys of `schema`'s tables that some row breaks, with their tables, found in one
    /// query (`SQLDialect.orphanedRowsQuery`).
    public func brokenForeignKeys(of schema: Schema) throws -> [(table: String, key: ForeignKey)] {
        let keys = schema.tables.flatMap { table in table.foreignKeys.map { (table: table.name, key: $0) } }
        guard let sql = dialect.orphanedRowsQuery(for: keys) else { return [] }
        return try query(sql).rows.compactMap { row in row[0].integerValue.map { keys[Int($0)] } }
    }
}
