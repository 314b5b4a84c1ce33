import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One database reached by different spellings of its URL is one database: a merge resumes and
/// finishes whatever spelling the rerun uses, and its lock is the database's, not the path's.
@Suite("the same database, however its URL is spelled")
struct IdentityTests {
    typealias Place = MergeLegacyTests.Place

    /// Another spelling of the same database's URL: the other libpq scheme with `localhost`, or
    /// pgjdbc's form (`variant` 1); a relative path, or one through `.` (`variant` 1), for SQLite.
    static func respelled(_ place: Place, _ variant: Int) throws -> String {
        switch place.engine {
        case .postgres:
            let url = try #require(URLComponents(string: place.url))
            let (host, port, user) = (try #require(url.host), try #require(url.port), try #require(url.user))
            #expect(host == "127.0.0.1", "the spellings below name the server by another address")
            return variant == 0
                ? "postgres://\(user)@localhost:\(port)\(url.path)"
                : "jdbc:postgresql://localhost:\(port)\(url.path)?user=\(user)&loginTimeout=10"
        case .sqlite:
            let path = place.path
            guard variant == 0 else {
                return "sqlite:" + (path as NSString).deletingLastPathComponent + "/./" + (path as NSString).lastPathComponent
            }
            let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
            return "sqlite:" + String(repeating: "../", count: depth) + path.dropFirst()
        }
    }

    @Test(
        "a merge stopped part-way resumes when run again with other spellings of the same sources, and says a finished one is finished",
        arguments: [MergeLegacyTests.Engine.postgres, .sqlite])
    func resumeByIdentity(engine: MergeLegacyTests.Engine) throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(engine)
        let target = try MergeLegacyTests.emptyTarget(engine)
        let before = try MergeLegacyTests.before(um: um, reg: reg)

        let first = try WatchedProcess(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target.url, "--format", "json"])
        try first.waitForStandardError("a table copied") { $0.contains("  copied ") }
        first.signal(SIGINT)
        let stopped = first.finish()
        #expect(stopped.status != 0, "stopped part-way: \(stopped.standardError.suffix(1000))")

        let umSpelling = try Self.respelled(um, 0)
        let regSpelling = try Self.respelled(reg, 1)
        #expect(umSpelling != um.url && regSpelling != reg.url)
        let again = try BuiltBinary.wso2db(["merge-legacy", "--um", umSpelling, "--reg", regSpelling, "--to", target.url, "--format", "json"])
        try MergeLegacyTests.checkMerged(again, um: um, reg: reg, target: target, before: before)
        let resumed = try MergeLegacyTests.json(again)
        #expect(resumed["resumed"] as? Bool == true, "\(again.standardError.suffix(1000))")

        let third = try BuiltBinary.wso2db(
            ["merge-legacy", "--um", try Self.respelled(um, 1), "--reg", try Self.respelled(reg, 0), "--to", target.url, "--format", "json"])
        try MergeLegacyTests.checkMerged(third, um: um, reg: reg, target: target, before: before)
        let finished = try MergeLegacyTests.json(third)
        #expect(finished["alreadyMerged"] as? Bool == true)
        #expect(finished["verified"] as? Bool == true)
    }

    @Test("SQLite: a merge into a file reached through a hard link or a symlink waits for the run that holds it, as long as --lock-timeout says")
    func sqliteLockByIdentity() throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(.sqlite)
        let (folder, elsewhere) = (try MergeLegacyTests.folder(), try MergeLegacyTests.folder())
        let path = folder + "/shared.db"
        try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        try #require(link(path, elsewhere + "/hard.db") == 0)
        try #require(symlink(path, elsewhere + "/soft.db") == 0)
        let target = Place(engine: .sqlite, url: "sqlite:" + path)
        let before = try MergeLegacyTests.before(um: um, reg: reg)

        let first = try WatchedProcess(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target.url, "--format", "json"])
        try first.waitForStandardError("the first run holding the target") { $0.contains("creating WSO2_SHARED_DB") }
        // Held still while holding the lock: the others meet it however long they take to start.
        first.signal(SIGSTOP)
        for (name, wait) in [("hard.db", 0), ("soft.db", 0), ("hard.db", 2), ("soft.db", 6)] {
            let other = try BuiltBinary.wso2db(
                ["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", "sqlite:" + elsewhere + "/" + name, "--format", "json",
                 "--lock-timeout", String(wait)])
            #expect(other.status == 2, "\(name): \(other.standardError.suffix(1500))")
            #expect(other.standardError.contains("another wso2db run is working on"), "\(name): \(other.standardError.suffix(1500))")
            #expect(other.standardError.contains("waited \(wait) s"), "\(name): \(other.standardError.suffix(1500))")
        }
        first.signal(SIGCONT)
        try MergeLegacyTests.checkMerged(first.finish(), um: um, reg: reg, target: target, before: before)
        let check = try SQLiteConnection(url: SQLite.url(path: path), mode: .readOnly).query("PRAGMA integrity_check")
        #expect(check.rows.map { $0.first?.textValue } == ["ok"])
    }

    @Test("PostgreSQL sessions are named after the command: a waiting run shows as `wso2db migrate`, and the lock message names the holder by its name")
    func applicationName() throws {
        let (server, name, connection) = try MigrateTests.postgres(
            script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", schema: MigrateTests.legacy, rows: 3)
        let holder = try PostgresConnection(url: PostgreSQL.url(server.url(database: name) + "?application_name=wso2db%20test-holder"))
        try holder.acquireRunLock(timeout: .seconds(1))
        let waiting = try WatchedProcess(["migrate", "um", "--url", server.url(database: name), "--lock-timeout", "60"])
        try waitUntil("wso2db migrate in pg_stat_activity") {
            try connection.query(
                "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = 'wso2db migrate' AND datname = $1", .text(name)
            ).rows.first?.first?.integerValue ?? 0 > 0
        }
        let impatient = try BuiltBinary.wso2db(["migrate", "um", "--url", server.url(database: name), "--lock-timeout", "1"])
        #expect(impatient.status == 2)
        #expect(impatient.standardError.contains("(wso2db test-holder, "), "\(impatient.standardError)")
        holder.releaseRunLock()
        let migrated = waiting.finish()
        #expect(!migrated.standardError.contains("another wso2db run"), "it waited for the lock and went on: \(migrated.standardError.suffix(1500))")
    }

    @Test("SQLite URL parameters: mode=ro and immutable=1 read the file and make none; a writer is refused; other parameters are refused")
    func sqliteParameters() throws {
        let folder = try MergeLegacyTests.folder()
        let created = try BuiltBinary.wso2db(["create", "um", "--version", "2.6.0", "--url", "sqlite:\(folder)/q.db"])
        try #require(created.status == 0, "\(created.standardError)")
        for parameters in ["mode=ro", "immutable=1"] {
            let detect = try BuiltBinary.wso2db(["detect", "--url", "sqlite:\(folder)/q.db?\(parameters)"])
            #expect(detect.status == 0, "\(parameters): \(detect.standardError)")
            #expect(detect.standardOutput.contains("2.6.0"), "\(parameters): \(detect.standardOutput)")
            let create = try BuiltBinary.wso2db(["create", "um", "--version", "2.6.0", "--url", "sqlite:\(folder)/new.db?\(parameters)"])
            #expect(create.status == 2, "\(parameters): \(create.standardError)")
            #expect(create.standardError.contains("read-only"), "\(parameters): \(create.standardError)")
        }
        let unknown = try BuiltBinary.wso2db(["detect", "--url", "sqlite:\(folder)/q.db?cache=shared"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("cache"), "\(unknown.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix("q.db") }
        #expect(files == [], "no file was made: \(files)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains("?") })
    }

    @Test("JDBC URLs: every parameter left out is named with --verbose, and ssl=false asks libpq for no TLS at all")
    func jdbcParameters() throws {
        let (server, name) = try DetectTests.databaseFromScript(MergeLegacyTests.legacyScript)
        let url = try #require(URLComponents(string: server.url(database: name)))
        let jdbc = "jdbc:postgresql://\(url.host!):\(url.port!)/\(name)?user=\(url.user!)&ssl=false&loginTimeout=10&tcpKeepAlive=true"
        let detect = try BuiltBinary.wso2db(["detect", "--url", jdbc, "--verbose"])
        #expect(detect.status == 0, "\(detect.standardError)")
        #expect(detect.standardError.contains("left out"), "\(detect.standardError)")
        #expect(detect.standardError.contains("loginTimeout") && detect.standardError.contains("tcpKeepAlive"), "\(detect.standardError)")
        #expect(detect.standardError.contains("sslmode=disable"), "\(detect.standardError)")
    }
}
