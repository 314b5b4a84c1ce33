import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing

/// One of WSO2's PostgreSQL scripts and the API-M releases that ship its schema, as NOTES.md and SOURCES.txt
/// in the reference folder give them (not as the catalog lists them).
struct ReleaseScript: Sendable, CustomTestStringConvertible {
    var script: String
    var database: String
    /// The release the script is taken from.
    var release: String
    /// Every release that ships the same schema, newest first.
    var sharing: [String]

    var testDescription: String { "\(database) \(release)" }

    static let kernels: [ReleaseScript] = [
        .init(script: "legacy-um-reg-postgresql-kernel-v4.4.11-apim-2.1.0.sql", database: "um", release: "2.1.0", sharing: ["2.1.0"]),
        .init(
            script: "legacy-um-reg-postgresql-kernel-v4.4.35.sql", database: "um", release: "2.6.0", sharing: ["2.6.0", "2.5.0", "2.2.0"]),
        .init(script: "shared-postgresql-kernel-v4.5.1-apim-3.0.0.sql", database: "shared", release: "3.0.0", sharing: ["3.0.0"]),
        .init(
            script: "shared-postgresql-kernel-v4.6.0-apim-3.1.0+3.2.0.sql", database: "shared", release: "3.2.0", sharing: ["3.2.0", "3.1.0"]),
        .init(script: "shared-postgresql-kernel-v4.6.2.sql", database: "shared", release: "4.0.0", sharing: ["4.0.0"]),
        .init(script: "shared-postgresql-kernel-v4.6.3-apim-4.1.0.sql", database: "shared", release: "4.1.0", sharing: ["4.1.0"]),
        .init(
            script: "shared-postgresql-kernel-v4.8.1-apim-4.2.0.sql", database: "shared", release: "4.2.0",
            sharing: ["4.7.0", "4.6.0", "4.5.0", "4.4.0", "4.3.0", "4.2.0"]),
        .init(
            script: "shared-postgresql-kernel-v4.11.18.sql", database: "shared", release: "4.7.0",
            sharing: ["4.7.0", "4.6.0", "4.5.0", "4.4.0", "4.3.0", "4.2.0"]),
    ]

    /// carbon-apimgt: every release its own AM schema.
    static let apiManagers: [ReleaseScript] = [
        ("6.1.66", "2.1.0"), ("6.2.201", "2.2.0"), ("6.3.95", "2.5.0"), ("6.4.50", "2.6.0"), ("6.5.349", "3.0.0"),
        ("6.6.163", "3.1.0"), ("6.7.206", "3.2.0"), ("9.0.174", "4.0.0"), ("9.20.74", "4.1.0"), ("9.28.116", "4.2.0"),
        ("9.29.120", "4.3.0"), ("9.30.67", "4.4.0"), ("9.31.86", "4.5.0"), ("9.32.147", "4.6.0"), ("9.33.122", "4.7.0"),
    ].map { carbon, release in
        ReleaseScript(
            script: (release == "2.6.0" ? "legacy-" : "") + "apimgt-postgresql-carbon-apimgt-v\(carbon)-apim-\(release).sql",
            database: "am", release: release, sharing: [release])
    }

    static let all = kernels + apiManagers
}

/// Every release, on PostgreSQL against WSO2's own scripts and on SQLite against wso2db's own `create`.
@Suite("every API-M release: detect, drift and create")
struct ReleaseTests {
    static func json(_ result: Subprocess.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(result.standardError)")
    }

    /// The body of every function in the database's `public` schema, by name: compared as text, as pg_dump or
    /// migra would compare it.
    static func functionBodies(_ url: String) throws -> [String: String] {
        let connection = try PostgresConnection(url: try DatabaseURL(parsing: url))
        let rows = try connection.query(
            "SELECT p.proname, p.prosrc FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'public'"
        ).rows
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0].textValue ?? "", $0[1].textValue ?? "") })
    }

    @Test(
        "PostgreSQL: WSO2's script is detected as its release, has no drift from itself, and create matches it",
        arguments: ReleaseScript.all)
    func postgres(_ release: ReleaseScript) throws {
        let server = try LocalPostgres.shared()
        let script = try DetectTests.reference(release.script)
        let built = try server.createDatabase()
        try server.psql(database: built, file: script)
        let builtURL = server.url(database: built)

        let detected = try BuiltBinary.wso2db("detect", "--url", builtURL, "--format", "json")
        #expect(detected.status == 0, "\(detected.standardOutput)\(detected.standardError)")
        let found = try Self.json(detected)
        #expect(found["database"] as? String == release.database || (release.database == "um" && found["database"] as? String == "reg"))
        #expect(found["differences"] as? Int == 0)
        #expect(found["exact"] as? Bool == true)
        #expect(found["versions"] as? [String] == release.sharing)
        if release.database == "um" {
            // One script makes both legacy databases; an empty one could be either.
            #expect(found["alsoPossible"] as? [String] == ["reg"])
        }
        // Pruned by table names: only schemas as near as the answer are compared object by object.
        let counted = (found["candidates"] as? [[String: Any]] ?? []).filter { $0["counted"] as? Bool == true }
        #expect(counted.count <= 3, "\(counted.count) schemas compared object by object")
        let text = try BuiltBinary.wso2db("detect", "--url", builtURL)
        #expect(text.standardOutput.contains(": 0 differences"))
        for other in release.sharing { #expect(text.standardOutput.contains(other)) }

        // WSO2's scripts as shipped (the AM ones wrapped in BEGIN TRANSACTION; … commit;) are read as they are.
        let againstScript = try BuiltBinary.wso2db("drift", release.database, "--url", builtURL, "--expected-sql", script)
        #expect(againstScript.status == 0, "\(againstScript.standardOutput)\(againstScript.standardError)")
        let againstCatalog = try BuiltBinary.wso2db("drift", release.database, "--version", release.release, "--url", builtURL)
        #expect(againstCatalog.status == 0, "\(againstCatalog.standardOutput)\(againstCatalog.standardError)")

        // create, held against the script by wso2db's own comparison (inspector and differ, through
        // --expected-sql), and its functions against the script's as text.
        let created = try server.createDatabase()
        let createdURL = server.url(database: created)
        let create = try BuiltBinary.wso2db("create", release.database, "--version", release.release, "--url", createdURL)
        #expect(create.status == 0, "\(create.standardError)")
        let compared = try BuiltBinary.wso2db("drift", release.database, "--url", createdURL, "--expected-sql", script)
        #expect(compared.status == 0, "\(compared.standardOutput)\(compared.standardError)")
        #expect(try Self.functionBodies(createdURL) == (try Self.functionBodies(builtURL)))
        let status = try BuiltBinary.wso2db("detect", "--url", createdURL, "--format", "json")
        #expect(try Self.json(status)["versions"] as? [String] == release.sharing)
    }

    /// Every (database, release) pair there is, one test each.
    static let sqliteCases: [(String, String)] =
        ReleaseScript.all.flatMap { script in script.sharing.map { (script.database, $0) } }
        .reduce(into: [(String, String)]()) { list, pair in if !list.contains(where: { $0 == pair }) { list.append(pair) } }

    @Test("SQLite: create, detect and drift of every release", arguments: sqliteCases)
    func sqlite(database: String, release: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-release-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = "sqlite:\(folder)/db.sqlite"
        let create = try BuiltBinary.wso2db("create", database, "--version", release, "--url", url, "--format", "json")
        #expect(create.status == 0, "\(create.standardError)")
        #expect(try Self.json(create)["version"] as? String == release)
        let detected = try BuiltBinary.wso2db("detect", "--url", url, "--format", "json")
        #expect(detected.status == 0, "\(detected.standardOutput)")
        let found = try Self.json(detected)
        #expect(found["differences"] as? Int == 0)
        #expect((found["versions"] as? [String] ?? []).contains(release))
        let drift = try BuiltBinary.wso2db("drift", database, "--version", release, "--url", url)
        #expect(drift.status == 0, "\(drift.standardOutput)\(drift.standardError)")
    }

    @Test("SQLite counts: 30 (database, release) pairs: 11 shared, 4 legacy, 15 AM")
    func everyReleaseCovered() {
        #expect(Self.sqliteCases.count == 30)
    }
}
