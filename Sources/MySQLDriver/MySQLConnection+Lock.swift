import Foundation
import SQLDriver

extension MySQLConnection {
    /// The name of the `GET_LOCK` lock every wso2db run on this database takes. User locks are
    /// server-wide, so the name carries the database; MySQL allows 64 characters, so a long
    /// database name is shortened with a hash of the whole.
    var runLockName: String {
        let name = "wso2db:" + address.database
        guard name.utf8.count > 64 else { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in address.database.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "wso2db:" + String(address.database.prefix(40)) + ":" + String(hash, radix: 16)
    }

    /// Starts a transaction that holds the run lock, so that no second wso2db run works on this
    /// database meanwhile. Fails at once with `.locked`, naming the holder, instead of waiting.
    ///
    /// A `GET_LOCK` lock belongs to the session: a client that is killed loses its session, and
    /// the server frees the lock with it, so no stale lock is ever left behind.
    public func beginExclusiveTransaction() throws {
        try takeLock(waiting: 0)
        do {
            try begin()
        } catch {
            releaseLockHold()
            throw error
        }
        transactionHoldsLock = true
    }

    /// Takes the lock for a whole multi-transaction run, waiting at most `timeout`; fails with
    /// `.locked`, naming the holder.
    public func acquireRunLock(timeout: Duration) throws {
        try takeLock(waiting: max(0, Int(timeout.components.seconds)))
    }

    /// Releases the run lock; never throws.
    public func releaseRunLock() {
        releaseLockHold()
    }

    func releaseTransactionLock() {
        guard transactionHoldsLock else { return }
        transactionHoldsLock = false
        releaseLockHold()
    }

    private func takeLock(waiting seconds: Int) throws {
        let granted = try query("SELECT GET_LOCK(?, ?)", .text(runLockName), .integer(Int64(seconds)))
        guard granted.rows.first?.first == .integer(1) else {
            throw lockedError(waited: seconds > 0 ? seconds : nil)
        }
        lockHolds += 1
    }

    private func releaseLockHold() {
        guard lockHolds > 0 else { return }
        lockHolds -= 1
        _ = try? query("SELECT RELEASE_LOCK(?)", .text(runLockName))
    }

    /// The lock is held by another session: say which, from the process list (a user without the
    /// PROCESS privilege sees only the holder's connection id).
    private func lockedError(waited: Int?) -> DatabaseError {
        var who = "another session"
        if let holder = try? query("SELECT IS_USED_LOCK(?)", .text(runLockName)).rows.first?.first, let id = holder.integerValue {
            who = "connection \(id)"
            if let row = try? query(
                "SELECT USER, HOST, COALESCE(DB, ''), TIME FROM information_schema.PROCESSLIST WHERE ID = ?", .integer(id)
            ).rows.first {
                who += " (\(row[0].textValue ?? "?")@\(row[1].textValue ?? "?"), \(row[3].textValue ?? "?") s in its current state)"
            }
        }
        let after = waited.map { " (waited \($0) s)" } ?? ""
        return DatabaseError(
            .locked, "another wso2db run is working on this database: \(who) holds its lock\(after)",
            hint: "wait for it to finish, then run again")
    }
}
