import SQLDriver
import Synchronization
import WSO2Catalog
import WSO2Schema

/// Everything the merge writes to the target, each part in its own transaction with its journal row.
/// `upgrade`'s copy of a database at its own release writes with it too (`DatabaseCopy`).
struct MergeWriter {
    let target: any DatabaseConnection
    /// The schema the target gets, as the target engine's scripts write it (WSO2_SHARED_DB 4.7.0 for a merge).
    let schema: Schema
    let sources: [LegacyRole: any DatabaseConnection]
    let live: [LegacyRole: Schema]
    let plans: [TablePlan]
    let progress: (LegacyMerge.Event) -> Void

    private var dialect: any SQLDialect { target.dialect }

    /// Creates the schema without what slows loading down (see `MergeMapping.bare`, and `deferredTriggers`), with the
    /// journal's first row, in one transaction; where DDL commits by itself, resumably instead
    /// (`createResumably`).
    /// - Parameter resuming: an earlier run recorded the start and stopped while creating.
    func createBare(fingerprint: String, resuming: Bool = false) throws {
        let statements = Self.bareStatements(of: schema, for: dialect)
        guard dialect.supportsTransactionalDDL else {
            return try createResumably(statements, fingerprint: fingerprint, resuming: resuming)
        }
        try target.exclusiveTransaction { try Self.createBare(statements, fingerprint: fingerprint, on: target) }
    }

    /// The statements of the bare schema of `schema`: without keys and indexes (`MergeMapping.bare`), and
    /// without the triggers the finish adds (`deferredTriggers`).
    static func bareStatements(of schema: Schema, for dialect: any SQLDialect) -> [DDLStatement] {
        let deferred = Set(deferredTriggers(of: schema, for: dialect))
        return dialect.createStatements(for: MergeMapping.bare(schema, for: dialect)).filter { !deferred.contains($0) }
    }

    /// Runs `statements` and records the journal's first row, in the transaction open on `connection`.
    static func createBare(_ statements: [DDLStatement], fingerprint: String, on connection: any DatabaseConnection) throws {
        try SchemaCreator.run(statements, on: connection, during: "creating the schema")
        for sql in MergeJournal.setup(connection.dialect) { try connection.execute(sql) }
        try MergeJournal.record(MergeJournal.start, detail: fingerprint, on: connection)
    }

    private var deferredTriggers: [DDLStatement] { Self.deferredTriggers(of: schema, for: dialect) }

    /// The triggers `createBare` leaves to `finish`, where DDL is transactional: a copied row keeps the
    /// values it had, as COPY keeps them (a trigger that fills a column on INSERT would change one), and
    /// SQLite keeps a statement journal for every INSERT into a table with an INSERT trigger, a page
    /// written to a temporary file per row. Not on a table that gets seed rows, which may draw on them.
    private static func deferredTriggers(of schema: Schema, for dialect: any SQLDialect) -> [DDLStatement] {
        guard dialect.supportsTransactionalDDL else { return [] }
        var unseeded = schema
        unseeded.tables.removeAll { table in schema.seeds.contains { $0.table.sameSQLName(as: table.name) } }
        unseeded.seeds = []
        return dialect.createStatements(for: unseeded).filter { $0.phase == .triggers }
    }

    /// The `DDLJournal` operation of the bare schema.
    static let createOperation = "merge-legacy create"

    /// Where DDL commits by itself (MySQL), the start is journalled first, with `creating`; then each
    /// statement as it completes (`DDLJournal`), so that a run stopped part-way is recognised by its
    /// journal and goes on after the last statement, rather than finding a target that is not empty;
    /// `created` ends it, with the statement journal's removal.
    private func createResumably(_ statements: [DDLStatement], fingerprint: String, resuming: Bool) throws {
        if !resuming {
            for sql in MergeJournal.setup(dialect) { try target.execute(sql) }
            try target.exclusiveTransaction {
                try MergeJournal.record(MergeJournal.start, detail: fingerprint, on: target)
                try MergeJournal.record(MergeJournal.creating, detail: nil, on: target)
            }
        }
        try DDLJournal.run(
            Self.createOperation, statements.map { DDLJournal.Entry(object: $0.object, statement: $0.statement) }, on: target,
            during: "creating the 4.7.0 schema")
        try target.exclusiveTransaction {
            try MergeJournal.record(MergeJournal.created, detail: nil, on: target)
            try DDLJournal.clear(Self.createOperation, on: target)
        }
    }

    /// Copies one table in one transaction that also records it in the journal.
    func copy(_ plan: TablePlan) throws -> TableTally {
        let clock = ContinuousClock()
        let started = clock.now
        progress(.copying(table: plan.name, from: plan.from, rows: 0, bytes: 0, expectedRows: plan.sourceRows))
        // Where foreign keys are declared with the tables, they are off while tables fill in any order.
        if let switchOff = dialect.foreignKeySwitch { try target.execute(switchOff.off) }
        let tally = try target.exclusiveTransaction {
            do {
                let copy = TableCopy(plan: plan) { rows, bytes in
                    progress(.copying(table: plan.name, from: plan.from, rows: rows, bytes: bytes, expectedRows: plan.sourceRows))
                }
                let tally = try copy.copy(from: sources[plan.from]!, to: target)
                try MergeJournal.record(MergeJournal.copiedPrefix + plan.name, detail: "\(tally.rows) rows, hash \(tally.digest.hex)", on: target)
                return tally
            } catch let error as DatabaseError {
                throw error.during("copying \(plan.name) from \(plan.from.option)")
            }
        }
        progress(.copied(table: plan.name, rows: tally.rows, bytes: tally.bytes, milliseconds: SchemaCreator.milliseconds(clock.now - started)))
        return tally
    }

    /// Adds what `createBare` left out, sets every sequence past every id drawn from it, checks the
    /// result against the schema and records the end in the journal: one transaction, after the
    /// tables' own keys and indexes where they are built on two connections (`buildKeys`).
    /// - Parameter resuming: an earlier run of this merge stopped; it may have built some keys.
    /// - Returns: the milliseconds the keys, indexes and foreign keys took (the rest is sequences and
    ///   checks), and the target's schema as the check read it, which the commit leaves as it is.
    @discardableResult
    func finish(resuming: Bool = false) throws -> (indexes: Int, live: Schema) {
        let expected = dialect.inspectedForm(of: schema)
        // Where DDL commits by itself, or keys are built in transactions of their own, a finish that
        // stopped part-way left some of it done: what is still to do is worked out from the target as it stands.
        let bare = dialect.supportsTransactionalDDL && !(resuming && buildsKeysAtOnce)
            ? dialect.inspectedForm(of: MergeMapping.bare(schema, for: dialect)) : try target.inspectSchema()
        var differences = SchemaDiffer.differences(expected: expected, actual: bare)
        let clock = ContinuousClock()
        let started = clock.now
        if buildsKeysAtOnce {
            differences = try buildKeys(differences, expected: expected, actual: bare)
        }
        let keys = clock.now - started
        let statements = dialect.changeStatements(for: differences, expected: expected, actual: bare, allowingDestructive: false)
        try Self.requireAdditions(statements, on: dialect)
        let switchOff = dialect.foreignKeySwitch
        if let switchOff { try target.execute(switchOff.off) }
        defer { if let switchOff { try? target.execute(switchOff.on) } }
        // Every key is new and every row is checked against it below, before the end is recorded.
        let unchecked = dialect.uncheckedForeignKeyAdds
        if let unchecked { try target.execute(unchecked.off) }
        defer { if let unchecked { try? target.execute(unchecked.on) } }
        var indexes = keys
        let live = try target.exclusiveTransaction {
            // One round trip for all of them: the server's error still names the object that failed.
            let script = statements.filter { !$0.isComment }.map(\.statement) + deferredTriggers.map(\.statement)
            precondition(script.allSatisfy(\.parameters.isEmpty), "DDL has no parameters")
            let started = clock.now
            do {
                if !script.isEmpty { try target.execute(script.map(\.sql).joined(separator: ";\n")) }
            } catch let error as DatabaseError {
                throw error.during("adding keys and indexes")
            }
            indexes += clock.now - started
            try setSequences(schema)
            var problems: [String] = []
            if let switchOff {
                problems += try target.query(switchOff.check).rows.map { row in
                    "a row of \(row[0].textValue ?? "?") breaks its foreign key to \(row[2].textValue ?? "?")"
                }
            }
            if unchecked != nil {
                problems += try target.brokenForeignKeys(of: expected).map { "a row of \($0.table) breaks its foreign key to \($0.key.referencedTable)" }
            }
            let live = try target.inspectSchema()
            problems += SchemaDiffer.differences(expected: expected, actual: live).map(\.line)
            guard problems.isEmpty else { throw LegacyMerge.Failure.verificationFailed(problems: problems) }
            try MergeJournal.record(MergeJournal.finish, detail: nil, on: target)
            return live
        }
        return (SchemaCreator.milliseconds(indexes), live)
    }

    /// Adding the keys and indexes adds, and rebuilds no table.
    private static func requireAdditions(_ statements: [RepairStatement], on dialect: any SQLDialect) throws {
        guard statements.allSatisfy({ $0.destroys == nil && !$0.needsForeignKeysOff && !$0.sql.hasPrefix("-- cannot") }) else {
            throw LegacyMerge.Failure.internalError("adding the keys and indexes would rebuild tables on \(dialect.engineName)")
        }
    }

    /// Whether each table's primary key, unique constraints and indexes are built in a transaction of their
    /// own, two tables at once on two connections (`buildKeys`): where a table's keys commit whole or not at
    /// all, and two sessions may write at once. Building them is most of the finish, and the server
    /// builds each on one core.
    private var buildsKeysAtOnce: Bool { dialect.supportsTransactionalDDL && dialect.writesTablesAtOnce }

    /// Builds the primary keys, unique constraints and indexes among `differences`, a table in one
    /// transaction, on `target` and on a second connection at once; the tables with the most rows first,
    /// so that the two end together. A table stays locked only while its own keys are built. Foreign keys
    /// are left to the finish's transaction: one locks its parent table too, and two at once would
    /// queue behind each other (or deadlock) on a shared parent.
    /// - Returns: the differences left for the finish's transaction.
    private func buildKeys(_ differences: [SchemaDifference], expected: Schema, actual: Schema) throws -> [SchemaDifference] {
        var byTable: [String: [SchemaDifference]] = [:]
        var rest: [SchemaDifference] = []
        for difference in differences {
            switch (difference.kind, difference.element, difference.table) {
            case (.missing, .primaryKey, let table?), (.missing, .uniqueConstraint, let table?), (.missing, .index, let table?):
                byTable[table, default: []].append(difference)
            default:
                rest.append(difference)
            }
        }
        let rows = Dictionary(plans.map { ($0.name.uppercased(), $0.sourceRows) }, uniquingKeysWith: max)
        let units = try byTable.map { table, differences in
            let statements = dialect.changeStatements(for: differences, expected: expected, actual: actual, allowingDestructive: false)
            try Self.requireAdditions(statements, on: dialect)
            let script = statements.filter { !$0.isComment }.map(\.statement)
            precondition(script.allSatisfy(\.parameters.isEmpty), "DDL has no parameters")
            return (table: table, sql: script.map(\.sql).joined(separator: ";\n"), cost: ((rows[table.uppercased()] ?? 0) + 1) * script.count)
        }.sorted { ($0.cost, $1.table) > ($1.cost, $0.table) }
        let queue = KeyQueue(units.map { ($0.table, $0.sql) })
        let target = self.target
        let beside = Beside {
            // Without a second connection (the server's limit, say), this one builds every table.
            guard let connection = try? MergeSources.openWriter(target.url) else { return }
            try queue.work(on: connection)
        }
        let here = Result { try queue.work(on: target) }
        let there = beside.result()
        try here.get()
        try there.get()
        return rest
    }

    /// WSO2's sequences are named and shared, not owned by a column: each is set past the largest
    /// id of every column that draws from it, and past where the legacy source's sequence of the
    /// same name had got to (ids handed out and since deleted are never handed out again). What is
    /// read, is read in one query per database: on a server the round trips are most of the cost.
    private func setSequences(_ schema: Schema) throws {
        let sequences = schema.sequences
        var next = sequences.map { Int64($0.start) }
        func raise(_ position: Int, to value: Int64?) {
            if let value { next[position] = max(next[position], value) }
        }
        /// Where the sequences at `positions` go next, on `connection`: (position, value) pairs.
        func nextValues(_ positions: [Int], on connection: any DatabaseConnection) throws -> [(Int, Int64?)] {
            guard !positions.isEmpty else { return [] }
            let query = connection.dialect.nextSequenceValuesQuery(positions.map { sequences[$0].name })
            return try connection.query(query).rows.compactMap { row in
                guard let index = row[0].integerValue.map(Int.init), positions.indices.contains(index) else { return nil }
                return (positions[index], row[1].integerValue)
            }
        }
        for (position, value) in try nextValues(Array(sequences.indices), on: target) { raise(position, to: value) }

        let columns = schema.tables.flatMap { table in
            table.sequenceBackedColumns.compactMap { column, name in
                sequences.firstIndex { name.sameSQLName(as: $0.name) }.map { (table: table.name, column: column.name, sequence: $0) }
            }
        }
        if !columns.isEmpty {
            let largest = try target.query(
                columns.enumerated().map { position, backed in
                    "SELECT \(position), max(\(dialect.quote(backed.column))) FROM \(dialect.quote(backed.table))"
                }.joined(separator: " UNION ALL "))
            for row in largest.rows {
                guard let index = row[0].integerValue.map(Int.init), columns.indices.contains(index), let value = row[1].integerValue else { continue }
                let position = columns[index].sequence
                raise(position, to: value + Int64(sequences[position].increment))
            }
        }

        for (role, source) in sources {
            // Both families' sequences live in both sources; only the one whose tables are taken counts.
            let positions = sequences.indices.filter { position in
                live[role]?.sequence(named: sequences[position].name) != nil
                    && schema.tables.contains { table in
                        LegacyRole.of(table: table.name) == role
                            && table.sequenceBackedColumns.contains { $0.sequence.sameSQLName(as: sequences[position].name) }
                    }
            }
            for (position, value) in try nextValues(positions, on: source) { raise(position, to: value) }
        }
        for (position, sequence) in sequences.enumerated() {
            _ = try target.query(dialect.restartSequenceStatement(sequence.name, next: next[position]))
        }
    }

    /// The history row that makes the target a WSO2_SHARED_DB at `release` (4.7.0, or a release sharing its
    /// schema) for `migrate` and `status`; its success is the verification's result. Not written twice for one target.
    func recordHistory(_ report: LegacyMerge.Report, release: String = MergeMapping.targetVersion) throws {
        let rows = report.tables.reduce(0) { $0 + ($1.target?.rows ?? 0) }
        let verified = report.verified == true
        if report.alreadyMerged,
            try SchemaHistory.entries(on: target).contains(where: { $0.kind == SchemaHistory.Kind.merge.rawValue && $0.success == verified })
        {
            return
        }
        try target.exclusiveTransaction {
            try Migrator.record(
                SchemaHistory.Entry(
                    database: WSO2Database.shared.rawValue, version: release,
                    description: "merge-legacy of WSO2UM_DB and WSO2REG_DB \(MergeMapping.legacyVersion): \(rows) rows in "
                        + "\(report.tables.count) tables" + (verified ? ", verified" : ", VERIFICATION FAILED"),
                    kind: .merge, checksum: nil, executionMilliseconds: report.milliseconds, success: verified), on: target)
        }
    }
}

/// The tables whose keys are still to be built, each taken by the first connection free (`MergeWriter.buildKeys`).
private final class KeyQueue: Sendable {
    private let state: Mutex<(units: [(table: String, sql: String)], next: Int, failed: Bool)>

    init(_ units: [(table: String, sql: String)]) { state = Mutex((units, 0, false)) }

    /// Builds the keys of one table after another on `connection`, each table in a transaction of its
    /// own, until none is left or a connection failed.
    func work(on connection: any DatabaseConnection) throws {
        while let unit = take() {
            do {
                try Interruption.check("stopped while adding keys and indexes")
                try connection.transactionBeside { try connection.execute(unit.sql) }
            } catch {
                state.withLock { $0.failed = true }
                if let error = error as? DatabaseError { throw error.during("adding keys and indexes to \(unit.table)") }
                throw error
            }
        }
    }

    private func take() -> (table: String, sql: String)? {
        state.withLock { state in
            guard !state.failed, state.next < state.units.count else { return nil }
            defer { state.next += 1 }
            return state.units[state.next]
        }
    }
}
