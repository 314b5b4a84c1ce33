import Foundation
import SQLDriver
import WSO2Schema

/// The bare schema of a merge's target, created on a connection of its own while the merge checks its
/// sources, in a transaction committed only once every check has passed (`keep`) and rolled back
/// otherwise (`drop`): until then no other session can see it, so the target is as untouched as if
/// nothing had begun. Where DDL is transactional and two sessions may write at once (PostgreSQL);
/// creating the tables and sequences is a server's file work, which the checks' reads do not wait for.
final class EarlyCreation: @unchecked Sendable {
    // @unchecked: `decision` and `outcome` are read and written under `condition`; the connection never
    // leaves the worker thread.
    private let condition = NSCondition()
    private var decision: Bool?
    private var outcome: Result<Void, any Error>?

    /// Whether the target's bare schema may be created early on `dialect`.
    static func possible(on dialect: any SQLDialect) -> Bool {
        dialect.supportsTransactionalDDL && dialect.writesTablesAtOnce
    }

    /// Starts creating `schema`'s bare form (`MergeWriter.bareStatements`) in the database at `url`, with
    /// the journal's first row recording `fingerprint`.
    init(at url: DatabaseURL, schema: Schema, fingerprint: String) {
        let thread = Thread { [self] in
            let result = Result { try create(at: url, schema: schema, fingerprint: fingerprint) }
            condition.withLock {
                outcome = result
                condition.broadcast()
            }
        }
        thread.name = "wso2db early create"
        thread.start()
    }

    /// Commits the schema once it is created. False when it could not be created or committed (a second
    /// connection refused, say): then nothing of it is left, and the caller creates it the usual way,
    /// which reports any error that stands.
    func keep() -> Bool {
        (try? decide(keep: true).get()) != nil
    }

    /// Rolls the schema back (or lets its creation end unkept), and waits for that. After `keep`, nothing.
    func drop() {
        _ = decide(keep: false)
    }

    private func decide(keep: Bool) -> Result<Void, any Error> {
        condition.withLock {
            if decision == nil { decision = keep }
            condition.broadcast()
            while outcome == nil { condition.wait() }
            return decision == true ? outcome! : .failure(CancellationError())
        }
    }

    private func create(at url: DatabaseURL, schema: Schema, fingerprint: String) throws {
        let connection = try MergeSources.openWriter(url)
        let statements = MergeWriter.bareStatements(of: schema, for: connection.dialect)
        try connection.transactionBeside {
            try MergeWriter.createBare(statements, fingerprint: fingerprint, on: connection)
            let keep = condition.withLock {
                while decision == nil { condition.wait() }
                return decision!
            }
            guard keep else { throw CancellationError() }
        }
    }
}
