import AllDrivers
import Foundation
import LocalMariaDB
import LocalPostgres
import SQLDriver
import Testing

/// What `migrate am` does with existing rows where the product decides: consent asked only where rows would really
/// be lost, and the organizations of 4.1.0 derived as the product derives them, on every engine.
@Suite("wso2db migrate am: rows lost only with consent, organizations as the product gives them")
struct MigrateAMDataTests {
    enum Engine: String, Sendable, CustomStringConvertible, CaseIterable {
        case sqlite, postgres, mysql
        var description: String { rawValue }
    }

    /// A fresh empty database of `engine`.
    static func emptyDatabase(_ engine: Engine) throws -> String {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-amdata-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return "sqlite:\(folder)/am.db"
        case .postgres:
            let server = try LocalPostgres.shared()
            return server.url(database: try server.createDatabase())
        case .mysql:
            let server = try LocalMariaDB.shared()
            return server.url(database: try server.createDatabase(prefix: "amdata"))
        }
    }

    /// A database `wso2db create am` made at `release`.
    static func created(_ engine: Engine, _ release: String) throws -> (url: String, connection: any DatabaseConnection) {
        let url = try emptyDatabase(engine)
        let create = try BuiltBinary.wso2db("create", "am", "--version", release, "--url", url)
        try #require(create.status == 0, "\(create.standardError)")
        AllDrivers.register()
        return (url, try DriverRegistry.open(try DatabaseURL(parsing: url), for: .write))
    }

    static func column(_ connection: any DatabaseConnection, _ sql: String) throws -> [String] {
        try connection.query(sql).rows.map { row in row.map { $0.textValue ?? "NULL" }.joined(separator: " ") }
    }

    static let artefacts = "the step to 4.0.0 runs SQL that deletes the gateway artefacts of 3.2.0 (AM_GW_API_ARTIFACTS), which 4.0.0 keys by revision"

    @Test("gateway artefacts of 3.2.0: none, and the 4.0.0 step runs without --allow-destructive; one, and it is counted, refused without it and run with it")
    func consentOnlyWhenRowsAreLost() throws {
        let empty = try Self.created(.sqlite, "3.2.0")
        let dryRun = try BuiltBinary.wso2db("migrate", "am", "--url", empty.url, "--to", "4.0.0", "--dry-run")
        #expect(dryRun.standardOutput.contains("-- would delete: \(Self.artefacts): 0 rows now"), "\(dryRun.standardOutput)")
        let run = try BuiltBinary.wso2db("migrate", "am", "--url", empty.url, "--to", "4.0.0")
        #expect(run.status == 0, "nothing is lost, so no consent is needed: \(run.standardError)")

        let filled = try Self.created(.sqlite, "3.2.0")
        try filled.connection.execute("INSERT INTO AM_GW_PUBLISHED_API_DETAILS (API_ID, API_NAME) VALUES ('a-1', 'PizzaAPI')")
        try filled.connection.execute("INSERT INTO AM_GW_API_ARTIFACTS (API_ID, GATEWAY_LABEL, GATEWAY_INSTRUCTION) VALUES ('a-1', 'Production', 'Publish')")
        let counted = try BuiltBinary.wso2db("migrate", "am", "--url", filled.url, "--to", "4.0.0", "--dry-run", "--format", "json")
        let document = try MigrateAMTests.json(counted)
        #expect(document["destructive"] as? [String] == ["\(Self.artefacts): 1 rows now"], "\(counted.standardOutput)")
        let refused = try BuiltBinary.wso2db("migrate", "am", "--url", filled.url, "--to", "4.0.0")
        #expect(refused.status == 2, "\(refused.standardError)")
        #expect(refused.standardError.contains("\(Self.artefacts): 1 rows") && refused.standardError.contains("nothing was changed"), "\(refused.standardError)")
        #expect(try BuiltBinary.wso2db("drift", "am", "--version", "3.2.0", "--url", filled.url).status == 0, "still exactly 3.2.0")
        #expect(try Self.column(filled.connection, "SELECT count(*) FROM AM_GW_API_ARTIFACTS") == ["1"])
        let allowed = try BuiltBinary.wso2db("migrate", "am", "--url", filled.url, "--to", "4.0.0", "--allow-destructive")
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(try Self.column(filled.connection, "SELECT count(*) FROM AM_GW_API_ARTIFACTS") == ["0"])
    }

    @Test("an empty 2.1.0 database migrates to 4.7.0 without --allow-destructive: what later steps would delete is counted as they start")
    func chainWithoutConsent() throws {
        let database = try Self.created(.sqlite, "2.1.0")
        let dryRun = try BuiltBinary.wso2db("migrate", "am", "--url", database.url, "--dry-run")
        #expect(dryRun.standardOutput.contains("AbnormalRefreshAlert and the users' settings for it: 0 rows now"), "\(dryRun.standardOutput)")
        #expect(dryRun.standardOutput.contains("\(Self.artefacts): counted when the step starts"), "\(dryRun.standardOutput)")
        let run = try BuiltBinary.wso2db("migrate", "am", "--url", database.url)
        #expect(run.status == 0 && run.standardOutput.contains("is at 4.7.0"), "\(run.standardOutput)\(run.standardError)")
    }

    @Test("4.0.0 → 4.1.0: APIs, default versions, applications and categories of other tenants get their tenant's domain", arguments: Engine.allCases)
    func tenantOrganizations(_ engine: Engine) throws {
        let database = try Self.created(engine, "4.0.0")
        for statement in [
            "INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, DATE_SUBSCRIBED) VALUES "
                + "(901, 'admin', -1234, '2021-03-04 05:06:07'), (902, 'bob@t1.com', 5, '2021-03-04 05:06:07'), (903, 'carol', 7, '2021-03-04 05:06:07')",
            "INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, UUID) VALUES "
                + "(901, 'DefaultApplication', 901, 'app-1'), (902, 'DefaultApplication', 902, 'app-2'), (903, 'DefaultApplication', 903, 'app-3')",
            "INSERT INTO AM_API (API_ID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_UUID) VALUES "
                + "(901, 'admin', 'A', '1.0', '/a', 'api-1'), (902, 'bob-AT-t1.com', 'B', '1.0', '/t/t1.com/b', 'api-2'), "
                + "(903, 'dan-AT-mail.org-AT-t2.org', 'C', '1.0', '/t/t2.org/c', 'api-3')",
            "INSERT INTO AM_API_DEFAULT_VERSION (DEFAULT_VERSION_ID, API_NAME, API_PROVIDER, DEFAULT_API_VERSION, PUBLISHED_DEFAULT_API_VERSION) "
                + "VALUES (901, 'B', 'bob-AT-t1.com', '1.0', '1.0')",
            "INSERT INTO AM_API_CATEGORIES (UUID, NAME, DESCRIPTION, TENANT_ID) VALUES "
                + "('cat-1', 'Finance', 'x', -1234), ('cat-2', 'Finance', 'x', 5), ('cat-3', 'Finance', 'x', 9)",
        ] {
            try database.connection.execute(statement)
        }
        // 4.1.0 drops AM_API_CATEGORIES.TENANT_ID, whose values these rows hold.
        let migrate = try BuiltBinary.wso2db("migrate", "am", "--url", database.url, "--to", "4.1.0", "--allow-destructive")
        try #require(migrate.status == 0, "\(migrate.standardOutput)\(migrate.standardError)")
        let c = database.connection
        #expect(try Self.column(c, "SELECT API_NAME, ORGANIZATION FROM AM_API ORDER BY API_ID") == ["A carbon.super", "B t1.com", "C t2.org"])
        #expect(try Self.column(c, "SELECT ORGANIZATION FROM AM_API_DEFAULT_VERSION") == ["t1.com"])
        // carol of tenant 7 has no domain in her name: the migration client (with the shared database) fills it.
        #expect(try Self.column(c, "SELECT UUID, ORGANIZATION FROM AM_APPLICATION ORDER BY APPLICATION_ID") == ["app-1 carbon.super", "app-2 t1.com", "app-3 NULL"])
        #expect(try Self.column(c, "SELECT UUID, ORGANIZATION FROM AM_API_CATEGORIES ORDER BY UUID") == ["cat-1 carbon.super", "cat-2 t1.com", "cat-3 NULL"])
    }
}
