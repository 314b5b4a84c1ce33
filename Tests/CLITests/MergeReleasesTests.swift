import Foundation
import LocalPostgres
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// merge-legacy from sources of other releases than 2.6.0: the 2.1.0 pair (20-character registry users), and the
/// 3.2.0 shared database with its user store in a database of its own.
@Suite("merge-legacy from every release")
struct MergeReleasesTests {
    typealias Place = MergeLegacyTests.Place
    typealias Engine = MergeLegacyTests.Engine

    /// A source database of `release`: WSO2's script through psql on PostgreSQL, `wso2db create` on SQLite.
    static func source(_ engine: Engine, release: String, script: String) throws -> Place {
        switch engine {
        case .postgres:
            let (server, name) = try DetectTests.databaseFromScript(script)
            return Place(engine: .postgres, url: server.url(database: name))
        case .sqlite:
            let url = "sqlite:" + (try MergeLegacyTests.folder()) + "/source.db"
            let database = release.hasPrefix("2.") ? "um" : "shared"
            let created = try BuiltBinary.wso2db(["create", database, "--version", release, "--url", url])
            try #require(created.status == 0, "\(created.standardError)")
            return Place(engine: .sqlite, url: url)
        }
    }

    /// The release's tables of one family (`UM_` or `REG_`).
    static func family(_ schema: Schema, _ prefix: String) -> Schema {
        var family = schema
        family.tables = schema.tables.filter { $0.name.hasPrefix(prefix) }
        return family
    }

    static let releases: [(String, String)] = [
        ("2.1.0", "legacy-um-reg-postgresql-kernel-v4.4.11-apim-2.1.0.sql"),
        ("2.6.0", "legacy-um-reg-postgresql-kernel-v4.4.35.sql"),
        ("3.2.0", "shared-postgresql-kernel-v4.6.0-apim-3.1.0+3.2.0.sql"),
    ]

    @Test(
        "a UM and a REG source of the release merge into 4.7.0: no drift, every row of every table the release has",
        arguments: releases, [Engine.postgres, .sqlite])
    func merges(release: (String, String), engine: Engine) throws {
        let (version, script) = release
        let schema = try Catalog.schema(for: version.hasPrefix("2.") ? .um : .shared, version: version)
        let um = try Self.source(engine, release: version, script: script)
        let reg = try Self.source(engine, release: version, script: script)
        let umTables = Self.family(schema, "UM_")
        let regTables = Self.family(schema, "REG_")
        try TableData.fill(try um.connect(), schema: umTables, rows: 6)
        try TableData.fill(try reg.connect(), schema: regTables, rows: 6)
        if version == "2.1.0" {
            // A registry user of all 20 characters 2.1.0 allows, and the narrower column's rows in general.
            let connection = try reg.connect()
            try connection.run(
                SQLStatement(
                    "UPDATE \(connection.dialect.quote("REG_LOG")) SET \(connection.dialect.quote("REG_USER_ID")) = \(connection.dialect.placeholder(1))",
                    [.text("u2345678901234567890")]))
        }
        let fingerprints = (try um.fingerprint(), try reg.fingerprint())
        let target = try MergeLegacyTests.emptyTarget(engine)
        let result = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        try #require(result.status == 0, "\(result.standardOutput.prefix(2000))\(result.standardError.suffix(3000))")
        let report = try MergeLegacyTests.json(result)
        #expect((report["um"] as? [String: Any])?["version"] as? String == version, "the source is placed at its own release")
        let drift = try BuiltBinary.wso2db(["drift", "shared", "--url", target.url])
        #expect(drift.status == 0, "\(drift.standardOutput.prefix(3000))")

        let targetConnection = try target.connect()
        for (source, tables) in [(um, umTables), (reg, regTables)] {
            let serverSide = engine == .postgres
            let expected = try MergeLegacyTests.legacyRows(try source.connect(readOnly: true), tables, serverSide: serverSide)
            let found = try MergeLegacyTests.legacyRows(targetConnection, tables, serverSide: serverSide)
            #expect(expected.values.contains { $0 != ["0", "d41d8cd98f00b204e9800998ecf8427e"] && !$0.isEmpty }, "the sources hold rows")
            for table in tables.tables.map(\.name) where found[table] != expected[table] {
                Issue.record("\(table): \(MergeLegacyTests.difference(expected[table] ?? [], found[table] ?? []))")
            }
        }
        if version == "3.2.0" {
            // 3.2.0 already has user UUIDs: they are copied, not made up.
            let copied = try targetConnection.query("SELECT count(*) FROM \(targetConnection.dialect.quote("UM_UUID_DOMAIN_MAPPER"))")
            #expect(copied.rows.first?.first?.integerValue == 6)
        }
        #expect(try um.fingerprint() == fingerprints.0 && reg.fingerprint() == fingerprints.1, "the sources are unchanged")
    }

    @Test("a 2.1.0 source is held to the rules 2.1.0 lacks: duplicate permissions are refused, naming the rows", arguments: [Engine.sqlite])
    func rulesOf210(engine: Engine) throws {
        let script = "legacy-um-reg-postgresql-kernel-v4.4.11-apim-2.1.0.sql"
        let schema = try Catalog.schema(for: .um, version: "2.1.0")
        let um = try Self.source(engine, release: "2.1.0", script: script)
        let reg = try Self.source(engine, release: "2.1.0", script: script)
        try TableData.fill(try um.connect(), schema: Self.family(schema, "UM_"), rows: 3)
        let connection = try um.connect()
        try MergeLegacyTests.insert(
            connection, "UM_PERMISSION",
            [100, 101].map { ["UM_ID": .integer($0), "UM_RESOURCE_ID": .text("/permission/x"), "UM_ACTION": .text("ui.execute"), "UM_TENANT_ID": .integer(1)] })
        let target = try MergeLegacyTests.emptyTarget(engine)
        let result = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        #expect(result.status == 2, "\(result.standardOutput)")
        let line = result.standardError.split(separator: "\n").first { $0.contains("UM_PERMISSION") }
        #expect(line?.contains("UNIQUE (UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID)") == true, "\(result.standardError)")
        #expect(line?.contains("'/permission/x'") == true, "the rows are named: \(result.standardError)")
        #expect(try target.objects() == [])
    }

    @Test("a source narrower or looser than its release maps when its rows fit; a NULL 4.7.0 forbids is refused, naming the row")
    func narrowerAndLooser() throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(.postgres) { um, _ in
            try um.execute("ALTER TABLE um_tenant ALTER COLUMN um_email TYPE varchar(200)")
            try um.execute("ALTER TABLE um_role ALTER COLUMN um_role_name DROP NOT NULL")
        }
        let target = try MergeLegacyTests.emptyTarget(.postgres)
        let merged = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        #expect(merged.status == 0, "\(merged.standardOutput.prefix(2000))\(merged.standardError.suffix(2000))")
        #expect(try BuiltBinary.wso2db(["drift", "shared", "--url", target.url]).status == 0)

        try MergeLegacyTests.insert(try um.connect(), "UM_ROLE", [["UM_ID": .integer(900), "UM_ROLE_NAME": .null, "UM_TENANT_ID": .integer(7)]])
        let refused = try MergeLegacyTests.merge(um: um, reg: reg, to: try MergeLegacyTests.emptyTarget(.postgres))
        #expect(refused.status == 2)
        let line = refused.standardError.split(separator: "\n").first { $0.contains("UM_ROLE:") }
        #expect(line?.contains("UM_ROLE_NAME NOT NULL") == true && line?.contains("900") == true, "\(refused.standardError)")
    }
}
