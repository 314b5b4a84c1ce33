import Foundation
import LocalMariaDB
import LocalPostgres
import MySQLDriver
import SQLDriver
import Testing

/// The run lock on a real MariaDB server: one holder at a time, the holder named, and no stale
/// lock after a killed client.
@Suite("MySQL run lock")
struct MySQLLockTests {
    @Test("a second exclusive transaction is refused at once, naming the holder's connection")
    func exclusiveTransactionNamesHolder() throws {
        let url = try MySQLFixtures.database()
        let first = try MySQLConnection(url: url)
        let second = try MySQLConnection(url: url)
        try first.beginExclusiveTransaction()
        let error = #expect(throws: DatabaseError.self) { try second.beginExclusiveTransaction() }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("connection \(first.connectionID) (\(LocalMariaDB.testUser)@") == true, "\(error.map { "\($0)" } ?? "")")
        try first.commit()
        try second.beginExclusiveTransaction()
        second.rollback()
        // A run on another database is not in the way.
        let elsewhere = try MySQLConnection(url: MySQLFixtures.database())
        try first.beginExclusiveTransaction()
        try elsewhere.beginExclusiveTransaction()
        first.rollback()
        elsewhere.rollback()
    }

    @Test("the run lock outlives the transactions inside it, and waits at most its timeout")
    func runLockSpansTransactions() throws {
        let url = try MySQLFixtures.database()
        let runner = try MySQLConnection(url: url)
        let other = try MySQLConnection(url: url)
        try runner.acquireRunLock(timeout: .seconds(1))
        try runner.beginExclusiveTransaction()
        try runner.commit()
        let waited = #expect(throws: DatabaseError.self) { try other.acquireRunLock(timeout: .seconds(1)) }
        #expect(waited?.code == .locked)
        #expect(waited?.message.contains("waited 1 s") == true)
        runner.releaseRunLock()
        try other.acquireRunLock(timeout: .seconds(1))
        other.releaseRunLock()
    }

    @Test("a client killed while holding the lock leaves no lock behind")
    func killedHolderFreesLock() throws {
        let server = try LocalMariaDB.shared()
        let url = try MySQLFixtures.database()
        let connection = try MySQLConnection(url: url)
        let lockName = "wso2db:" + url.database
        // A `mariadb` client that takes the lock and then waits for more input that never comes,
        // as a wso2db run does between statements.
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-lock-\(UUID().uuidString)").path
        #expect(mkfifo(stem + ".in", 0o600) == 0)
        defer { [".in", ".out", ".err"].forEach { try? FileManager.default.removeItem(atPath: stem + $0) } }
        let writer = open(stem + ".in", O_RDWR)
        defer { close(writer) }
        let pid = try Subprocess.spawn(
            "/usr/bin/mariadb", ["--no-defaults", "-h", server.host, "-P", String(server.port), "-u", server.user, url.database],
            stem: stem, environment: ["MYSQL_PWD": server.password])
        let take = "SELECT GET_LOCK('\(lockName)', 0);\n"
        #expect(write(writer, take, take.utf8.count) == take.utf8.count)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while try connection.query("SELECT IS_USED_LOCK(?)", .text(lockName)).rows.first?.first == .null, clock.now < deadline {
            usleep(20_000)
        }
        let held = #expect(throws: DatabaseError.self) { try connection.acquireRunLock(timeout: .zero) }
        #expect(held?.code == .locked)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try connection.acquireRunLock(timeout: .seconds(20))
        connection.releaseRunLock()
    }
}
