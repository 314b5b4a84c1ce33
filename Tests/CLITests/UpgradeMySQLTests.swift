import Foundation
import LocalMariaDB
import LocalPostgres
import Testing
import WSO2Catalog

/// `wso2db upgrade` with MySQL on both sides, against the suite's real MariaDB: an API-M 2.6.0 deployment whose
/// WSO2_AM_DB (in `latin1`, as WSO2's guide makes it) and user-management and registry databases were made by
/// WSO2's own MySQL scripts and filled, upgraded into a new deployment's two empty MySQL databases; and the same
/// killed inside a step (where MySQL's DDL commits by itself, the step's journal) and run again.
@Suite("wso2db upgrade on MySQL")
struct UpgradeMySQLTests {
    /// The old deployment's databases and the new one's, as `mysql://` URLs.
    struct Deployment {
        var am: String
        var um: String
        var reg: String
        var newAM: String
        var newShared: String

        var arguments: [String] { ["--am", am, "--um", um, "--reg", reg, "--to-am", newAM, "--to-shared", newShared] }

        /// Everything the old databases hold, to tell they were not written.
        func fingerprints() throws -> [String] { try [am, um, reg].map(MySQLMergeTests.fingerprint) }
    }

    /// WSO2_AM_DB 2.6.0 by WSO2's MySQL script in `latin1`, filled; WSO2UM_DB and WSO2REG_DB by WSO2's MySQL kernel
    /// script, filled by `wso2db-generate`; the new AM database in `latin1` (WSO2's 4.x AM script needs it on
    /// MySQL), the new shared one in the server's utf8mb4 (the generated users hold characters beyond Latin-1).
    static func deployment() throws -> Deployment {
        let server = try LocalMariaDB.shared()
        let am = try MigrateAMMySQLTests.filled("2.6.0").url
        var legacy: [String] = []
        for role in ["um", "reg"] {
            let name = try server.createDatabase(prefix: "old" + role)
            try server.mariadb(database: name, file: MySQLCommandTests.reference("legacy-um-reg-mysql-kernel-v4.4.35.sql"))
            legacy.append(server.url(database: name))
        }
        let generated = try Subprocess.run(BuiltBinary.path("wso2db-generate"), ["--um", legacy[0], "--reg", legacy[1], "--scale", "1"])
        try #require(generated.status == 0, "\(generated.standardError)")
        return Deployment(
            am: am, um: legacy[0], reg: legacy[1], newAM: server.url(database: try server.createDatabase(prefix: "newam", characterSet: "latin1")),
            newShared: server.url(database: try server.createDatabase(prefix: "newshared")))
    }

    static func upgrade(_ deployment: Deployment, _ extra: [String] = [], killWhen: (@Sendable (String) -> Bool)? = nil) throws -> Subprocess.Result {
        try BuiltBinary.wso2db(["upgrade"] + deployment.arguments + ["--format", "json"] + extra, killWhen: killWhen)
    }

    /// Rows per table of the AM database at `release`.
    static func counts(_ url: String, _ release: String) throws -> [String: Int64] {
        let connection = try MigrateAMMySQLTests.open(url)
        var counts: [String: Int64] = [:]
        for table in try Catalog.schema(for: .am, version: release, engine: .mysql).tables {
            counts[table.name] = try connection.query("SELECT count(*) FROM \(connection.dialect.quote(table.name))").rows.first?.first?.integerValue
        }
        return counts
    }

    /// A finished upgrade: verified, both new databases exactly 4.7.0 as WSO2's MySQL scripts make it, every AM
    /// row of a table 4.7.0 keeps still there, the old databases unchanged.
    static func checkUpgraded(
        _ result: Subprocess.Result, _ deployment: Deployment, amRows: [String: Int64], fingerprints: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try #require(result.status == 0, "\(result.standardOutput.prefix(3000))\(result.standardError.suffix(3000))", sourceLocation: sourceLocation)
        let report = try UpgradeTests.json(result)
        #expect(report["verified"] as? Bool == true, sourceLocation: sourceLocation)
        let am = try #require(report["am"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(am["from"] as? String == "2.6.0" && am["to"] as? String == "4.7.0", sourceLocation: sourceLocation)
        #expect((am["differences"] as? [String]) == [], sourceLocation: sourceLocation)
        #expect(((report["merge"] as? [String: Any])?["verified"] as? Bool) == true, sourceLocation: sourceLocation)
        for (database, url) in [("am", deployment.newAM), ("shared", deployment.newShared)] {
            let drift = try BuiltBinary.wso2db(["drift", database, "--version", "4.7.0", "--url", url])
            #expect(drift.status == 0, "\(database): \(drift.standardOutput.prefix(3000))", sourceLocation: sourceLocation)
        }
        let now = try counts(deployment.newAM, "4.7.0")
        let kept = amRows.keys.filter { now[$0] != nil && !MigrateAMTests.deletesRows($0) }
        #expect(kept.count > 80, sourceLocation: sourceLocation)
        for table in kept {
            #expect((now[table] ?? -1) >= (amRows[table] ?? 0), "\(table): \(amRows[table] ?? 0) rows before, \(now[table] ?? -1) after", sourceLocation: sourceLocation)
        }
        #expect(amRows.values.reduce(0, +) > 100, "the old AM database holds rows", sourceLocation: sourceLocation)
        #expect(try deployment.fingerprints() == fingerprints, "the old databases are unchanged", sourceLocation: sourceLocation)
    }

    @Test("a 2.6.0 deployment made by WSO2's MySQL scripts: the dry run writes nothing; the run copies, migrates, merges and verifies; a rerun only verifies")
    func mysql260Deployment() throws {
        let deployment = try Self.deployment()
        let fingerprints = try deployment.fingerprints()
        let amRows = try Self.counts(deployment.am, "2.6.0")

        let planned = try Self.upgrade(deployment, ["--dry-run"])
        try #require(planned.status == 0, "\(planned.standardError.suffix(3000))")
        let plan = try UpgradeTests.json(planned)
        let am = try #require(plan["am"] as? [String: Any])
        #expect(am["from"] as? String == "2.6.0" && am["placedBy"] as? String == "detect")
        #expect((am["steps"] as? [[String: Any]])?.compactMap { $0["version"] as? String }.last == "4.7.0")
        #expect((am["conflicts"] as? [String]) == [])
        #expect(try deployment.fingerprints() == fingerprints, "a dry run changes nothing")
        #expect(try MigrateAMMySQLTests.open(deployment.newAM).existingObjects().isEmpty, "nor in the new AM database")

        let upgraded = try Self.upgrade(deployment)
        try Self.checkUpgraded(upgraded, deployment, amRows: amRows, fingerprints: fingerprints)
        let again = try Self.upgrade(deployment)
        #expect(try again.status == 0 && UpgradeTests.json(again)["alreadyDone"] as? Bool == true, "\(again.standardError.suffix(2000))")
        #expect(try deployment.fingerprints() == fingerprints)
    }

    @Test("killed with SIGKILL inside an AM step on MySQL (its DDL journalled) and run again: the same end, verified, the step recorded once")
    func killedInsideAStep() throws {
        let deployment = try Self.deployment()
        let fingerprints = try deployment.fingerprints()
        let amRows = try Self.counts(deployment.am, "2.6.0")
        // Once the journal of the step 2.6.0 → 3.0.0 holds 10 of its statements: inside it, however fast the machine.
        let killed = try Self.upgrade(deployment, ["--verbose"]) { error in
            guard let start = error.range(of: "am: applying 2.6.0 → 3.0.0") else { return false }
            return BuiltBinary.afterJournalled(10)(String(error[start.upperBound...]))
        }
        #expect(killed.status == 128 + 9, "\(killed.standardError.suffix(1500))")
        let server = try LocalMariaDB.shared()
        let newAM = String(deployment.newAM.split(separator: "/").last ?? "")
        let journal = try server.mariadb(database: newAM, command: "SELECT COUNT(*) FROM wso2db_ddl_journal")
        #expect(journal != "0\n", "the kill landed inside the step: its journal holds statements")

        let again = try Self.upgrade(deployment)
        try Self.checkUpgraded(again, deployment, amRows: amRows, fingerprints: fingerprints)
        let history = try server.mariadb(database: newAM, command: "SELECT version FROM wso2db_schema_history WHERE kind = 'migrate' AND version = '3.0.0'")
        #expect(history == "3.0.0\n", "the step recorded once: \(history)")
    }
}
