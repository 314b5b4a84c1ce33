import Foundation
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// Both inspectors read a database back as exactly the schema it was made from: the differ finds
/// nothing between the catalog and what the inspector reads.
@Suite("inspectors read back what was created")
struct InspectorTests {
    static let schemas: [(WSO2Database, String)] = [(.shared, "4.7.0"), (.um, "2.6.0"), (.am, "4.7.0"), (.am, "2.6.0")]

    @Test("SQLite: a database made by create reads back with no differences", arguments: schemas)
    func sqliteRoundTrip(database: WSO2Database, version: String) throws {
        let connection = try SQLiteConnection(url: SQLite.url(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
        let schema = try Catalog.schema(for: database, version: version)
        _ = try SchemaCreator(database: database, schema: schema).create(on: connection)
        let live = try connection.inspectSchema()
        let differences = SchemaDiffer.differences(expected: SQLiteDialect().inspectedForm(of: schema), actual: live)
        #expect(differences.map(\.object) == [])
        #expect(live.tables.count == schema.tables.count)
        #expect(live.sequences.count >= schema.sequences.count)
    }

    @Test("PostgreSQL: a database made by WSO2's script reads back with no differences", arguments: PostgresCreateTests.references)
    func postgresReadsWSO2Script(database: WSO2Database, version: String, script: String) throws {
        let reference = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.referenceScript(script), into: reference)
        let live = try PostgresConnection(url: reference).inspectSchema()
        let schema = try Catalog.schema(for: database, version: version)
        let differences = SchemaDiffer.differences(expected: PostgresDialect().inspectedForm(of: schema), actual: live)
        #expect(differences.map(\.object) == [])
        #expect(live.tables.count == schema.tables.count)
    }

    @Test("PostgreSQL: reading named tables only gives exactly those tables as the whole read has them, with every sequence and function")
    func postgresReadsNamedTables() throws {
        let reference = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.referenceScript("apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"), into: reference)
        let connection = try PostgresConnection(url: reference)
        let whole = try connection.inspectSchema()
        // Mixed case, as the catalog and the server spell names; with foreign keys, indexes and a trigger among them.
        let names: Set<String> = ["AM_API", "am_api_url_mapping", "AM_API_COMMENTS", "IDN_OAUTH2_ACCESS_TOKEN", "AM_GW_API_ARTIFACTS", "AM_NO_SUCH_TABLE"]
        let some = try connection.inspectSchema(tables: names)
        #expect(Set(some.tables.map { $0.name.uppercased() }) == ["AM_API", "AM_API_URL_MAPPING", "AM_API_COMMENTS", "IDN_OAUTH2_ACCESS_TOKEN", "AM_GW_API_ARTIFACTS"])
        #expect(some.tables == whole.tables.filter { names.map { $0.uppercased() }.contains($0.name.uppercased()) })
        #expect(some == whole.restricted(to: names), "the same as the whole read, cut down")
        #expect(some.sequences == whole.sequences && some.functions == whole.functions)
        #expect(!some.tables.flatMap(\.foreignKeys).isEmpty && !some.tables.flatMap(\.indexes).isEmpty)
        #expect(some.triggers.count == 1 && whole.triggers.count >= 1, "the trigger of AM_GW_API_ARTIFACTS, and only it")
        #expect(try connection.inspectSchema(tables: []).tables.isEmpty)
    }
}
