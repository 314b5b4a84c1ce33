import Foundation
import LegacyData
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Synchronization
import Testing

/// Faults, done for real: `merge-legacy` and `migrate` killed with SIGKILL inside each phase (found
/// by their progress on stderr and pinned there with table locks, so that a kill lands where it is
/// meant to whatever the machine's speed), the server crashed and restarted mid-merge, a
/// connection terminated by the server, Ctrl-C. Each ends in a correct, verified result when run
/// again, with the sources unchanged. (Time-based SIGKILLs and concurrent runs are in
/// `MergeLegacyTests` and `MigrateTests`.)
@Suite("faults: kills, crashes, dropped connections, Ctrl-C")
struct FaultTests {
    typealias Place = MergeLegacyTests.Place

    // MARK: - Fixtures

    /// A UM and a REG database on the shared server, filled by the generator (over 10,000 rows), the
    /// order in which the merge copies their tables, and what they held: made once, only read.
    struct Sources: Sendable {
        let um: Place
        let reg: Place
        let before: MergeLegacyTests.Before
        /// The tables in the merge's order (upper case).
        let tables: [String]
    }

    static let generated = Result { try makeSources(on: LocalPostgres.shared()) }

    static func makeSources(on server: LocalPostgres, checkpoint: Bool = false) throws -> Sources {
        var places: [Place] = []
        for database in ["um", "reg"] {
            let place = Place(engine: .postgres, url: server.url(database: try server.createDatabase(prefix: database)))
            let created = try BuiltBinary.wso2db(["create", database, "--version", "2.6.0", "--url", place.url])
            guard created.status == 0 else { throw CommandFailure(program: "wso2db create", status: created.status, standardError: created.standardError, standardOutput: "") }
            places.append(place)
        }
        let (um, reg) = (places[0], places[1])
        try {
            _ = try LegacyDataGenerator(seed: 9, scale: Scale(factor: 8)).fill(um: try um.connect(), reg: try reg.connect())
        }()
        let plan = try BuiltBinary.wso2db(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", "sqlite:/nonexistent/plan.db", "--dry-run", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(plan.standardOutput.utf8)) as? [String: Any]
        let tables = (document?["tables"] as? [[String: Any]] ?? []).compactMap { $0["table"] as? String }
        guard tables.count == 40 else {
            throw CommandFailure(program: "wso2db merge-legacy --dry-run", status: plan.status, standardError: plan.standardError, standardOutput: plan.standardOutput)
        }
        if checkpoint {
            // A crash makes PostgreSQL replay sequence WAL, which logs values 32 ahead: a sequence
            // used since the last checkpoint comes back further on, by the server's own doing.
            // After a checkpoint there is nothing of the sources' to replay.
            try server.psql(database: "postgres", command: "CHECKPOINT")
        }
        return Sources(um: um, reg: reg, before: try MergeLegacyTests.before(um: um, reg: reg), tables: tables)
    }

    /// A fresh, empty PostgreSQL target whose connections carry `application_name`, so that the
    /// merge's own server process can be found in `pg_stat_activity`.
    static func target(on server: LocalPostgres) throws -> (place: Place, application: String) {
        let application = "wso2db_fault_\(UUID().uuidString.prefix(8).lowercased())"
        let name = try server.createDatabase(prefix: "target")
        return (Place(engine: .postgres, url: server.url(database: name) + "?application_name=\(application)"), application)
    }

    /// The merge-legacy arguments for these places (the same for the run and the run again).
    static func mergeArguments(um: Place, reg: Place, to target: Place) -> [String] {
        ["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target.url, "--format", "json"]
    }

    /// Rows of the target's merge journal, in order; `nil` when it has none.
    static func journal(_ target: Place) throws -> [String]? {
        let connection = try target.connect()
        let dialect = connection.dialect
        guard try connection.query(dialect.bookkeepingTableExists("merge_journal")).rows.first?.first?.integerValue == 1 else { return nil }
        return try connection.query("SELECT \"step\" FROM \(dialect.bookkeepingTable("merge_journal")) ORDER BY \"entry\"").rows.compactMap {
            $0.first?.textValue
        }
    }

    /// Whether the target's history records a merge.
    static func historyHasMerge(_ target: Place) throws -> Bool {
        let connection = try target.connect()
        let dialect = connection.dialect
        guard try connection.query(dialect.bookkeepingTableExists("schema_history")).rows.first?.first?.integerValue == 1 else { return false }
        return try connection.query("SELECT count(*) FROM \(dialect.bookkeepingTable("schema_history")) WHERE \"kind\" = 'merge'").rows.first?
            .first?.integerValue ?? 0 > 0
    }

    /// Whether a server process of `application` (in any database of the server) waits for a lock.
    static func waitsForLock(_ server: LocalPostgres, application: String) throws -> Bool {
        let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: "postgres")))
        return try connection.query(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", .text(application)
        ).rows.first?.first?.integerValue ?? 0 > 0
    }

    /// Whether a server process of `application` waits for a lock on `relation` (schema-qualified) of
    /// the target database of `server`.
    static func waitsForLock(_ server: LocalPostgres, application: String, on relation: String) throws -> Bool {
        let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: "postgres")))
        let waiting = try connection.query(
            "SELECT a.datname FROM pg_catalog.pg_stat_activity a WHERE a.application_name = $1 AND a.wait_event_type = 'Lock'",
            .text(application))
        for database in waiting.rows.compactMap({ $0.first?.textValue }) {
            let there = try PostgresConnection(url: PostgreSQL.url(server.url(database: database)))
            let found = try there.query(
                """
                SELECT count(*) FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                WHERE a.application_name = $1 AND NOT l.granted AND l.relation = to_regclass($2)
                """, .text(application), .text(relation))
            if found.rows.first?.first?.integerValue ?? 0 > 0 { return true }
        }
        return false
    }

    /// How many primary keys the target's tables have.
    static func primaryKeys(_ target: Place) throws -> Int {
        let connection = try PostgresConnection(url: PostgreSQL.url(plain(target)))
        return Int(
            try connection.query(
                """
                SELECT count(*) FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_namespace n ON n.oid = k.connamespace
                WHERE k.contype = 'p' AND n.nspname = 'public'
                """
            ).rows.first?.first?.integerValue ?? 0)
    }

    /// A table lock held by a connection of its own, on a thread of its own (taking it may wait in
    /// the server's lock queue), until `release()`.
    final class TableLock: Sendable {
        private let acquired = DispatchSemaphore(value: 0)
        private let releasing = DispatchSemaphore(value: 0)
        private let finished = DispatchSemaphore(value: 0)
        private let failure = Mutex<String?>(nil)
        let application = "wso2db_holder_\(UUID().uuidString.prefix(8).lowercased())"

        /// Asks for `mode` on `table` of `schema` in the database at `url` (a URL without parameters).
        init(url: String, schema: String = "public", table: String, mode: String) {
            let conninfo = url + "?application_name=\(application)"
            Thread.detachNewThread { [self] in
                let (acquired, releasing, finished) = (self.acquired, self.releasing, self.finished)
                defer { finished.signal() }
                do {
                    let connection = try PostgresConnection(url: PostgreSQL.url(conninfo))
                    try connection.execute("BEGIN; LOCK TABLE \"\(schema)\".\"\(table)\" IN \(mode) MODE")
                    acquired.signal()
                    releasing.wait()
                    connection.rollback()
                } catch {
                    self.failure.withLock { $0 = "\(error)" }
                    acquired.signal()
                }
            }
        }

        /// Waits until the lock is held.
        func waitAcquired(timeout: Duration = .seconds(60)) throws {
            let seconds = Double(timeout.components.seconds)
            guard acquired.wait(timeout: .now() + seconds) == .success else {
                throw WatchedProcess.TimedOut(what: "a table lock", standardError: "")
            }
            acquired.signal()
            if let failure = failure.withLock({ $0 }) { throw WatchedProcess.TimedOut(what: "a table lock: \(failure)", standardError: "") }
        }

        /// Rolls the lock's transaction back and waits for its connection to close.
        func release() {
            releasing.signal()
            _ = finished.wait(timeout: .now() + 60)
        }
    }

    /// The URL of the database `place` names, without parameters.
    static func plain(_ place: Place) -> String {
        String(place.url.prefix { $0 != "?" })
    }

    // MARK: - merge-legacy killed inside each phase

    enum Phase: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Reading and checking the sources: nothing written yet.
        case checking
        /// The bare schema's transaction.
        case creating
        /// Inside a table's copy, with the tables before it committed.
        case copying
        /// Inside the one transaction that adds keys, indexes and foreign keys.
        case indexBuild
        /// Reading every table back, after the finish committed, before the history row.
        case verification
        var description: String { rawValue }
    }

    @Test("PostgreSQL: merge-legacy killed with SIGKILL inside each phase, then run again: merged, verified, sources unchanged", arguments: Phase.allCases)
    func mergeKilledInPhase(phase: Phase) throws {
        let server = try LocalPostgres.shared()
        let sources = try Self.generated.get()
        let (target, application) = try Self.target(on: server)
        // The table whose copy is pinned (about two thirds of the way), and a lock on it.
        let pinned = sources.tables[sources.tables.count * 2 / 3].lowercased()
        let run = try WatchedProcess(Self.mergeArguments(um: sources.um, reg: sources.reg, to: target))
        var locks: [TableLock] = []
        defer { locks.forEach { $0.release() } }
        switch phase {
        case .checking:
            try run.waitForStandardError("the checking phase") { $0.contains("wso2db: checking the sources") }
        case .creating:
            try run.waitForStandardError("the creating phase") { $0.contains("wso2db: creating WSO2_SHARED_DB") }
        case .copying:
            // SHARE conflicts with the ROW EXCLUSIVE lock of COPY … FROM: the copy of `pinned` waits.
            try run.waitForStandardError("a first table copied") { $0.contains("  copied ") }
            let lock = TableLock(url: Self.plain(target), table: pinned, mode: "SHARE")
            locks.append(lock)
            try lock.waitAcquired()
            try waitUntil("the copy of \(pinned) to wait for the test's lock") { try Self.waitsForLock(server, application: application) }
        case .indexBuild, .verification:
            // ACCESS SHARE lets every COPY through, and stops the keys of `pinned` at their first ALTER.
            try run.waitForStandardError("a first table copied") { $0.contains("  copied ") }
            let lock = TableLock(url: Self.plain(target), table: pinned, mode: "ACCESS SHARE")
            locks.append(lock)
            try lock.waitAcquired()
            try waitUntil("the finish to wait for the test's lock") { try Self.waitsForLock(server, application: application) }
            #expect(run.standardError.contains("wso2db: adding keys"), "\(run.standardError.suffix(1500))")
            if phase == .indexBuild {
                // Each table's keys commit on their own, two tables at once: a run again finds some
                // of them built and goes on from there.
                try waitUntil("another table's keys to commit") { try Self.primaryKeys(target) > 0 }
            } else {
                // Stop the finish's last transaction at its journal row (SHARE lets no INSERT through;
                // every copy has committed by now), after it has read the tables whose ids a sequence
                // draws. Queue an exclusive lock behind its hold on one of them: when the finish
                // commits, the queue hands it over before verification, which reads them again (is
                // each sequence past its ids?), can. Found by the catalog alone: pg_get_expr would
                // wait for the finish's locks.
                let journalLock = TableLock(url: Self.plain(target), schema: "wso2db", table: "merge_journal", mode: "SHARE")
                locks.append(journalLock)
                try journalLock.waitAcquired()
                locks.removeFirst().release()
                try waitUntil("the finish's journal row to wait for the test's lock") {
                    try Self.waitsForLock(server, application: application, on: "wso2db.merge_journal")
                }
                let held = try #require(
                    try PostgresConnection(url: PostgreSQL.url(Self.plain(target))).query(
                        """
                        SELECT c.relname FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation
                        JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                        WHERE a.application_name = $1 AND l.granted AND c.relkind = 'r'
                          AND (c.relname LIKE 'um\\_%' OR c.relname LIKE 'reg\\_%')
                          AND EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d
                                      JOIN pg_catalog.pg_depend p ON p.classid = 'pg_catalog.pg_attrdef'::regclass AND p.objid = d.oid
                                      JOIN pg_catalog.pg_class s ON s.oid = p.refobjid AND s.relkind = 'S'
                                      WHERE d.adrelid = c.oid)
                        ORDER BY 1 LIMIT 1
                        """, .text(application)
                    ).rows.first?.first?.textValue, "a table the finish holds whose ids a sequence draws")
                let exclusive = TableLock(url: Self.plain(target), table: held, mode: "ACCESS EXCLUSIVE")
                locks.append(exclusive)
                try waitUntil("the test's exclusive lock to queue") { try Self.waitsForLock(server, application: exclusive.application) }
                locks.removeFirst().release()
                try exclusive.waitAcquired()
                try run.waitForStandardError("the verification phase") { $0.contains("wso2db: verifying every table") }
                try waitUntil("verification to wait for the test's lock") { try Self.waitsForLock(server, application: application) }
            }
        }
        let killed = run.killNow()
        #expect(killed.status == 137, "killed, not finished: \(killed.standardError.suffix(1500))")
        locks.forEach { $0.release() }
        locks = []

        // Where it died shows in the target.
        let journal = try Self.journal(target)
        let copied = journal?.filter { $0.hasPrefix("copied ") }.count ?? 0
        switch phase {
        case .checking:
            #expect(try target.objects() == [], "killed while checking: nothing was written")
        case .creating:
            #expect(journal == nil || copied == 0, "killed while creating: \(journal ?? [])")
        case .copying:
            #expect(copied == sources.tables.count * 2 / 3, "the tables before \(pinned) are copied, \(pinned) is not: \(journal ?? [])")
            #expect(journal?.contains("finished") == false)
        case .indexBuild:
            #expect(copied == sources.tables.count && journal?.contains("finished") == false, "every table copied, not finished: \(journal ?? [])")
        case .verification:
            #expect(journal?.contains("finished") == true, "the finish committed: \(journal ?? [])")
            #expect(try !Self.historyHasMerge(target), "killed before the verification's history row")
        }

        let again = try BuiltBinary.wso2db(Self.mergeArguments(um: sources.um, reg: sources.reg, to: target))
        try MergeLegacyTests.checkMerged(again, um: sources.um, reg: sources.reg, target: target, before: sources.before)
        let report = try MergeLegacyTests.json(again)
        switch phase {
        case .checking: #expect(report["resumed"] as? Bool == false && report["alreadyMerged"] as? Bool == false)
        case .creating: break
        case .copying, .indexBuild: #expect(report["resumed"] as? Bool == true, "went on from the journal")
        case .verification: #expect(report["alreadyMerged"] as? Bool == true, "only verified again")
        }
        #expect(try Self.historyHasMerge(target))
    }

    // MARK: - migrate killed inside each step

    @Test("PostgreSQL: migrate killed with SIGKILL inside each step's transaction, then run again: migrated, every row kept", arguments: [1, 2])
    func migrateKilledInStep(step: Int) throws {
        let (server, name, connection) = try MigrateTests.postgres(script: MergeLegacyTests.legacyScript, schema: MigrateTests.legacy, rows: 100)
        let before = try TableData.snapshot(connection, schema: MigrateTests.legacy)
        let application = "wso2db_fault_\(UUID().uuidString.prefix(8).lowercased())"
        let url = server.url(database: name)
        // ACCESS SHARE lets every read through and stops the step at its first change of that table:
        // UM_USER gets its UUID in the step to 3.2.0, REG_RESOURCE_TAG its ID in the step to 4.7.0 (the index the step
        // to 4.1.0 puts on it takes a SHARE lock, which ACCESS SHARE lets through).
        let lock = TableLock(url: url, table: step == 1 ? "um_user" : "reg_resource_tag", mode: "ACCESS SHARE")
        try lock.waitAcquired()
        let run = try WatchedProcess(["migrate", "um", "--url", url + "?application_name=\(application)"])
        let line = step == 1 ? "applying 3.0.0 → 3.2.0" : "applying 4.1.0 → 4.7.0"
        try run.waitForStandardError("the step's progress line") { $0.contains(line) }
        try waitUntil("the step to wait for the test's lock") { try Self.waitsForLock(server, application: application) }
        let killed = run.killNow()
        lock.release()
        #expect(killed.status == 137, "\(killed.standardError)")

        // The run's steps share one transaction (PostgreSQL), which never committed: the database is where the
        // run started, with no step of it recorded, whichever step was killed.
        let status = try BuiltBinary.wso2db(["status", "um", "--url", url, "--format", "json"])
        #expect(status.status == 0, "\(status.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(document["current"] as? String == "2.6.0", "\(status.standardOutput)")

        let again = try BuiltBinary.wso2db(["migrate", "um", "--url", url])
        #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        try MigrateTests.checkMigrated(
            connection, url: url, before: before, from: MigrateTests.legacy, expectedSQL: MergeLegacyTests.sharedScript)
    }

    // MARK: - The server and the connection

    @Test("the PostgreSQL server crashes and restarts in the middle of a merge: exit 2 with one clear message, then a clean rerun")
    func serverRestartMidMerge() throws {
        // A server of this test's own: the shared one serves other tests meanwhile.
        let server = try LocalPostgres.startPrivate()
        let sources = try Self.makeSources(on: server, checkpoint: true)
        let (target, application) = try Self.target(on: server)
        let pinned = sources.tables[sources.tables.count / 2].lowercased()
        let run = try WatchedProcess(Self.mergeArguments(um: sources.um, reg: sources.reg, to: target))
        try run.waitForStandardError("a first table copied") { $0.contains("  copied ") }
        let lock = TableLock(url: Self.plain(target), table: pinned, mode: "SHARE")
        try lock.waitAcquired()
        try waitUntil("the copy of \(pinned) to wait") { try Self.waitsForLock(server, application: application) }
        // As a crash would: every server process ends at once; then the server starts again.
        try server.stop()
        lock.release()
        try server.start()
        let failed = run.finish(timeout: .seconds(90))
        BadInputTests.expectRefused(failed, mentions: ["copying", "connection"])
        #expect(failed.standardError.contains("run the command again") || failed.standardError.contains("run the same command again"))

        let again = try BuiltBinary.wso2db(Self.mergeArguments(um: sources.um, reg: sources.reg, to: target))
        try MergeLegacyTests.checkMerged(again, um: sources.um, reg: sources.reg, target: target, before: sources.before)
        #expect(try MergeLegacyTests.json(again)["resumed"] as? Bool == true)
    }

    @Test("a merge's connection terminated by the server (pg_terminate_backend): exit 2, one clear message; run again, merged", arguments: ["--to", "--um"])
    func connectionTerminated(connection role: String) throws {
        let server = try LocalPostgres.shared()
        let (um, reg) = try MergeLegacyTests.awkwardSources(.postgres)
        let before = try MergeLegacyTests.before(um: um, reg: reg)
        let (target, application) = try Self.target(on: server)
        let sourceApplication = "wso2db_source_\(UUID().uuidString.prefix(8).lowercased())"
        let umPlace = Place(engine: .postgres, url: um.url + "?application_name=\(sourceApplication)")
        let run = try WatchedProcess(Self.mergeArguments(um: umPlace, reg: reg, to: target))
        try run.waitForStandardError("a first table copied") { $0.contains("  copied ") }
        // Pin the merge on a UM table, so that the UM source is read right after the lock goes.
        let lock = TableLock(url: Self.plain(target), table: "um_user", mode: "SHARE")
        try lock.waitAcquired()
        try waitUntil("the copy to wait") { try Self.waitsForLock(server, application: application) }
        let admin = try PostgresConnection(url: PostgreSQL.url(server.url(database: "postgres")))
        let terminated = try admin.query(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity WHERE application_name = $1",
            .text(role == "--to" ? application : sourceApplication)
        ).rows.first?.first?.integerValue
        // The target has two: the writer, and the reader that reads tables back beside the copy; three
        // when the merge is already building keys (two tables at once).
        #expect(role == "--to" ? (2...3).contains(terminated ?? 0) : terminated == 1, "\(terminated ?? 0) connections terminated")
        lock.release()
        let failed = run.finish(timeout: .seconds(90))
        BadInputTests.expectRefused(failed, mentions: ["terminating connection"] + (role == "--to" ? [] : ["--um"]))
        if role == "--to" {
            // Small sources may be past UM_USER's copy before the lock is taken: the finish's ALTER TABLE then waits for it.
            #expect(
                failed.standardError.contains("copying") || failed.standardError.contains("adding keys"),
                "the message says what the target was doing: \(failed.standardError.suffix(2000))")
        }

        let again = try BuiltBinary.wso2db(Self.mergeArguments(um: umPlace, reg: reg, to: target))
        try MergeLegacyTests.checkMerged(again, um: um, reg: reg, target: target, before: before)
        #expect(try MergeLegacyTests.json(again)["resumed"] as? Bool == true)
    }

    // MARK: - Ctrl-C

    @Test("Ctrl-C (SIGINT) during a merge: stops at a safe point, exit 2, says how to go on; run again, merged", arguments: [MergeLegacyTests.Engine.postgres, .sqlite])
    func interrupted(engine: MergeLegacyTests.Engine) throws {
        let um: Place
        let reg: Place
        let before: MergeLegacyTests.Before
        let target: Place
        let run: WatchedProcess
        var lock: TableLock?
        if engine == .postgres {
            let server = try LocalPostgres.shared()
            let sources = try Self.generated.get()
            (um, reg, before) = (sources.um, sources.reg, sources.before)
            let application: String
            (target, application) = try Self.target(on: server)
            run = try WatchedProcess(Self.mergeArguments(um: um, reg: reg, to: target))
            try run.waitForStandardError("a first table copied") { $0.contains("  copied ") }
            // Pinned in a table's copy, so that Ctrl-C surely comes before the last table.
            lock = TableLock(url: Self.plain(target), table: sources.tables[sources.tables.count / 2].lowercased(), mode: "SHARE")
            try lock?.waitAcquired()
            try waitUntil("the copy to wait") { try Self.waitsForLock(server, application: application) }
        } else {
            (um, reg) = try MergeLegacyTests.awkwardSources(.sqlite)
            before = try MergeLegacyTests.before(um: um, reg: reg)
            target = try MergeLegacyTests.emptyTarget(.sqlite)
            run = try WatchedProcess(Self.mergeArguments(um: um, reg: reg, to: target))
            try run.waitForStandardError("a first table copied") { $0.contains("  copied ") }
        }
        run.signal(SIGINT)
        lock?.release()
        let stopped = run.finish(timeout: .seconds(90))
        BadInputTests.expectRefused(stopped, mentions: ["interrupted (Ctrl-C)", "run the same command again"], prefix: "wso2db: error: interrupted")
        // A table never stays half-copied: every journal row is a whole table, and the run went no further.
        let journal = try #require(try Self.journal(target))
        #expect(!journal.contains("finished"), "\(journal)")
        let lines = stopped.standardError.split(separator: "\n").filter { $0.hasPrefix("  copied ") }
        #expect(journal.filter { $0.hasPrefix("copied ") }.count == lines.count, "\(journal) \(lines)")
        // SQLite's sequence triggers come with the keys and indexes, after the rows: none yet.
        let triggers = "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
        if engine == .sqlite { #expect(try target.connect(readOnly: true).query(triggers).rows.first?.first?.integerValue == 0) }

        let again = try BuiltBinary.wso2db(Self.mergeArguments(um: um, reg: reg, to: target))
        try MergeLegacyTests.checkMerged(again, um: um, reg: reg, target: target, before: before)
        #expect(try MergeLegacyTests.json(again)["resumed"] as? Bool == true)
        // One INSERT trigger and one UPDATE guard for each of the 41 NEXTVAL defaults of WSO2's 4.7.0 script
        // (every one on a key or NOT NULL column).
        if engine == .sqlite { #expect(try target.connect(readOnly: true).query(triggers).rows.first?.first?.integerValue == 82) }
    }
}
