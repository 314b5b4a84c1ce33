import ConfigFixtures
import Foundation
import LegacyData
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Synchronization
import Testing
import WSO2Catalog
import WSO2Schema

/// `wso2db upgrade` as a user runs it: a 2.6.0 deployment (AM, UM and REG databases) and a 3.2.0 one (AM and
/// shared) brought to 4.7.0, on PostgreSQL and from SQLite into PostgreSQL; the dry run, the real run, a run
/// killed at its progress points and run again, two runs at once, targets that hold other data.
@Suite("wso2db upgrade")
struct UpgradeTests {
    typealias Place = MergeLegacyTests.Place

    /// The old deployment's databases and the new one's.
    struct Deployment {
        var am: Place
        var um: Place
        var reg: Place
        var newAM: Place
        var newShared: Place

        /// The URL options of an upgrade of this deployment.
        var arguments: [String] {
            let old = um.url == reg.url ? ["--shared", um.url] : ["--um", um.url, "--reg", reg.url]
            return ["--am", am.url] + old + ["--to-am", newAM.url, "--to-shared", newShared.url]
        }

        /// Everything the old databases hold, to tell they were not written.
        func fingerprints() throws -> [Data] {
            try (um.url == reg.url ? [am, um] : [am, um, reg]).map { try $0.fingerprint() }
        }
    }

    static func upgrade(
        _ deployment: Deployment, _ extra: [String] = [], format: String = "json", input: String? = nil,
        killWhen: (@Sendable (String) -> Bool)? = nil
    ) throws -> Subprocess.Result {
        try BuiltBinary.wso2db(["upgrade"] + deployment.arguments + ["--format", format] + extra, input: input, killWhen: killWhen)
    }

    static func json(_ result: Subprocess.Result) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
            "\(result.standardOutput.prefix(2000))\(result.standardError.suffix(3000))")
    }

    /// A 2.6.0 deployment on PostgreSQL: WSO2_AM_DB from WSO2's own script, filled with rows that keep later
    /// releases' rules; the UM and REG databases full of awkward data; two empty new databases.
    static func postgres260() throws -> Deployment {
        let (server, name) = try MigrateAMTests.postgres("2.6.0")
        let (um, reg) = try MergeLegacyTests.awkwardSources(.postgres)
        return Deployment(
            am: Place(engine: .postgres, url: server.url(database: name)), um: um, reg: reg,
            newAM: Place(engine: .postgres, url: server.url(database: try server.createDatabase(prefix: "newam"))),
            newShared: try MergeLegacyTests.emptyTarget(.postgres))
    }

    /// A 3.2.0 deployment on SQLite (WSO2_AM_DB and one shared database, made by `create` and filled), with two
    /// empty new databases on PostgreSQL.
    static func sqlite320() throws -> Deployment {
        let folder = try MergeLegacyTests.folder()
        let am = Place(engine: .sqlite, url: "sqlite:\(folder)/am.db")
        let shared = Place(engine: .sqlite, url: "sqlite:\(folder)/shared.db")
        for (database, place) in [("am", am), ("shared", shared)] {
            let created = try BuiltBinary.wso2db(["create", database, "--version", "3.2.0", "--url", place.url])
            try #require(created.status == 0, "\(created.standardError)")
        }
        let connection = try am.connect()
        try SchemaFiller.keepingLaterRules(of: .am, after: "3.2.0").fill(try connection.inspectSchema(), on: connection)
        // A CHAR(n) holds n characters, as the product writes them (UUIDs, flags, property types): PostgreSQL
        // pads a shorter value, which the checks refuse before the first write (`shortFixedWidthText`).
        try connection.execute("PRAGMA foreign_keys = OFF")
        for table in try Catalog.schema(for: .am, version: "3.2.0").tables {
            for column in table.columns {
                guard case .char(let width) = column.type else { continue }
                let quoted = connection.dialect.quote(column.name)
                try connection.execute(
                    "UPDATE \(connection.dialect.quote(table.name)) SET \(quoted) = substr(\(quoted) || '\(String(repeating: "x", count: width))', 1, \(width))")
            }
        }
        try TableData.fill(try shared.connect(), schema: try Catalog.schema(for: .shared, version: "3.2.0"), rows: 6)
        return Deployment(
            am: am, um: shared, reg: shared, newAM: try MergeLegacyTests.emptyTarget(.postgres), newShared: try MergeLegacyTests.emptyTarget(.postgres))
    }

    /// Rows per table of `database` at `release`.
    static func counts(_ place: Place, _ database: WSO2Database, _ release: String) throws -> [String: Int64] {
        let connection = try place.connect(readOnly: true)
        var counts: [String: Int64] = [:]
        for table in try Catalog.schema(for: database, version: release).tables {
            counts[table.name] = try connection.query("SELECT count(*) FROM \(connection.dialect.quote(table.name))").rows.first?.first?.integerValue
        }
        return counts
    }

    /// What a finished upgrade leaves: verified; the new AM and shared databases exactly 4.7.0; every AM row
    /// of a table 4.7.0 still has kept (a step deletes rows only where WSO2's script does); the old untouched.
    static func checkUpgraded(
        _ result: Subprocess.Result, _ deployment: Deployment, amRelease: String, amRows: [String: Int64], fingerprints: [Data],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try #require(result.status == 0, "\(result.standardOutput.prefix(3000))\(result.standardError.suffix(3000))", sourceLocation: sourceLocation)
        let report = try json(result)
        #expect(report["verified"] as? Bool == true, sourceLocation: sourceLocation)
        let am = try #require(report["am"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(am["from"] as? String == amRelease, sourceLocation: sourceLocation)
        #expect(am["to"] as? String == "4.7.0", sourceLocation: sourceLocation)
        #expect((am["differences"] as? [String]) == [], sourceLocation: sourceLocation)
        #expect(((report["merge"] as? [String: Any])?["verified"] as? Bool) == true, sourceLocation: sourceLocation)
        for (database, place) in [("am", deployment.newAM), ("shared", deployment.newShared)] {
            let drift = try BuiltBinary.wso2db(["drift", database, "--version", "4.7.0", "--url", place.url])
            #expect(drift.status == 0, "\(database): \(drift.standardOutput.prefix(3000))", sourceLocation: sourceLocation)
        }
        let now = try counts(deployment.newAM, .am, "4.7.0")
        let kept = try Catalog.schema(for: .am, version: amRelease).tables.map(\.name).filter { now[$0] != nil }
        #expect(kept.count > 80, sourceLocation: sourceLocation)
        for table in kept where !MigrateAMTests.deletesRows(table) {
            #expect((now[table] ?? -1) >= (amRows[table] ?? 0), "\(table): \(amRows[table] ?? 0) rows before, \(now[table] ?? -1) after", sourceLocation: sourceLocation)
        }
        #expect(amRows.values.reduce(0, +) > 100, "the old AM database holds rows", sourceLocation: sourceLocation)
        #expect(try deployment.fingerprints() == fingerprints, "the old databases are unchanged", sourceLocation: sourceLocation)
    }

    @Test("2.6.0 deployment on PostgreSQL: the dry run plans and writes nothing; the run copies, migrates, merges and verifies; a rerun only verifies")
    func postgres260Deployment() throws {
        let deployment = try Self.postgres260()
        let fingerprints = try deployment.fingerprints()
        let amRows = try Self.counts(deployment.am, .am, "2.6.0")

        let planned = try Self.upgrade(deployment, ["--dry-run"])
        #expect(planned.status == 0, "\(planned.standardError.suffix(3000))")
        let plan = try Self.json(planned)
        #expect(plan["dryRun"] as? Bool == true)
        #expect(plan["verified"] is NSNull)
        let am = try #require(plan["am"] as? [String: Any])
        #expect(am["from"] as? String == "2.6.0")
        #expect(am["placedBy"] as? String == "detect")
        #expect(am["state"] as? String == "empty")
        #expect((am["steps"] as? [[String: Any]])?.compactMap { $0["version"] as? String }.last == "4.7.0")
        #expect((am["steps"] as? [Any])?.count == 11)
        #expect(am["rows"] as? Int == Int(amRows.values.reduce(0, +)))
        #expect((am["conflicts"] as? [String]) == [])
        #expect(((plan["merge"] as? [String: Any])?["dryRun"] as? Bool) == true)
        #expect(try deployment.fingerprints() == fingerprints, "a dry run changes nothing in the old databases")
        #expect(try deployment.newAM.objects() == [] && (try deployment.newShared.objects()) == [], "nor in the new ones")

        let text = try Self.upgrade(deployment, ["--dry-run"], format: "text")
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("dry run: every check passed, nothing was written"), "\(text.standardOutput.prefix(2000))")
        #expect(text.standardOutput.contains("WSO2_AM_DB 2.6.0 (placed by detect)"))

        let upgraded = try Self.upgrade(deployment)
        try Self.checkUpgraded(upgraded, deployment, amRelease: "2.6.0", amRows: amRows, fingerprints: fingerprints)
        let report = try Self.json(upgraded)
        let copied = try #require((report["am"] as? [String: Any])?["copied"] as? [[String: Any]])
        #expect(copied.count == 124 && copied.allSatisfy { $0["match"] as? Bool == true }, "every table of 2.6.0 copied and verified")
        #expect((report["stillToDo"] as? [String])?.contains { $0.contains("reg-index.sql") } == true, "what WSO2's tools still do is named")
        #expect(report["alreadyDone"] as? Bool == false)

        let again = try Self.upgrade(deployment, format: "text")
        #expect(again.status == 0, "\(again.standardError.suffix(2000))")
        #expect(again.standardOutput.contains("already upgraded by an earlier run; verified it again"), "\(again.standardOutput.prefix(2000))")
        #expect(again.standardOutput.contains("verified:"))
    }

    @Test("3.2.0 deployment on SQLite into PostgreSQL: dry run writes nothing; the run ends at 4.7.0, verified; the shared database copied too")
    func sqlite320IntoPostgres() throws {
        let deployment = try Self.sqlite320()
        let fingerprints = try deployment.fingerprints()
        let amRows = try Self.counts(deployment.am, .am, "3.2.0")

        let planned = try Self.upgrade(deployment, ["--dry-run"])
        #expect(planned.status == 0, "\(planned.standardError.suffix(3000))")
        let plan = try Self.json(planned)
        #expect((plan["am"] as? [String: Any])?["from"] as? String == "3.2.0")
        #expect((plan["am"] as? [String: Any])?["placedBy"] as? String == "history")
        #expect((((plan["merge"] as? [String: Any])?["um"] as? [String: Any])?["version"] as? String) == "3.2.0")
        #expect(try deployment.fingerprints() == fingerprints)
        #expect(try deployment.newAM.objects() == [] && (try deployment.newShared.objects()) == [])

        let upgraded = try Self.upgrade(deployment)
        try Self.checkUpgraded(upgraded, deployment, amRelease: "3.2.0", amRows: amRows, fingerprints: fingerprints)
        let again = try Self.upgrade(deployment)
        #expect(try again.status == 0 && Self.json(again)["alreadyDone"] as? Bool == true, "\(again.standardError.suffix(2000))")
    }

    @Test("a CHAR(n) value of fewer than n characters (SQLite keeps it) into PostgreSQL, which pads it: refused before the first write, the row named")
    func shortFixedWidthText() throws {
        let deployment = try Self.sqlite320()
        let id = try {
            let connection = try deployment.am.connect()
            let id = try #require(try connection.query("SELECT min(ID) FROM IDN_OAUTH_CONSUMER_APPS").rows.first?.first?.integerValue)
            try connection.execute("UPDATE IDN_OAUTH_CONSUMER_APPS SET PKCE_MANDATORY = '' WHERE ID = \(id)")
            return id
        }()
        let fingerprints = try deployment.fingerprints()
        let refused = try Self.upgrade(deployment, format: "text")
        #expect(refused.status == 2, "\(refused.standardOutput.suffix(1000))\(refused.standardError.suffix(2000))")
        let output = refused.standardOutput + refused.standardError
        #expect(
            output.contains("IDN_OAUTH_CONSUMER_APPS (ID=\(id)) PKCE_MANDATORY: '' has fewer characters than its CHAR(1) column, which PostgreSQL pads with spaces"),
            "\(output.suffix(3000))")
        #expect(try deployment.newAM.objects() == [] && (try deployment.newShared.objects()) == [], "nothing was written")
        #expect(try deployment.fingerprints() == fingerprints)
    }

    @Test("killed with SIGKILL at its progress points and run again: the same end, verified, the old databases untouched")
    func killedAndResumed() throws {
        let moments: [(name: String, when: @Sendable (String) -> Bool)] = [
            ("copying WSO2_AM_DB", { $0.components(separatedBy: "  copied ").count > 4 }),
            ("migrating the copy", { $0.contains("am: applying 3.1.0 → 3.2.0") }),
            ("merging the shared side", { $0.contains("shared: creating") }),
        ]
        var killed = 0
        for moment in moments {
            let deployment = try Self.postgres260()
            let fingerprints = try deployment.fingerprints()
            let amRows = try Self.counts(deployment.am, .am, "2.6.0")
            let run = try Self.upgrade(deployment, killWhen: moment.when)
            if run.status == 137 { killed += 1 }
            #expect(run.status == 137 || run.status == 0, "\(moment.name): \(run.standardError.suffix(2000))")
            let again = try Self.upgrade(deployment)
            try Self.checkUpgraded(again, deployment, amRelease: "2.6.0", amRows: amRows, fingerprints: fingerprints)
        }
        #expect(killed >= moments.count - 1, "runs killed part-way: \(killed) of \(moments.count)")
    }

    @Test("two upgrades at once: one upgrades; the other stops naming the lock, or waits for it and only verifies", arguments: [false, true])
    func concurrent(waitForLock: Bool) throws {
        let deployment = try Self.sqlite320()
        let results = Mutex<[Subprocess.Result]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            if let result = try? Self.upgrade(deployment, ["--lock-timeout", waitForLock ? "600" : "0"]) { results.withLock { $0.append(result) } }
        }
        let finished = results.withLock { $0 }
        try #require(finished.count == 2)
        let outcomes = finished.map { "exit \($0.status): \($0.standardError.suffix(600))" }
        let winners = finished.filter { $0.status == 0 }
        try #require(!winners.isEmpty, "one run upgraded: \(outcomes)")
        for result in finished where result.status != 0 {
            #expect(!waitForLock && result.status == 2 && result.standardError.contains("holds its lock"), "the other stops naming the lock: \(outcomes)")
        }
        if waitForLock {
            #expect(winners.count == 2, "\(outcomes)")
            #expect(try winners.map(Self.json).contains { $0["alreadyDone"] as? Bool == true }, "the second only verified: \(outcomes)")
        }
        for report in try winners.map(Self.json) { #expect(report["verified"] as? Bool == true) }
    }

    @Test("a new database that holds other data, or is an old one, is refused before any write, saying what to do")
    func refusedTargets() throws {
        var deployment = try Self.sqlite320()
        let fingerprints = try deployment.fingerprints()
        try deployment.newAM.connect().execute("CREATE TABLE someone_elses (id integer)")
        let refused = try Self.upgrade(deployment)
        #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains("already holds data that is not from this upgrade"), "\(refused.standardError)")
        #expect(refused.standardError.contains("hint:"))
        #expect(refused.standardOutput.isEmpty)
        #expect(try deployment.newAM.objects() == ["public.someone_elses"])
        #expect(try deployment.newShared.objects() == [])
        #expect(try deployment.fingerprints() == fingerprints)

        deployment.newAM = deployment.am
        let same = try Self.upgrade(deployment)
        #expect(same.status == 2 && same.standardError.contains("are the same database"), "\(same.standardError)")
        #expect(try deployment.fingerprints() == fingerprints)
    }

    @Test("--in-place: refused while a step would drop data, changing nothing; with --allow-destructive the old databases end at 4.7.0")
    func inPlace() throws {
        let deployment = try Self.sqlite320()
        let fingerprints = try deployment.fingerprints()
        let arguments = ["upgrade", "--am", deployment.am.url, "--shared", deployment.um.url, "--in-place", "--format", "json"]
        let refused = try BuiltBinary.wso2db(arguments)
        #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains("the step to 4.0.0"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--allow-destructive"))
        #expect(try deployment.fingerprints() == fingerprints)

        let result = try BuiltBinary.wso2db(arguments + ["--allow-destructive"])
        try #require(result.status == 0, "\(result.standardError.suffix(3000))")
        let report = try Self.json(result)
        #expect(report["verified"] as? Bool == true)
        #expect(report["inPlace"] as? Bool == true)
        #expect((report["am"] as? [String: Any])?["to"] as? String == "4.7.0")
        #expect((report["shared"] as? [[String: Any]])?.first?["to"] as? String == "4.7.0")
        for (database, place) in [("am", deployment.am), ("shared", deployment.um)] {
            let drift = try BuiltBinary.wso2db(["drift", database, "--version", "4.7.0", "--url", place.url])
            #expect(drift.status == 0, "\(database): \(drift.standardOutput.prefix(2000))")
        }
    }

    @Test("--from-home (2.x) --to-home (4.x): the databases found through both configurations, the password from stdin never shown")
    func fromHomes() throws {
        let account = try ConfigCLITests.account()
        let names = try ["am", "um", "reg", "newam", "newshared"].map { try account.database($0) }
        let old = try Fixtures.folder() + "/wso2am-2.6.0"
        let new = try Fixtures.folder() + "/wso2am-4.7.0"
        let master = try Fixtures.write(
            ConfigCLITests.masterDatasources([
                ("WSO2AM_DB", account.jdbc(names[0]), account.role, account.password),
                ("WSO2UM_DB", account.jdbc(names[1]), account.role, account.password),
                ("WSO2REG_DB", account.jdbc(names[2]), account.role, account.password),
            ]), to: old + "/repository/conf/datasources/master-datasources.xml")
        try Fixtures.write(Fixtures.userMgt(dataSource: "jdbc/WSO2UM_DB"), to: old + "/repository/conf/user-mgt.xml")
        try Fixtures.write(Fixtures.registry(governance: "jdbc/WSO2REG_DB"), to: old + "/repository/conf/registry.xml")
        try Fixtures.write(
            Fixtures.deploymentTOML(apim: account.jdbc(names[3]), shared: account.jdbc(names[4]), user: account.role, password: "$secret{db}"),
            to: new + "/repository/conf/deployment.toml")
        for database in ["am", "um", "reg"] {
            let created = try BuiltBinary.wso2db(["create", database, "--version", "2.6.0", "--config", master])
            try #require(created.status == 0, "\(created.standardError)")
        }
        func connect(_ name: String) throws -> PostgresConnection {
            let password = account.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? account.password
            return try PostgresConnection(url: PostgreSQL.url("postgresql://\(account.host):\(account.port)/\(name)?user=\(account.role)&password=\(password)"))
        }
        let am = try connect(names[0])
        try SchemaFiller.keepingLaterRules(of: .am, after: "2.6.0").fill(try am.inspectSchema(), on: am)
        try AwkwardLegacyData.fill(um: try connect(names[1]), reg: try connect(names[2]))

        let upgraded = try BuiltBinary.wso2db(
            ["upgrade", "--from-home", old, "--to-home", new, "--password-stdin", "--format", "json"], input: account.password + "\n")
        #expect(upgraded.status == 0, "\(upgraded.standardError.suffix(3000))")
        ConfigCLITests.expectNoPassword(upgraded, account.password)
        #expect(upgraded.standardError.contains("--am: WSO2AM_DB"), "\(upgraded.standardError.prefix(3000))")
        #expect(upgraded.standardError.contains("--um: WSO2UM_DB (jdbc/WSO2UM_DB) in \(master)"))
        #expect(upgraded.standardError.contains("--to-am: [database.apim_db] in \(new)/repository/conf/deployment.toml"))
        #expect(upgraded.standardError.contains("--to-shared: [database.shared_db]"))
        let report = try Self.json(upgraded)
        #expect(report["verified"] as? Bool == true)
        let drift = try BuiltBinary.wso2db(["drift", "am", "--url", account.server.url(database: names[3])])
        #expect(drift.status == 0, "\(drift.standardOutput.prefix(2000))")
    }
}
