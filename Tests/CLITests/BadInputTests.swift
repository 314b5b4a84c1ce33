import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing

/// Bad input, end to end: each case ends in exit 2 (64 for usage) with one clear message that says
/// what to do, no crash text, nothing created and nothing changed.
@Suite("bad input: one clear message, nothing created, nothing changed")
struct BadInputTests {
    typealias Place = MergeLegacyTests.Place

    static func wso2db(_ arguments: [String]) throws -> Subprocess.Result {
        try BuiltBinary.wso2db(arguments, killAfter: .seconds(120))
    }

    /// What a crashed Swift program, or one that let an error escape unformatted, prints.
    static let crashText = [
        "Fatal error", "Stack dump", "Backtrace", "Current stack trace", "Segmentation fault", "Illegal instruction",
        "Trace/breakpoint", "💣", "Swift runtime failure", "Error Domain=", "NSCocoaErrorDomain",
    ]

    /// One refusal as the contract wants it: the status; on stderr one `prefix` line with a hint
    /// (and, for a usage error, the usage and where the help is), naming every phrase of `mentions`
    /// (case-insensitive); nothing on stdout; no crash text; no password.
    static func expectRefused(
        _ result: Subprocess.Result, status: Int32 = 2, mentions: [String], hiding secrets: [String] = [],
        prefix: String = "wso2db: error:", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let stderr = result.standardError
        let said = "exit \(result.status)\nstdout: \(result.standardOutput.prefix(1500))\nstderr: \(stderr.suffix(3000))"
        #expect(result.status == status, "\(said)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, "nothing on stdout: \(said)", sourceLocation: sourceLocation)
        for text in crashText {
            #expect(!stderr.contains(text), "crash text \(text): \(said)", sourceLocation: sourceLocation)
        }
        let errors = stderr.split(separator: "\n").filter { $0.hasPrefix(prefix) }
        #expect(errors.count == 1, "one error message: \(said)", sourceLocation: sourceLocation)
        #expect(stderr.contains("\n  hint: "), "the message says what to do: \(said)", sourceLocation: sourceLocation)
        if status == 64 {
            #expect(stderr.contains("\n  usage: ") && stderr.contains("--help"), "a usage message: \(said)", sourceLocation: sourceLocation)
            #expect(!stderr.contains("Error:"), "no second voice: \(said)", sourceLocation: sourceLocation)
        }
        for phrase in mentions {
            #expect(stderr.lowercased().contains(phrase.lowercased()), "names '\(phrase)': \(said)", sourceLocation: sourceLocation)
        }
        for secret in secrets {
            #expect(!stderr.contains(secret) && !result.standardOutput.contains(secret), "shows no password: \(said)", sourceLocation: sourceLocation)
        }
    }

    static func folder() throws -> String { try MergeLegacyTests.folder() }

    /// A file of 4 KiB that is no SQLite database.
    static func garbageFile() throws -> String {
        let path = try folder() + "/garbage.db"
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The folder's entries, to tell that nothing was created in it.
    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A SQLite 2.6.0 UM/REG pair with awkward data, shared by the cases that only read it.
    static let sqliteSources = Result { try MergeLegacyTests.awkwardSources(.sqlite) }

    // MARK: - Where the database is

    enum Address: String, CaseIterable, Sendable, CustomStringConvertible {
        case unreachableServer, missingDatabase, sqliteFolder, garbageFile, unknownScheme, otherEngine, missingSQLitePathFolder
        var description: String { rawValue }
    }

    /// A bad address for the database, what the message must name, and how to tell nothing was made.
    static func bad(_ address: Address) throws -> (url: String, mentions: [String], unchanged: () -> Bool) {
        switch address {
        case .unreachableServer:
            // Port 1 on loopback: nobody listens, the connection is refused at once.
            return ("postgres://wso2:S3cret-pw@127.0.0.1:1/WSO2_SHARED_DB", ["127.0.0.1", "running"], { true })
        case .missingDatabase:
            let server = try LocalPostgres.shared()
            let name = "missing_\(UUID().uuidString.prefix(8).lowercased())"
            let url = server.url(database: name)
            let exists = {
                (try? server.psql(database: "postgres", command: "SELECT count(*) FROM pg_database WHERE datname = '\(name)'", extraArguments: ["-t", "-A"]))
                    == "0\n"
            }
            return (url, ["does not exist", "create"], exists)
        case .sqliteFolder:
            let folder = try folder()
            return ("sqlite:\(folder)", ["is a folder"], { entries(folder).isEmpty })
        case .garbageFile:
            let path = try garbageFile()
            let before = bytes(path)
            let folder = (path as NSString).deletingLastPathComponent
            return ("sqlite:\(path)", ["not a SQLite database"], { bytes(path) == before && entries(folder) == ["garbage.db"] })
        case .unknownScheme:
            return ("ftp://files.example/wso2.db", ["postgres://", "sqlite:"], { true })
        case .otherEngine:
            return ("jdbc:sqlserver://db.example:1433;databaseName=WSO2_SHARED_DB;user=root;password=S3cret-pw", ["SQL Server", "postgres"], { true })
        case .missingSQLitePathFolder:
            let folder = try folder()
            return ("sqlite:\(folder)/no/such/folder/shared.db", ["shared.db"], { entries(folder).isEmpty })
        }
    }

    @Test("a bad address: create, drift, detect, status and migrate each stop with one message, creating nothing", arguments: Address.allCases)
    func badAddress(address: Address) throws {
        let commands: [[String]] = [
            ["create", "shared"], ["drift", "shared"], ["detect"], ["status", "shared"], ["migrate", "shared"], ["migrate", "um", "--dry-run"],
        ]
        for command in commands {
            let (url, mentions, unchanged) = try Self.bad(address)
            let result = try Self.wso2db(command + ["--url", url])
            Self.expectRefused(result, mentions: mentions, hiding: ["S3cret-pw"])
            #expect(unchanged(), "\(command) on \(address) left something behind or changed it")
        }
    }

    @Test("a bad address given to merge-legacy as --um, --reg or --to: refused before anything is written", arguments: Address.allCases)
    func badMergeAddress(address: Address) throws {
        let (um, reg) = try Self.sqliteSources.get()
        let before = (try um.fingerprint(), try reg.fingerprint())
        for role in ["--um", "--reg", "--to"] {
            let (url, mentions, unchanged) = try Self.bad(address)
            let targetFolder = try Self.folder()
            let target = role == "--to" ? url : "sqlite:\(targetFolder)/shared.db"
            let result = try Self.wso2db([
                "merge-legacy", "--um", role == "--um" ? url : um.url, "--reg", role == "--reg" ? url : reg.url, "--to", target,
            ])
            Self.expectRefused(result, mentions: mentions, hiding: ["S3cret-pw"])
            #expect(unchanged(), "\(role) \(address) left something behind or changed it")
            #expect(Self.entries(targetFolder).isEmpty, "\(role) \(address): the target file was not made (or was removed)")
        }
        #expect(try um.fingerprint() == before.0 && reg.fingerprint() == before.1, "the sources are unchanged")
    }

    @Test("commands that only read never create a missing SQLite file; migrate does not either", arguments: [
        ["drift", "shared"], ["detect"], ["status", "shared"], ["migrate", "um", "--dry-run"], ["migrate", "um"],
        ["drift", "um", "--version", "2.6.0", "--fix-sql"],
    ])
    func missingSQLiteFile(command: [String]) throws {
        let folder = try Self.folder()
        let result = try Self.wso2db(command + ["--url", "sqlite:\(folder)/missing.db"])
        Self.expectRefused(result, mentions: ["does not exist", "missing.db"])
        #expect(Self.entries(folder).isEmpty, "nothing was created: \(Self.entries(folder))")
    }

    @Test("merge-legacy: a missing source file is refused and never created; a dry run never creates the missing target")
    func mergeMissingFiles() throws {
        let (um, reg) = try Self.sqliteSources.get()
        let folder = try Self.folder()
        let missingSource = try Self.wso2db(["merge-legacy", "--um", "sqlite:\(folder)/um.db", "--reg", reg.url, "--to", "sqlite:\(folder)/shared.db"])
        Self.expectRefused(missingSource, mentions: ["does not exist", "um.db"])
        #expect(Self.entries(folder).isEmpty, "nothing was created: \(Self.entries(folder))")
        let dryRun = try Self.wso2db(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", "sqlite:\(folder)/shared.db", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(Self.entries(folder).isEmpty, "a dry run creates no target: \(Self.entries(folder))")
    }

    @Test("a wrong password: exit 2, the server's reason and what to check, the password never shown")
    func wrongPassword() throws {
        let server = try LocalPostgres.startPrivate(password: "R1ghtPw")
        let name = try server.createDatabase(prefix: "shared")
        let wrong = server.url(database: name).replacingOccurrences(of: "R1ghtPw", with: "Wr0ngPw")
        for command in [["create", "shared", "--url", wrong], ["drift", "shared", "--url", wrong], ["migrate", "shared", "--url", wrong]] {
            Self.expectRefused(try Self.wso2db(command), mentions: ["password authentication failed", "password"], hiding: ["Wr0ngPw", "R1ghtPw"])
        }
        let (um, reg) = try Self.sqliteSources.get()
        let merge = try Self.wso2db(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", wrong])
        Self.expectRefused(merge, mentions: ["password authentication failed"], hiding: ["Wr0ngPw", "R1ghtPw"])
        // PGPASSWORD is honoured, and a wrong one is scrubbed as well.
        let fromEnvironment = try BuiltBinary.wso2db(
            ["detect", "--url", server.url(database: name).replacingOccurrences(of: ":R1ghtPw", with: "")],
            environment: ["PGPASSWORD": "Env-Wr0ng"], killAfter: .seconds(60))
        Self.expectRefused(fromEnvironment, mentions: ["password authentication failed"], hiding: ["Env-Wr0ng"])
        let objects = try server.psql(
            database: name, command: "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'",
            extraArguments: ["-t", "-A"])
        #expect(objects == "0\n", "nothing was created")
    }

    // MARK: - What is asked for

    static let kindsAndVersions: [([String], Int32, [String])] = [
        (["create", "nosuch", "--url", "sqlite:/nonexistent/x.db"], 64, []),
        (["drift", "WSO2_FOO_DB", "--url", "sqlite:/nonexistent/x.db"], 64, []),
        (["migrate", "apim", "--url", "sqlite:/nonexistent/x.db"], 64, []),
        (["create", "shared", "--version", "9.9.9", "--url", "sqlite:/nonexistent/x.db"], 2, ["9.9.9", "4.7.0"]),
        (["drift", "um", "--version", "1.0.0", "--url", "sqlite:/nonexistent/x.db"], 2, ["1.0.0", "2.6.0"]),
    ]

    @Test("an unknown database kind is a usage error (64); an unknown version is exit 2 naming the known ones", arguments: kindsAndVersions)
    func unknownKindOrVersion(arguments: [String], status: Int32, mentions: [String]) throws {
        let result = try Self.wso2db(arguments)
        Self.expectRefused(result, status: status, mentions: mentions)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/x.db"))
    }

    @Test("migrate --to an unknown version on a real database: exit 2 naming the known ones, the database unchanged")
    func migrateToUnknownVersion() throws {
        let (url, connection) = try MigrateTests.sqlite("um", version: "2.6.0", schema: MigrateTests.legacy, rows: 3)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let path = String(url.dropFirst("sqlite:".count))
        let before = Self.bytes(path)
        let result = try Self.wso2db(["migrate", "um", "--url", url, "--to", "9.9.9"])
        Self.expectRefused(result, mentions: ["9.9.9", "4.7.0"])
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(Self.bytes(path) == before)
    }

    @Test("a PostgreSQL database at a version newer than any known: migrate and status refuse it, unchanged")
    func newerThanKnownPostgres() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase(prefix: "newer")
        let place = Place(engine: .postgres, url: server.url(database: name))
        try #require(try Self.wso2db(["create", "shared", "--url", place.url]).status == 0)
        try server.psql(database: name, command: "UPDATE wso2db.schema_history SET version = '9.9.0'")
        let before = try place.fingerprint()
        Self.expectRefused(try Self.wso2db(["migrate", "shared", "--url", place.url]), mentions: ["newer than any version"])
        Self.expectRefused(try Self.wso2db(["status", "shared", "--url", place.url]), mentions: ["newer than any version"])
        #expect(try place.fingerprint() == before, "the database is unchanged")
    }

    // MARK: - merge-legacy: sources and target

    @Test("a target that is a source under another spelling (jdbc: URL, other host name, symlink, ./path) is refused", arguments: [MergeLegacyTests.Engine.postgres, .sqlite])
    func targetIsSourceSpelledOtherwise(engine: MergeLegacyTests.Engine) throws {
        let (um, reg) = engine == .sqlite ? try Self.sqliteSources.get() : try MergeLegacyTests.awkwardSources(.postgres)
        let before = (try um.fingerprint(), try reg.fingerprint())
        var spellings: [String] = []
        switch engine {
        case .postgres:
            // postgresql://postgres@127.0.0.1:PORT/NAME → jdbc:postgresql://localhost:PORT/NAME?user=postgres
            let rest = um.url.dropFirst("postgresql://postgres@127.0.0.1".count)
            spellings = ["jdbc:postgresql://localhost\(rest)?user=postgres", "postgres://postgres@localhost\(rest)?application_name=other"]
        case .sqlite:
            let link = try Self.folder() + "/link.db"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: reg.path)
            let parent = (reg.path as NSString).deletingLastPathComponent
            spellings = ["sqlite:\(link)", "sqlite:\(parent)/./\((reg.path as NSString).lastPathComponent)"]
        }
        for target in spellings {
            let result = try Self.wso2db(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target])
            Self.expectRefused(result, mentions: ["same database"])
        }
        #expect(try um.fingerprint() == before.0 && reg.fingerprint() == before.1, "the sources are unchanged")
    }

    enum SourceDrift: String, CaseIterable, Sendable, CustomStringConvertible {
        case droppedColumn, missingTable, widenedColumn
        var description: String { rawValue }
    }

    @Test("a source with drift the merge cannot map: refused naming the difference, nothing created", arguments: SourceDrift.allCases, [MergeLegacyTests.Engine.postgres, .sqlite])
    func sourceDrift(drift: SourceDrift, engine: MergeLegacyTests.Engine) throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(engine) { um, reg in
            switch (drift, engine) {
            case (.droppedColumn, _): try um.execute(engine == .postgres ? "ALTER TABLE um_user DROP COLUMN um_changed_time" : "ALTER TABLE UM_USER DROP COLUMN UM_CHANGED_TIME")
            case (.missingTable, .postgres): try reg.execute("DROP TABLE reg_cluster_lock")
            case (.missingTable, .sqlite): try reg.execute("DROP TABLE REG_CLUSTER_LOCK")
            // Wider than 4.7.0's VARCHAR(255) (a narrower one maps: see MergeReleasesTests).
            case (.widenedColumn, .postgres): try um.execute("ALTER TABLE um_tenant ALTER COLUMN um_email TYPE varchar(300)")
            case (.widenedColumn, .sqlite): try um.execute("ALTER TABLE UM_TENANT ADD COLUMN UM_LOCAL_NOTE TEXT")
            }
        }
        let target = try MergeLegacyTests.emptyTarget(engine)
        let before = (try um.fingerprint(), try reg.fingerprint())
        let result = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        let (role, object): (String, String) =
            switch (drift, engine) {
            case (.droppedColumn, _): ("--um", "UM_USER.UM_CHANGED_TIME")
            case (.missingTable, _): ("--reg", "REG_CLUSTER_LOCK")
            case (.widenedColumn, .postgres): ("--um", "UM_TENANT.UM_EMAIL")
            case (.widenedColumn, .sqlite): ("--um", "UM_TENANT.UM_LOCAL_NOTE")
            }
        Self.expectRefused(result, mentions: [role, object, "cannot map", "nothing was written"])
        #expect(try target.objects() == [], "nothing was created in the target")
        if engine == .sqlite { #expect(!FileManager.default.fileExists(atPath: target.path), "the target file was not left behind") }
        #expect(try um.fingerprint() == before.0 && reg.fingerprint() == before.1, "the sources are unchanged")
    }

    enum ReadOnly: String, CaseIterable, Sendable, CustomStringConvertible {
        /// `ALTER DATABASE … SET default_transaction_read_only = on`.
        case postgresReadOnlyDatabase
        /// A login role with CONNECT only (PostgreSQL 15 gives PUBLIC no CREATE on schema public).
        case postgresConnectOnlyRole
        /// An empty SQLite file made immutable (`chattr +i`: root ignores file modes, not this).
        case sqliteImmutableFile
        /// A path in a SQLite folder made immutable.
        case sqliteImmutableFolder
        var description: String { rawValue }
    }

    /// Makes `path` immutable; undone by `mutable`. Root ignores modes, so this is what holds as root.
    static func immutable(_ path: String) throws {
        if getuid() == 0 {
            try LocalPostgres.run("/usr/bin/chattr", ["+i", path])
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: path)
        }
    }

    static func mutable(_ path: String) {
        if getuid() == 0 {
            _ = try? LocalPostgres.run("/usr/bin/chattr", ["-i", path])
        } else {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    @Test("a read-only target: merge-legacy and create stop with one message saying so; nothing created; sources unchanged", arguments: ReadOnly.allCases)
    func readOnlyTarget(kind: ReadOnly) throws {
        let (um, reg) = try Self.sqliteSources.get()
        let before = (try um.fingerprint(), try reg.fingerprint())
        var target: Place
        var undo: () -> Void = {}
        let mentions: [String]
        switch kind {
        case .postgresReadOnlyDatabase:
            let server = try LocalPostgres.shared()
            let name = try server.createDatabase(prefix: "readonly")
            try server.psql(database: "postgres", command: "ALTER DATABASE \"\(name)\" SET default_transaction_read_only = on")
            target = Place(engine: .postgres, url: server.url(database: name))
            mentions = ["read-only"]
        case .postgresConnectOnlyRole:
            let server = try LocalPostgres.shared()
            let name = try server.createDatabase(prefix: "noperm")
            let role = "reader_\(UUID().uuidString.prefix(8).lowercased())"
            try server.psql(database: name, command: "CREATE ROLE \(role) LOGIN; GRANT CONNECT ON DATABASE \"\(name)\" TO \(role)")
            target = Place(engine: .postgres, url: server.url(database: name).replacingOccurrences(of: "postgres@", with: "\(role)@"))
            mentions = ["permission denied"]
        case .sqliteImmutableFile:
            let folder = try Self.folder()
            let path = folder + "/shared.db"
            try #require(FileManager.default.createFile(atPath: path, contents: Data()))
            try Self.immutable(path)
            undo = { Self.mutable(path) }
            target = Place(engine: .sqlite, url: "sqlite:\(path)")
            mentions = ["read"]
        case .sqliteImmutableFolder:
            let folder = try Self.folder()
            try Self.immutable(folder)
            undo = { Self.mutable(folder) }
            target = Place(engine: .sqlite, url: "sqlite:\(folder)/shared.db")
            mentions = ["shared.db"]
        }
        defer { undo() }
        let merge = try MergeLegacyTests.merge(um: um, reg: reg, to: target, format: "text")
        Self.expectRefused(merge, mentions: mentions)
        let create = try Self.wso2db(["create", "shared", "--url", target.url])
        Self.expectRefused(create, mentions: mentions)
        if target.engine == .postgres {
            let owner = Place(engine: .postgres, url: target.url.replacingOccurrences(of: #"//[a-z0-9_]+@"#, with: "//postgres@", options: .regularExpression))
            #expect(try owner.objects() == [], "nothing was created in the target")
        } else {
            let folder = (target.path as NSString).deletingLastPathComponent
            #expect(Self.entries(folder).allSatisfy { $0 == "shared.db" }, "nothing was created: \(Self.entries(folder))")
            #expect((Self.bytes(target.path) ?? Data()).isEmpty, "the target file is as it was")
        }
        #expect(try um.fingerprint() == before.0 && reg.fingerprint() == before.1, "the sources are unchanged")
    }

    @Test("migrate on a read-only database: exit 2 saying so, unchanged", arguments: [ReadOnly.postgresReadOnlyDatabase, .sqliteImmutableFile])
    func readOnlyMigrate(kind: ReadOnly) throws {
        switch kind {
        case .postgresReadOnlyDatabase:
            let (server, name, _) = try MigrateTests.postgres(script: MergeLegacyTests.legacyScript, schema: MigrateTests.legacy, rows: 3)
            try server.psql(database: "postgres", command: "ALTER DATABASE \"\(name)\" SET default_transaction_read_only = on")
            let place = Place(engine: .postgres, url: server.url(database: name))
            let before = try place.fingerprint()
            Self.expectRefused(try Self.wso2db(["migrate", "um", "--url", place.url]), mentions: ["read-only"])
            #expect(try place.fingerprint() == before)
        default:
            let (url, connection) = try MigrateTests.sqlite("um", version: "2.6.0", schema: MigrateTests.legacy, rows: 3)
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
            let path = String(url.dropFirst("sqlite:".count))
            let before = Self.bytes(path)
            try Self.immutable(path)
            defer { Self.mutable(path) }
            Self.expectRefused(try Self.wso2db(["migrate", "um", "--url", url]), mentions: ["read"])
            #expect(Self.bytes(path) == before)
        }
    }

    @Test("a WAL-mode SQLite database on read-only storage: exit 2 saying how to read it, unchanged")
    func walOnReadOnlyStorage() throws {
        let folder = try Self.folder()
        let path = folder + "/um.db"
        try #require(try Self.wso2db(["create", "um", "--version", "2.6.0", "--url", "sqlite:\(path)"]).status == 0)
        let before = Self.bytes(path)
        try Self.immutable(path)
        try Self.immutable(folder)
        defer {
            Self.mutable(folder)
            Self.mutable(path)
        }
        Self.expectRefused(try Self.wso2db(["detect", "--url", "sqlite:\(path)"]), mentions: ["WAL", "copy"])
        #expect(Self.bytes(path) == before && Self.entries(folder) == ["um.db"])
    }

    @Test("sources on read-only storage (immutable SQLite files and folders) merge: a source is only ever read")
    func immutableSourcesMerge() throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(.sqlite)
        for place in [um, reg] {
            let connection = try place.connect()
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
        }
        let folders = [um, reg].map { ($0.path as NSString).deletingLastPathComponent }
        let before = try MergeLegacyTests.before(um: um, reg: reg)
        for place in [um, reg] { try Self.immutable(place.path) }
        for folder in folders { try Self.immutable(folder) }
        defer {
            for place in [um, reg] { Self.mutable(place.path) }
            for folder in folders { Self.mutable(folder) }
        }
        let target = try MergeLegacyTests.emptyTarget(.sqlite)
        let result = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        try MergeLegacyTests.checkMerged(result, um: um, reg: reg, target: target, before: before)
    }
}
