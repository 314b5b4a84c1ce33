import Foundation
import SQLDriver

/// Reads back each table of the target as soon as its copy has committed, on a read connection and
/// a thread of its own, while the next table copies: reading the target again is most of what the
/// verification costs, and it then takes no time of its own.
///
/// Only where that is the same as reading the table after the finish: on an engine that creates a
/// table with its keys and constraints (`addsConstraintsToExistingTables` false), the copy's commit
/// leaves the table's rows and constraints final, and the finish adds only indexes and sequences.
/// The reader sees committed rows only, in a transaction of its own per table. A table it could not
/// read (the connection failed, a lock, Ctrl-C) is left to the verification after the finish.
final class EarlyVerifier: @unchecked Sendable {
    // @unchecked: every stored property that changes is read and written under `condition`, and
    // the connection never leaves the worker thread.
    private let condition = NSCondition()
    private var waiting: [TablePlan] = []
    private var done: [String: TableTally] = [:]
    /// Tables handed over and not yet done (or given up).
    private var pending: Set<String> = []
    private var closed = false
    private var running = true

    /// Starts the reader, or returns `nil` where reading early would not be the same (see above).
    init?(target url: DatabaseURL, dialect: any SQLDialect) {
        guard !dialect.addsConstraintsToExistingTables else { return nil }
        let thread = Thread { [self] in work(url) }
        thread.name = "wso2db verifier"
        thread.start()
    }

    /// Reads `plan`'s table of the target; call right after its copy committed.
    func verify(_ plan: TablePlan) {
        condition.withLock {
            waiting.append(plan)
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
        let connection = try? Connector.open(url, for: .read)
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
