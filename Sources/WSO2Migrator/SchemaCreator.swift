import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Creates a WSO2 database from its catalog schema: every object in one transaction under the run
/// lock, after checking that none of them exists yet, then verified and stamped in the history.
public struct SchemaCreator {
    /// What `create` did.
    public struct Report: Sendable {
        /// The database created.
        public var database: WSO2Database
        /// The API-M version whose schema was created.
        public var version: String
        /// Tables created.
        public var tables: Int
        /// Sequences created.
        public var sequences: Int
        /// Secondary indexes created.
        public var indexes: Int
        /// Foreign keys created.
        public var foreignKeys: Int
        /// Seed rows inserted.
        public var seedRows: Int
        /// Wall time of the whole transaction.
        public var milliseconds: Int
    }

    /// Why `create` refused or failed.
    public enum Failure: Error, CustomStringConvertible, Sendable, ListingError {
        /// The database already holds objects the schema would create; nothing was changed.
        case objectsExist(database: String, tables: [String], others: [String])
        /// After creating, the database does not hold what the schema says. In one transaction it was
        /// rolled back; where DDL commits by itself (`committed`) what was created stays, journalled.
        case verificationFailed(missing: [String], committed: Bool = false)
        /// The database holds another WSO2 database (`found`, of the other family); nothing was changed.
        case otherDatabase(found: DatabaseContents.Fit, creating: String, url: String)

        public var description: String {
            switch self {
            case .objectsExist(let database, let tables, let others):
                var text = "the database already holds objects that creating \(database) would create; nothing was changed"
                if !tables.isEmpty { text += "\n  tables (\(tables.count)): \(NameList(tables))" }
                if !others.isEmpty { text += "\n  other objects (\(others.count)): \(NameList(others))" }
                text += "\n  hint: create into an empty database, or compare the existing one with `wso2db drift`"
                return text
            case .verificationFailed(let missing, false):
                return "after creating, these were not found, so the transaction was rolled back: \(NameList(missing))"
            case .verificationFailed(let missing, true):
                // MySQL commits each CREATE by itself: nothing was rolled back, and saying so would mislead.
                return "after creating, these were not found: \(NameList(missing)); this engine commits each statement of `create` "
                    + "by itself, so nothing was rolled back: the objects created are kept, each statement journalled in wso2db's "
                    + "ddl_journal, and no history row was written"
                    + "\n  hint: a rerun does not repeat journalled statements; put the missing objects back (`wso2db drift … --fix-sql` "
                    + "prints the statements), then run the same `wso2db create` again to verify and record it; "
                    + "or drop the database, create it empty and run `wso2db create` again"
            case .otherDatabase(let found, let creating, let url):
                return "\(url) holds \(found.name) (\(found.tablesFound) of its \(found.tables) tables); creating \(creating) "
                    + "there would mix two WSO2 databases in one; nothing was changed"
                    + "\n  hint: create \(creating) in a database of its own; to check the one that is there: "
                    + "wso2db drift \(found.database.rawValue) --version \(found.version) --url …"
            }
        }

        public var listings: [(label: String, names: NameList)] {
            switch self {
            case .objectsExist(_, let tables, let others):
                [("tables", NameList(tables)), ("other objects", NameList(others))].filter { !$0.1.names.isEmpty }
            case .verificationFailed(let missing, _):
                [("not found", NameList(missing))]
            case .otherDatabase:
                []
            }
        }
    }

    /// The database to create.
    public let database: WSO2Database
    /// Its schema at the chosen version.
    public let schema: Schema
    /// How long to wait for another run, where `create` cannot be one transaction and takes the run lock.
    public var lockTimeout: Duration = .seconds(30)

    /// A creator for `schema`, which is `database`'s schema at some version.
    public init(database: WSO2Database, schema: Schema) {
        self.database = database
        self.schema = schema
    }

    /// Everything `create` runs with `dialect`, as a printable script: WSO2's objects, then
    /// wso2db's bookkeeping, in one transaction (where DDL commits by itself, as the journalled
    /// statements they are).
    public func script(for dialect: any SQLDialect) -> String {
        let statements = dialect.createStatements(for: schema)
        let bookkeeping = SchemaHistory.setup(dialect) + [SchemaHistory.insert(entry(statements, milliseconds: 0), dialect).script]
        let body = dialect.script(of: statements) + "-- wso2db bookkeeping\n" + bookkeeping.map { $0 + ";\n" }.joined()
        guard dialect.supportsTransactionalDDL else {
            return "-- \(dialect.engineName) commits DDL by itself: each statement is journalled, a rerun goes on after the last\n" + body
        }
        return "BEGIN;\n" + body + "COMMIT;\n"
    }

    /// Why `create` would be refused on this database, or `nil` when it may go ahead: the database
    /// holds another WSO2 database (say, WSO2_AM_DB when creating WSO2UM_DB), or objects the schema
    /// would create.
    public func conflicts(on connection: any DatabaseConnection) throws -> Failure? {
        let existing = try connection.existingObjects()
        let contents = DatabaseContents(tables: existing.filter { $0.kind == .table }.map(\.name))
        if let other = contents.otherDatabase(than: database) {
            return .otherDatabase(found: other, creating: "\(schema.name) \(schema.version)", url: connection.url.description)
        }
        let taken = objects(among: existing, connection.dialect).filter(\.isPresent)
        guard !taken.isEmpty else { return nil }
        return .objectsExist(
            database: "\(schema.name) \(schema.version)", tables: taken.filter { $0.kind == "table" }.map(\.name),
            others: taken.filter { $0.kind != "table" }.map(\.label))
    }

    /// One table, sequence or index of the schema, and whether the database holds an object of that name.
    struct ObjectPresence {
        let kind: String
        let name: String
        let isPresent: Bool
        var label: String { "\(kind) \(name)" }
    }

    /// The schema's tables, then sequences, then indexes, each looked up among `existing`.
    func objects(among existing: [ExistingObject], _ dialect: any SQLDialect) -> [ObjectPresence] {
        let names = Set(existing.map { $0.name.uppercased() })
        let named = schema.tables.map { ("table", $0.name) } + schema.sequences.map { ("sequence", $0.name) }
            + schema.indexes.map { ("index", $0.name) }
        return named.map { kind, name in
            ObjectPresence(kind: kind, name: name, isPresent: names.contains(dialect.storedName(name).uppercased()))
        }
    }

    /// Creates the schema on `connection`.
    /// - Throws: `Failure` when objects exist already or the result does not verify; `DatabaseError`
    ///   when the engine refuses a statement or another run holds the lock. In every case the
    ///   transaction is rolled back and the database is left as it was; where DDL commits by
    ///   itself, what was done is journalled instead and the same call goes on from there.
    public func create(on connection: any DatabaseConnection) throws -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let dialect = connection.dialect
        let what = "creating \(schema.name) \(schema.version)"
        let statements = dialect.createStatements(for: schema)
        try connection.checkCanCreate(schema)
        if dialect.supportsTransactionalDDL {
            try createInOneTransaction(statements, on: connection, what: what, started: started)
        } else {
            try createResumably(statements, on: connection, what: what, started: started)
        }
        return Report(
            database: database, version: schema.version, tables: schema.tables.count, sequences: schema.sequences.count,
            indexes: schema.indexes.count, foreignKeys: schema.foreignKeys.count, seedRows: schema.seeds.count,
            milliseconds: Self.milliseconds(clock.now - started))
    }

    /// The whole schema, its check and its history row in one transaction.
    private func createInOneTransaction(
        _ statements: [DDLStatement], on connection: any DatabaseConnection, what: String, started: ContinuousClock.Instant
    ) throws {
        let dialect = connection.dialect
        try connection.exclusiveTransaction {
            if let conflict = try conflicts(on: connection) { throw conflict }
            try Self.run(statements, on: connection, during: what)
            try verify(on: connection)
            for sql in SchemaHistory.setup(dialect) { try connection.execute(sql) }
            let stamp = SchemaHistory.insert(entry(statements, milliseconds: Self.milliseconds(ContinuousClock.now - started)), dialect)
            try connection.run(stamp.statement)
        }
    }

    /// Where DDL commits by itself: under the run lock, each statement journalled as it completes
    /// (`DDLJournal`), so that the same call after a stop goes on after the last one; the history
    /// row, written with the journal's removal once everything verifies, is the only sign of a
    /// finished `create`.
    private func createResumably(
        _ statements: [DDLStatement], on connection: any DatabaseConnection, what: String, started: ContinuousClock.Instant
    ) throws {
        let dialect = connection.dialect
        let operation = "create \(database.rawValue) \(schema.version)"
        try connection.acquireRunLock(timeout: lockTimeout)
        defer { connection.releaseRunLock() }
        // Objects already there are refused only before the first statement: after it they are ours.
        if try DDLJournal.journalled(operation, on: connection).isEmpty, let conflict = try conflicts(on: connection) { throw conflict }
        try DDLJournal.run(
            operation, statements.map { DDLJournal.Entry(object: $0.object, statement: $0.statement) }, on: connection, during: what)
        do {
            try verify(on: connection)
        } catch Failure.verificationFailed(let missing, _) {
            throw Failure.verificationFailed(missing: missing, committed: true)
        }
        try connection.exclusiveTransaction {
            try connection.run(SchemaHistory.insert(entry(statements, milliseconds: Self.milliseconds(ContinuousClock.now - started)), dialect).statement)
            try DDLJournal.clear(operation, on: connection)
        }
    }

    /// Statements without parameters go to the server several at a time, one round trip per batch
    /// instead of per statement; a statement with parameters goes alone. The server's error still
    /// names the object that failed, and the whole transaction is rolled back either way.
    static func batches(of statements: [DDLStatement], size: Int = 64) -> [[DDLStatement]] {
        var batches: [[DDLStatement]] = []
        for statement in statements {
            if statement.statement.parameters.isEmpty, let last = batches.last, last.count < size,
                last[0].statement.parameters.isEmpty
            {
                batches[batches.count - 1].append(statement)
            } else {
                batches.append([statement])
            }
        }
        return batches
    }

    /// Runs `statements` in `batches`, in the transaction open on `connection`; a failure names the
    /// objects of its batch, after `what` was being done.
    static func run(_ statements: [DDLStatement], on connection: any DatabaseConnection, during what: String) throws {
        for batch in batches(of: statements) {
            do {
                if batch.count == 1 {
                    try connection.run(batch[0].statement)
                } else {
                    try connection.execute(batch.map(\.statement.sql).joined(separator: ";\n"))
                }
            } catch let error as DatabaseError {
                let objects = batch.count == 1 ? batch[0].object : "\(batch[0].object) … \(batch[batch.count - 1].object)"
                throw error.during("\(what): \(objects)")
            }
        }
    }

    /// Checks, inside the transaction, that every table, sequence and index is there and the seed rows went in.
    func verify(on connection: any DatabaseConnection) throws {
        let dialect = connection.dialect
        var missing = objects(among: try connection.existingObjects(), dialect).filter { !$0.isPresent }.map(\.label)
        for table in Set(schema.seeds.map(\.table)) {
            let expected = schema.seeds.filter { $0.table == table }.count
            let found = try connection.query("SELECT count(*) FROM \(dialect.quote(table))").rows.first?.first?.integerValue ?? 0
            if found < expected { missing.append("\(expected - Int(found)) seed row(s) in \(table)") }
        }
        guard missing.isEmpty else { throw Failure.verificationFailed(missing: missing) }
    }

    /// The history row; its checksum covers exactly the statements that created the schema.
    func entry(_ statements: [DDLStatement], milliseconds: Int) -> SchemaHistory.Entry {
        SchemaHistory.Entry(
            database: database.rawValue, version: schema.version, description: "create \(schema.name)", kind: .create,
            checksum: Checksum.of(statements.map(\.script).joined(separator: ";\n")), executionMilliseconds: milliseconds,
            success: true)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
