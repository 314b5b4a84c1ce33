import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
@testable import WSO2Migrator

/// Which columns the checks before the first write read (`ValueFit`): between engines that keep
/// the same values none, so that PostgreSQL → PostgreSQL and SQLite → SQLite pay nothing for them;
/// from SQLite into PostgreSQL every column.
@Suite("values checked before the first write")
struct ValueFitTests {
    @Test("none between engines of the same rules; every column from SQLite into PostgreSQL")
    func checkedColumns() throws {
        let postgres = try PostgresConnection(url: try Fixtures.postgresDatabase())
        let sqlite = try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        func checked(from source: any DatabaseConnection, into target: any DatabaseConnection) throws -> [String] {
            let live = source.dialect.inspectedForm(of: legacy)
            let plans = try MergeMapping.tables(live: [.um: live, .reg: live], rows: [:])
            return ValueFit.checkedColumns(plans, live: live, sourceRules: source.storedValueRules, into: target.storedValueRules)
        }
        #expect(try checked(from: postgres, into: postgres) == [])
        #expect(try checked(from: sqlite, into: sqlite) == [])
        #expect(try checked(from: postgres, into: sqlite) == [])
        let fromSQLite = try checked(from: sqlite, into: postgres)
        #expect(fromSQLite.contains("UM_DOMAIN.UM_DOMAIN_NAME") && fromSQLite.contains("UM_TENANT.UM_CREATED_DATE"))
        let plans = try MergeMapping.tables(live: [.um: legacy, .reg: legacy], rows: [:])
        #expect(fromSQLite.count == plans.reduce(0) { $0 + $1.columns.count })
    }
}
