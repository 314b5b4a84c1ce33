import AllDrivers
import Foundation
import LegacyData
import LocalMariaDB
import Migrations
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// `wso2db migrate am` on MySQL, against the suite's real MariaDB: every release's WSO2_AM_DB as WSO2's own
/// MySQL script builds it, in `latin1` as WSO2's documentation creates API-M databases on MySQL, filled with
/// rows in every table, migrated release by release with `--to`.
///
/// Character sets: the database stays in the character set it was created in. Tables a step creates take the
/// database's default, as they would if WSO2's script were run there; the inspector reports a character set or
/// collation only where it differs from the table's (or the table's from the database's), so a `latin1` database
/// and the catalog, generated from scripts loaded in `latin1` or `utf8mb4`, compare column by column, with the
/// collations WSO2's scripts spell out (`latin1_general_cs` …) held exactly.
@Suite("wso2db migrate am on MySQL")
struct MigrateAMMySQLTests {
    /// Every release with a later one, oldest first.
    static let releases = MigrateAMTests.releases

    /// WSO2's MySQL script of an AM release, in the reference folder.
    static func script(_ release: String) throws -> String {
        let postgres = try #require(ReleaseScript.apiManagers.first { $0.release == release }).script
        return MySQLCommandTests.reference(postgres.replacingOccurrences(of: "-postgresql-", with: "-mysql-"))
    }

    static func open(_ url: String) throws -> any DatabaseConnection {
        AllDrivers.register()
        return try DriverRegistry.open(try DatabaseURL(parsing: url), for: .write)
    }

    /// A `latin1` database built by WSO2's MySQL script of `release` and filled with rows that keep later
    /// releases' rules, in Latin-1 text (what such a database can hold).
    static func filled(_ release: String) throws -> (name: String, url: String) {
        let server = try LocalMariaDB.shared()
        let name = try server.createDatabase(prefix: "am" + release.replacingOccurrences(of: ".", with: ""), characterSet: "latin1")
        try server.mariadb(database: name, file: try script(release))
        let url = server.url(database: name)
        let connection = try open(url)
        var filler = try SchemaFiller.keepingLaterRules(of: .am, after: release, engine: .mysql)
        filler.latin1 = true
        try filler.fill(try connection.inspectSchema(), on: connection)
        return (name, url)
    }

    /// The differences of the live database from the MySQL catalog's schema of `release`.
    static func differences(_ connection: any DatabaseConnection, from release: String) throws -> [String] {
        let expected = connection.dialect.inspectedForm(of: try Catalog.schema(for: .am, version: release, engine: .mysql))
        return SchemaDiffer.differences(expected: expected, actual: try connection.inspectSchema()).map(\.line)
    }

    /// The rows of every table `step` keeps, projected on the columns it keeps with their MySQL type and does not
    /// give values to (renamed ones under their new name, and none that becomes NOT NULL), as text lines per table;
    /// `before` reads the old names.
    static func keptRows(_ connection: any DatabaseConnection, _ step: MigrationStep, before: Bool) throws -> [String: [String]] {
        var newNames: [String: String] = [:]
        for case .schema(let changes) in step.operations {
            for case .renameColumn(let table, let from, let to) in changes { newNames["\(table).\(from)".uppercased()] = to }
        }
        let old = try Catalog.schema(for: .am, version: step.from, engine: .mysql)
        let new = try Catalog.schema(for: .am, version: step.version, engine: .mysql)
        let filled = step.filledColumns
        let quote = connection.dialect.quote
        var result: [String: [String]] = [:]
        for table in old.tables {
            guard let kept = new.table(named: table.name) else { continue }
            let columns = table.columns.compactMap { column -> (old: String, new: String)? in
                let name = newNames["\(table.name).\(column.name)".uppercased()] ?? column.name
                // A column that becomes NOT NULL gets a value in rows without one (its default, or the step's data work).
                guard let after = kept.column(named: name), after.type == column.type, after.isNullable || !column.isNullable,
                    !filled.contains("\(table.name.uppercased()).\(name.uppercased())")
                else { return nil }
                return (column.name, name)
            }
            guard !columns.isEmpty else { continue }
            let list = columns.map { quote(before ? $0.old : $0.new) }.joined(separator: ", ")
            result[table.name] = try connection.query("SELECT \(list) FROM \(quote(table.name))").rows
                .map { row in row.map { "\($0)" }.joined(separator: " | ") }.sorted()
        }
        return result
    }

    /// Migrates the database release by release with `--to` along `path`: after each, the schema is that release's
    /// MySQL catalog and every row the step keeps is there.
    static func migrate(_ database: (name: String, url: String), along path: [String]) throws {
        let connection = try open(database.url)
        for next in path {
            let step = try #require(MigrationSteps.am.first { $0.version == next })
            let before = try keptRows(connection, step, before: true)
            let migrate = try BuiltBinary.wso2db("migrate", "am", "--url", database.url, "--to", next, "--allow-destructive")
            try #require(migrate.status == 0, "to \(next): \(migrate.standardOutput)\(migrate.standardError)")
            let differences = try differences(connection, from: next)
            try #require(differences == [], "after the step to \(next)")
            AMRows.expectKept(before, try keptRows(connection, step, before: false), step)
        }
    }

    /// Each release's WSO2 script is a starting point for the step after it; the oldest goes on, `--to` each later
    /// release, to 4.7.0 (every step from every release would take ten times as long and test no other SQL).
    @Test(
        "each release, built by WSO2's MySQL script in latin1 and filled, migrates with --to: the next release's MySQL catalog, rows kept, a rerun does nothing; 2.1.0 stops at every later release",
        arguments: releases)
    func chain(_ release: String) throws {
        let database = try Self.filled(release)
        #expect(try Self.differences(try Self.open(database.url), from: release) == [])
        let later = Array(MigrateAMTests.releases.drop { $0 != release }.dropFirst()) + ["4.7.0"]
        try Self.migrate(database, along: release == Self.releases[0] ? later : [later[0]])
        let again = try BuiltBinary.wso2db("migrate", "am", "--url", database.url, "--to", release == Self.releases[0] ? "4.7.0" : later[0])
        #expect(again.status == 0 && again.standardOutput.contains("up to date"), "\(again.standardOutput)\(again.standardError)")
    }

    @Test("migrate am on MySQL killed with SIGKILL inside a step goes on from the journal when run again, and ends as a run never killed")
    func killedInsideAStep() throws {
        let server = try LocalMariaDB.shared()
        var killedInsideAStep = false
        // Killed once the journal holds the given number of the step's statements: inside it, however fast the machine.
        for statements in [1, 10] {
            let database = try Self.filled("3.1.0")
            let connection = try Self.open(database.url)
            let step = try #require(MigrationSteps.am.first { $0.version == "3.2.0" })
            let before = try Self.keptRows(connection, step, before: true)
            // 3.2.0 drops AM_API_SCOPES, which holds rows here.
            let killed = try BuiltBinary.wso2db(
                ["migrate", "am", "--url", database.url, "--to", "3.2.0", "--allow-destructive", "--verbose"],
                killWhen: BuiltBinary.afterJournalled(statements))
            #expect(killed.status == 128 + 9, "killed after \(statements) statement(s): \(killed.standardError.suffix(500))")
            let journal = try server.mariadb(database: database.name, command: "SELECT COUNT(*) FROM wso2db_ddl_journal")
            killedInsideAStep = killedInsideAStep || journal != "0\n"
            let rerun = try BuiltBinary.wso2db("migrate", "am", "--url", database.url, "--to", "3.2.0", "--allow-destructive")
            try #require(rerun.status == 0, "after a kill after \(statements) statement(s): \(rerun.standardOutput)\(rerun.standardError)")
            #expect(try Self.differences(connection, from: "3.2.0") == [], "after a kill after \(statements) statement(s)")
            AMRows.expectKept(before, try Self.keptRows(connection, step, before: false), step)
            let history = try server.mariadb(database: database.name, command: "SELECT version FROM wso2db_schema_history WHERE kind = 'migrate'")
            #expect(history == "3.2.0\n", "the step recorded once: \(history)")
        }
        #expect(killedInsideAStep, "no kill landed inside the step")
    }

    @Test("a step whose verification fails on MySQL says what state the database is in (nothing rolled back, the journal kept) and a rerun goes on")
    func failedVerificationSaysWhereItStands() throws {
        let server = try LocalMariaDB.shared()
        let name = try server.createDatabase(prefix: "amverify", characterSet: "latin1")
        let url = server.url(database: name)
        let created = try BuiltBinary.wso2db("create", "am", "--version", "3.1.0", "--url", url)
        try #require(created.status == 0, "\(created.standardError)")
        let killed = try BuiltBinary.wso2db(
            ["migrate", "am", "--url", url, "--to", "3.2.0", "--allow-destructive", "--verbose"], killWhen: BuiltBinary.afterJournalled(1))
        try #require(killed.status == 128 + 9, "\(killed.standardError.suffix(500))")
        // Something the step does not make, added while it is part-way: its verification must fail.
        try server.mariadb(database: name, command: "ALTER TABLE AM_SUBSCRIBER ADD COLUMN WSO2DB_TEST_EXTRA INT")
        let failed = try BuiltBinary.wso2db("migrate", "am", "--url", url, "--to", "3.2.0", "--allow-destructive")
        #expect(failed.status == 2, "\(failed.standardOutput)\(failed.standardError)")
        #expect(failed.standardError.contains("WSO2DB_TEST_EXTRA") || failed.standardError.lowercased().contains("wso2db_test_extra"), "\(failed.standardError)")
        #expect(!failed.standardError.contains("so the step was rolled back"), "MySQL commits DDL by itself; nothing was rolled back: \(failed.standardError)")
        #expect(failed.standardError.contains("nothing was rolled back"), "\(failed.standardError)")
        #expect(failed.standardError.contains("part-way from 3.1.0 to 3.2.0"), "\(failed.standardError)")
        #expect(failed.standardError.contains("run the same command again"), "\(failed.standardError)")
        let journal = try server.mariadb(database: name, command: "SELECT COUNT(*) FROM wso2db_ddl_journal")
        #expect(journal != "0\n", "the journal is kept for the rerun")

        try server.mariadb(database: name, command: "ALTER TABLE AM_SUBSCRIBER DROP COLUMN WSO2DB_TEST_EXTRA")
        let rerun = try BuiltBinary.wso2db("migrate", "am", "--url", url, "--to", "3.2.0", "--allow-destructive")
        #expect(rerun.status == 0, "\(rerun.standardOutput)\(rerun.standardError)")
        #expect(try Self.differences(try Self.open(url), from: "3.2.0") == [])
        let history = try server.mariadb(database: name, command: "SELECT version FROM wso2db_schema_history WHERE kind = 'migrate'")
        #expect(history == "3.2.0\n", "the step recorded once: \(history)")
    }
}

/// Rows a step must keep, on any engine.
enum AMRows {
    /// Tables a step deletes rows from by design (its doc comment says why), by the step's version: they are held
    /// to "no row gained or changed".
    static let deletedBy: [String: Set<String>] = [
        "2.5.0": ["AM_ALERT_TYPES", "AM_ALERT_TYPES_VALUES"],
        "3.1.0": ["IDN_OIDC_SCOPE_CLAIM_MAPPING", "IDN_OAUTH2_SCOPE_BINDING"],
        "3.0.0": ["IDN_OAUTH2_SCOPE_BINDING"],
        "4.0.0": ["AM_GW_API_ARTIFACTS"],
    ]

    /// Every row `before` holds is still there (a step may add rows: seeds, moved scopes), except in the tables
    /// the step deletes rows from by design, which may only lose rows.
    static func expectKept(_ before: [String: [String]], _ after: [String: [String]], _ step: MigrationStep) {
        for (table, rows) in before {
            var remaining = after[table] ?? []
            var missing: [String] = []
            for row in rows {
                if let position = remaining.firstIndex(of: row) { remaining.remove(at: position) } else { missing.append(row) }
            }
            if deletedBy[step.version]?.contains(table.uppercased()) == true {
                #expect(remaining.isEmpty, "\(table): the step to \(step.version) adds or changes rows where it only deletes")
            } else {
                #expect(missing == [], "\(table): rows lost or changed by the step to \(step.version)")
            }
        }
    }
}
