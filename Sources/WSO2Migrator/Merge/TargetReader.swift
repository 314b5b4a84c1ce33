import Foundation
import SQLDriver

/// Reads tables of the target back for verification on a read connection and a thread of its own,
/// while this thread goes on: copying the next table, or reading other tables back.
///
/// Early, each table as soon as its copy has committed, only where that is the same as reading it
/// after the finish (`readsEarly`). The reader sees committed rows only, in a transaction of its own
/// per table. A table it could not read (the connection failed, a lock, Ctrl-C) is left to the
/// caller's thread.
final class TargetReader: @unchecked Sendable {
    // @unchecked: every stored property that changes is read and written under `condition`, and
    // the connection never leaves the worker thread.
    private let condition = NSCondition()
    private var waiting: [TablePlan] = []
    private var done: [String: TableTally] = [:]
    /// Every table handed over.
    private var handed: Set<String> = []
    /// Tables handed over and not yet done (or given up).
    private var pending: Set<String> = []
    private var closed = false
    private var running = true

    /// Whether a table may be read back as soon as its copy committed: on an engine that creates a
    /// table with its keys and constraints (`addsConstraintsToExistingTables` false), the copy's
    /// commit leaves the table's rows and constraints final, and the finish adds only indexes and
    /// sequences. Where the finish adds the keys in one transaction of DDL (PostgreSQL), it changes
    /// no row either and rewrites no table (`MergeMapping.bare` leaves out only keys, constraints
    /// and indexes): it commits every row as the copy left it, or rolls back and the merge stops
    /// unverified; its ALTER TABLE waits for a table being read. Elsewhere (MySQL, whose ALTER TABLE
    /// rebuilds the table and commits on its own) tables are read after the finish.
    static func readsEarly(on dialect: any SQLDialect) -> Bool {
        !dialect.addsConstraintsToExistingTables || dialect.supportsTransactionalDDL
    }

    /// Starts the reader.
    init(target url: DatabaseURL) {
        let thread = Thread { [self] in work(url) }
        thread.name = "wso2db verifier"
        thread.start()
    }

    /// Whether `table` was handed over.
    func has(_ table: String) -> Bool {
        condition.withLock { handed.contains(table) }
    }

    /// Reads `plan`'s table of the target, once committed.
    func read(_ plan: TablePlan) {
        condition.withLock {
            waiting.append(plan)
            handed.insert(plan.name)
            pending.insert(plan.name)
            condition.broadcast()
        }
    }

    /// The target's tally of a table, waiting for it if it is being read; `nil` if it was not read.
    func tally(of table: String) -> TableTally? {
        condition.withLock {
            while pending.contains(table) { condition.wait() }
            return done[table]
        }
    }

    /// Stops the reader after the table it is on, and waits for that.
    func stop() {
        condition.withLock {
            closed = true
            condition.broadcast()
            while running { condition.wait() }
        }
    }

    private func next() -> TablePlan? {
        condition.withLock {
            while waiting.isEmpty && !closed { condition.wait() }
            return closed ? nil : waiting.removeFirst()
        }
    }

    private func work(_ url: DatabaseURL) {
        readTables(url)
        condition.withLock {
            pending.removeAll()
            running = false
            condition.broadcast()
        }
    }

    /// Reads the tables handed over until stopped; the connection is closed when this returns, so
    /// that `stop` returns only after it: the writer's connection is then the last one, which
    /// folds the write-ahead log back into the database file when it closes.
    private func readTables(_ url: DatabaseURL) {
        let connection = try? MergeSources.openReader(url)
        while let plan = next() {
            let tally = connection.flatMap { connection in
                try? { () throws -> TableTally in
                    try connection.execute(connection.dialect.snapshotTransactionSQL)
                    defer { connection.rollback() }
                    return try TableCopy(plan: plan) { _, _ in }.read(from: connection, asTarget: true)
                }()
            }
            condition.withLock {
                done[plan.name] = tally
                pending.remove(plan.name)
                condition.broadcast()
            }
        }
    }
}
