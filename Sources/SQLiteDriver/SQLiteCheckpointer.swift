import CSQLite
import Foundation
import SQLDriver

/// Folds a WAL database's write-ahead log back into the database file on a thread and connection
/// of its own, while the writer goes on writing: a checkpoint reads and writes back every page the
/// writer committed and waits for the disk twice, and the writer would otherwise do it itself,
/// after a commit, whenever the log has grown past SQLite's threshold.
///
/// Checkpoints are PASSIVE: they never block the writer or a reader, and copy what no reader still
/// needs. What is left when the writer's connection closes, SQLite folds back then, as always.
/// Durability is unchanged: commits still reach the log on disk before they return.
final class SQLiteCheckpointer: @unchecked Sendable {
    // @unchecked: `requested` and `stopped` are read and written under `condition`; the
    // checkpointing connection is used by the worker thread alone.
    private let condition = NSCondition()
    private var requested = false
    private var stopped = false
    private var running = true

    /// Bytes of log after a commit that ask for a checkpoint: SQLite's own automatic threshold, 1000
    /// frames, at its default page size of 4 KiB. In bytes, so that a database of larger pages
    /// (`SQLiteConnection.bulkLoadPageSize`) is folded back as often, not left whole to the close.
    static let thresholdBytes = 1000 * 4096

    /// Log frames after a commit that ask for a checkpoint, for this database's page size.
    let threshold: Int32

    /// Starts the worker on its own read-write connection to `url`, a database of `pageSize` pages.
    init(url: DatabaseURL, pageSize: Int) {
        threshold = Int32(max(1, Self.thresholdBytes / max(pageSize, 512)))
        Thread { [self] in
            work(url)
            condition.withLock {
                running = false
                condition.broadcast()
            }
        }.start()
    }

    /// Asks for a checkpoint; returns at once.
    func request() {
        condition.withLock {
            requested = true
            condition.broadcast()
        }
    }

    /// Ends the worker after the checkpoint it is in, and waits until its connection is closed.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
            while running { condition.wait() }
        }
    }

    private func work(_ url: DatabaseURL) {
        // A connection that cannot be opened leaves the log to the writer's last checkpoint.
        guard let connection = try? SQLiteConnection(url: url, mode: .readWrite) else { return }
        while waitForRequest() {
            // Busy (another checkpoint under way) or failed: the next request, or the close, does it.
            sqlite3_wal_checkpoint_v2(connection.handle, "main", SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    private func waitForRequest() -> Bool {
        condition.withLock {
            while !requested && !stopped { condition.wait() }
            requested = false
            return !stopped
        }
    }
}
