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
}
