import ConfigFixtures
import Foundation
import LocalPostgres
import SQLDriver
import Testing
import WSO2Catalog

/// What every command prints and where: `--format json` is one JSON document on stdout, whatever
/// the command and whatever it found; `--quiet` and `--verbose` change stderr only; colour appears
/// only on a terminal and never with `NO_COLOR`.
@Suite("wso2db output: JSON, --verbose and --quiet, colour")
struct OutputTests {
    typealias Engine = MergeLegacyTests.Engine

    static let escape = "\u{1B}"

    /// stdout parsed as exactly one JSON document, an object: `JSONSerialization` refuses a second
    /// document or anything else after the first.
    static func document(_ result: Subprocess.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let said = "exit \(result.status)\nstdout: \(result.standardOutput.prefix(1500))\nstderr: \(result.standardError.suffix(1500))"
        let parsed = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(parsed as? [String: Any], "not one JSON object on stdout: \(said)", sourceLocation: sourceLocation)
    }

    /// A database for `shared`: a fresh PostgreSQL database, or a path for a new SQLite file.
    static func sharedTarget(_ engine: Engine) throws -> String {
        switch engine {
        case .postgres:
            let server = try LocalPostgres.shared()
            return server.url(database: try server.createDatabase(prefix: "output"))
        case .sqlite:
            return "sqlite:" + (try MergeLegacyTests.folder()) + "/shared.db"
        }
    }

    /// Adds a column the schema does not have, as a DBA's hand-made change would.
    static func addColumn(_ url: String, engine: Engine) throws {
        let place = MergeLegacyTests.Place(engine: engine, url: url)
        let connection = try place.connect()
        try connection.execute("ALTER TABLE \(engine == .postgres ? "um_tenant" : "UM_TENANT") ADD COLUMN HAND_MADE INTEGER")
    }

    /// Runs `arguments` on a terminal (a pseudo-terminal from `script`) and returns everything it
    /// showed there, stdout and stderr together, with the terminal's CR LF turned back into LF.
    static func onTerminal(_ arguments: [String], noColor: Bool) throws -> (status: Int32, text: String) {
        let command = ([try BuiltBinary.path("wso2db")] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        // TERM is set because CI may run with none or a dumb one; NO_COLOR="" counts as unset.
        let result = try Subprocess.run(
            "/usr/bin/script", ["-qefc", command.joined(separator: " "), "/dev/null"],
            environment: ["TERM": "xterm-256color", "NO_COLOR": noColor ? "1" : "", "PGCONNECT_TIMEOUT": "5"])
        return (result.status, result.standardOutput.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    // MARK: - JSON

    @Test("every --format json output, success, drift or refusal, is one JSON document on stdout", arguments: [Engine.postgres, .sqlite])
    func everyJSONOutput(engine: Engine) throws {
        let shared = try Self.sharedTarget(engine)
        let sharedSchema = MergeLegacyTests.shared470

        let created = try BuiltBinary.wso2db(["create", "shared", "--url", shared, "--format", "json"])
        #expect(created.status == 0, "\(created.standardError)")
        let createdDocument = try Self.document(created)
        #expect(createdDocument["database"] as? String == "shared")
        #expect(createdDocument["version"] as? String == "4.7.0")
        #expect(createdDocument["tables"] as? Int == sharedSchema.tables.count)

        let clean = try BuiltBinary.wso2db(["drift", "shared", "--url", shared, "--format", "json"])
        #expect(clean.status == 0, "\(clean.standardError)")
        let cleanDocument = try Self.document(clean)
        #expect(cleanDocument["fixSQL"] is NSNull, "every key is there, null when it has no value")
        #expect(cleanDocument["drift"] as? Bool == false)
        #expect((cleanDocument["differences"] as? [Any])?.isEmpty == true)

        let detected = try Self.document(try BuiltBinary.wso2db(["detect", "--url", shared, "--format", "json"]))
        #expect(detected["database"] as? String == "shared")
        #expect(detected["version"] as? String == "4.7.0")

        let status = try BuiltBinary.wso2db(["status", "shared", "--url", shared, "--format", "json"])
        #expect(status.status == 0, "\(status.standardError)")
        let statusDocument = try Self.document(status)
        #expect(statusDocument["current"] as? String == "4.7.0")
        #expect((statusDocument["pending"] as? [Any])?.isEmpty == true)

        let upToDate = try BuiltBinary.wso2db(["migrate", "shared", "--url", shared, "--format", "json"])
        #expect(upToDate.status == 0, "\(upToDate.standardError)")
        let upToDateDocument = try Self.document(upToDate)
        #expect(upToDateDocument["to"] as? String == "4.7.0")
        #expect((upToDateDocument["steps"] as? [Any])?.isEmpty == true)

        // Drift found (exit 1) is still one document, naming the column.
        try Self.addColumn(shared, engine: engine)
        let drifted = try BuiltBinary.wso2db(["drift", "shared", "--url", shared, "--format", "json", "--fix-sql"])
        #expect(drifted.status == 1, "\(drifted.standardError)")
        let driftedDocument = try Self.document(drifted)
        #expect(driftedDocument["drift"] as? Bool == true)
        let differences = try #require(driftedDocument["differences"] as? [[String: Any]])
        #expect(differences.count == 1)
        #expect((differences.first?["name"] as? String)?.uppercased() == "HAND_MADE")
        #expect(differences.first?["kind"] as? String == "extra")
        #expect((driftedDocument["fixSQL"] as? String)?.uppercased().contains("HAND_MADE") == true)

        // A refusal (exit 2) prints no half document: stdout stays empty, the error is on stderr.
        let refused = try BuiltBinary.wso2db(["create", "shared", "--url", shared, "--format", "json"])
        #expect(refused.status == 2)
        #expect(refused.standardOutput.isEmpty, "\(refused.standardOutput)")
        #expect(refused.standardError.hasPrefix("wso2db: error: "), "\(refused.standardError)")

        // merge-legacy, its dry run, then migrate (dry run and real) of a legacy database.
        let (um, reg) = try MergeLegacyTests.awkwardSources(engine)
        let target = try MergeLegacyTests.emptyTarget(engine)
        let plan = try MergeLegacyTests.merge(um: um, reg: reg, to: target, ["--dry-run"])
        #expect(plan.status == 0, "\(plan.standardError)")
        let planDocument = try Self.document(plan)
        #expect(planDocument["dryRun"] as? Bool == true)
        #expect(planDocument["verified"] is NSNull, "a dry run verifies nothing")
        #expect((planDocument["tables"] as? [Any])?.count == MergeLegacyTests.legacy.tables.count)

        let merged = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        #expect(merged.status == 0, "\(merged.standardError)")
        let mergedDocument = try Self.document(merged)
        #expect(mergedDocument["verified"] as? Bool == true)
        let tables = try #require(mergedDocument["tables"] as? [[String: Any]])
        #expect(tables.count == MergeLegacyTests.legacy.tables.count)
        #expect(tables.allSatisfy { $0["match"] as? Bool == true })

        let legacy = try MergeLegacyTests.legacyDatabase(engine, "um")
        let migratePlan = try BuiltBinary.wso2db(["migrate", "um", "--url", legacy.url, "--dry-run", "--format", "json"])
        #expect(migratePlan.status == 0, "\(migratePlan.standardError)")
        let migratePlanDocument = try Self.document(migratePlan)
        #expect(migratePlanDocument["dryRun"] as? Bool == true)
        #expect(migratePlanDocument["from"] as? String == "2.6.0")
        #expect((migratePlanDocument["steps"] as? [Any])?.count == 5)
        #expect((migratePlanDocument["script"] as? String)?.isEmpty == false)

        let migrated = try BuiltBinary.wso2db(["migrate", "um", "--url", legacy.url, "--format", "json"])
        #expect(migrated.status == 0, "\(migrated.standardError)")
        let migratedDocument = try Self.document(migrated)
        #expect(migratedDocument["to"] as? String == "4.7.0")
        #expect((migratedDocument["steps"] as? [[String: Any]])?.map { $0["version"] as? String } == ["3.0.0", "3.2.0", "4.0.0", "4.1.0", "4.7.0"])
        #expect(migratedDocument["script"] is NSNull, "every key is there, null when it has no value")
    }

    // MARK: - --verbose and --quiet

    /// A line with its numbers (counts, sizes, times) blanked, to compare two runs' lines.
    static func shape(_ line: Substring) -> String {
        String(line.replacing(/[0-9][0-9.,]*/, with: "#"))
    }

    @Test("--quiet: nothing on stderr but errors; --verbose: every usual line and more; both at once: exit 64")
    func verbosity() throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(.sqlite)
        func merge(_ extra: [String]) throws -> Subprocess.Result {
            let target = try MergeLegacyTests.emptyTarget(.sqlite)
            return try MergeLegacyTests.merge(um: um, reg: reg, to: target, extra, format: "text")
        }
        let usual = try merge([])
        #expect(usual.status == 0, "\(usual.standardError)")
        #expect(usual.standardError.contains("wso2db: verifying every table"), "the usual run shows its phases: \(usual.standardError)")
        #expect(!usual.standardError.contains("debug:"))

        let quiet = try merge(["--quiet"])
        #expect(quiet.status == 0, "\(quiet.standardError)")
        #expect(quiet.standardError.isEmpty, "--quiet printed: \(quiet.standardError)")
        // The report is the same but for its first line, which names another target.
        #expect(quiet.standardOutput.split(separator: "\n").dropFirst().map(Self.shape) == usual.standardOutput.split(separator: "\n").dropFirst().map(Self.shape))

        let verbose = try merge(["--verbose"])
        #expect(verbose.status == 0, "\(verbose.standardError)")
        let verboseLines = verbose.standardError.split(separator: "\n")
        let debug = verboseLines.filter { $0.hasPrefix("wso2db: debug: ") }
        #expect(verboseLines.filter { !$0.hasPrefix("wso2db: debug: ") }.map(Self.shape) == usual.standardError.split(separator: "\n").map(Self.shape))
        #expect(debug.contains { $0.contains("connecting to") || $0.contains("--um: sqlite:") }, "\(debug)")
        #expect(debug.contains { $0.contains("UM_USER:") && $0.contains("hash") }, "each table's verification: \(debug)")
        #expect(debug.last?.contains("finished in") == true, "\(debug)")
        #expect(verbose.standardOutput.split(separator: "\n").dropFirst().map(Self.shape) == usual.standardOutput.split(separator: "\n").dropFirst().map(Self.shape))

        // Errors still show with --quiet, and only they do.
        let busy = try MergeLegacyTests.emptyTarget(.sqlite)
        #expect(try BuiltBinary.wso2db(["create", "shared", "--url", busy.url, "--quiet"]).status == 0)
        let refused = try BuiltBinary.wso2db(["create", "shared", "--url", busy.url, "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.standardError.hasPrefix("wso2db: error: "), "\(refused.standardError)")
        #expect(!refused.standardError.contains("debug:"))

        for command in [["create", "shared", "--url", busy.url], ["drift", "shared", "--url", busy.url], ["ddl", "shared", "--dialect", "sqlite"]] {
            let both = try BuiltBinary.wso2db(command + ["--verbose", "--quiet"])
            #expect(both.status == 64, "\(command): \(both.standardError)")
            #expect(both.standardError.contains("--verbose and --quiet"), "\(both.standardError)")
            #expect(both.standardOutput.isEmpty)
        }
    }

    @Test("--verbose with a password in a URL and in deployment.toml: the connections are shown, the password never")
    func verboseHidesPasswords() throws {
        let account = try ConfigCLITests.account()
        let am = try account.database("verbose_am")
        let shared = try account.database("verbose_shared")
        let encoded = try #require(account.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let url = "postgresql://\(account.role):\(encoded)@\(account.host):\(account.port)/\(shared)"

        let created = try BuiltBinary.wso2db(["create", "shared", "--url", url, "--verbose"])
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardError.contains("wso2db: debug: connecting to postgresql://\(account.role):***@"), "\(created.standardError)")
        ConfigCLITests.expectNoPassword(created, account.password)

        let folder = try Fixtures.folder()
        let toml = try Fixtures.write(
            Fixtures.deploymentTOML(apim: account.jdbc(am), shared: account.jdbc(shared), user: account.role, password: account.password),
            to: folder + "/deployment.toml")
        for command in [["create", "am"], ["drift", "shared"], ["status", "shared"], ["detect", "--datasource", "shared"]] {
            let result = try BuiltBinary.wso2db(command + ["--config", toml, "--verbose", "--format", "json"])
            #expect(result.status == 0, "\(command): \(result.standardError)")
            _ = try Self.document(result)
            #expect(result.standardError.contains("wso2db: debug: connecting to"), "\(command): \(result.standardError)")
            ConfigCLITests.expectNoPassword(result, account.password)
        }
        let failed = try BuiltBinary.wso2db(["drift", "shared", "--url", url + "_missing", "--verbose"])
        #expect(failed.status == 2)
        ConfigCLITests.expectNoPassword(failed, account.password)
    }

    // MARK: - Colour

    @Test("colour only on a terminal: escapes there, none with NO_COLOR or when piped, and otherwise the same text")
    func colour() throws {
        let shared = try Self.sharedTarget(.sqlite)
        #expect(try BuiltBinary.wso2db(["create", "shared", "--url", shared]).status == 0)
        try Self.addColumn(shared, engine: .sqlite)
        let drift = ["drift", "shared", "--url", shared]

        let piped = try BuiltBinary.wso2db(drift, environment: ["NO_COLOR": ""])
        #expect(piped.status == 1)
        #expect(!(piped.standardOutput + piped.standardError).contains(Self.escape), "piped output has no escapes")

        let coloured = try Self.onTerminal(drift, noColor: false)
        #expect(coloured.status == 1, "\(coloured.text)")
        #expect(coloured.text.contains(Self.escape + "[1;31mdrift:" + Self.escape + "[0m"), "\(coloured.text.debugDescription)")
        #expect(coloured.text.contains("  " + Self.escape + "[33mextra"), "an extra column in yellow: \(coloured.text.debugDescription)")

        let plain = try Self.onTerminal(drift, noColor: true)
        #expect(plain.status == 1)
        #expect(!plain.text.contains(Self.escape), "NO_COLOR: \(plain.text.debugDescription)")
        #expect(plain.text == piped.standardOutput, "NO_COLOR on a terminal prints what a pipe gets")

        // An error on a terminal: the label in red; with NO_COLOR exactly the piped text.
        let again = ["create", "shared", "--url", shared]
        let error = try Self.onTerminal(again, noColor: false)
        #expect(error.status == 2)
        #expect(error.text.hasPrefix("wso2db: " + Self.escape + "[1;31merror:" + Self.escape + "[0m "), "\(error.text.debugDescription)")
        let pipedError = try BuiltBinary.wso2db(again)
        #expect(try Self.onTerminal(again, noColor: true).text == pipedError.standardError)

        // merge-legacy's live progress line: escape sequences on a terminal, none at all with NO_COLOR.
        let (um, reg) = try MergeLegacyTests.awkwardSources(.sqlite)
        func merge(noColor: Bool) throws -> (status: Int32, text: String) {
            let target = try MergeLegacyTests.emptyTarget(.sqlite)
            return try Self.onTerminal(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target.url], noColor: noColor)
        }
        let live = try merge(noColor: false)
        #expect(live.status == 0, "\(live.text)")
        #expect(live.text.contains(Self.escape + "[32mverified:"), "\(live.text.suffix(600).debugDescription)")
        let quiet = try merge(noColor: true)
        #expect(quiet.status == 0, "\(quiet.text)")
        #expect(!quiet.text.contains(Self.escape), "NO_COLOR: \(quiet.text.suffix(600).debugDescription)")
        #expect(quiet.text.contains("verified: "))
    }
}
