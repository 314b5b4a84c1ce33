import Foundation
import SQLDriver

/// The lock a wso2db run holds on a SQLite database for its whole length: an exclusive `flock` on a
/// file named after the database's identity (device and inode), in one folder for the machine
/// (`/run/lock/wso2db`, or `/tmp/wso2db-locks` where there is no `/run/lock`). Every path to the
/// database file — a symlink, a hard link in another folder, a relative spelling — names the same
/// lock file, which a lock file beside the path could not.
enum SQLiteRunLock {
    /// The folder the lock files live in; made, writable by all with the sticky bit, on first use.
    static var folder: String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/run/lock", isDirectory: &isDirectory), isDirectory.boolValue,
            access("/run/lock", W_OK) == 0 || FileManager.default.fileExists(atPath: "/run/lock/wso2db")
        {
            return "/run/lock/wso2db"
        }
        return "/tmp/wso2db-locks"
    }

    /// Takes the lock, waiting at most `timeout`; returns the open descriptor that holds it.
    /// - Throws: `.locked` naming the database and how long it waited.
    static func acquire(for identity: DatabaseIdentity, database path: String, timeout: Duration) throws -> Int32 {
        let folder = folder
        if mkdir(folder, 0o1777) == 0 { chmod(folder, 0o1777) }
        let lockPath = folder + "/" + identity.fileName + ".lock"
        // Read-only is enough for flock, so a lock file another user made can be taken too.
        let descriptor = open(lockPath, O_RDONLY | O_CREAT | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else {
            throw DatabaseError(
                .locked, "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))",
                hint: "wso2db keeps its SQLite lock files in \(folder); let this user create files there")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard clock.now < deadline else {
                close(descriptor)
                throw DatabaseError(
                    .locked, "another wso2db run is working on \(path): it holds \(lockPath) (waited \(timeout.components.seconds) s)",
                    hint: "wait for it to finish, then run again")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return descriptor
    }
}
