import Testing
import WSO2Schema
@testable import WSO2Catalog

/// The one schema WSO2 published no script of: WSO2_SHARED_DB of API-M 4.0.0 on MySQL (carbon-kernel
/// 4.6.2). It is generated from the MySQL script of 4.6.3 less what 4.6.3 added; held here against
/// what the two scripts that do exist say, not against the derivation itself.
@Suite("The derived MySQL WSO2_SHARED_DB of API-M 4.0.0")
struct DerivedCatalogTests {
    static let derived = MySQLKernel4_6_2.schema
    static let postgreSQL = Kernel4_6_2.schema
    static let nextMySQL = MySQLKernel4_6_3.schema

    static func names(_ names: [String]) -> [String] { names.map { $0.uppercased() }.sorted() }

    @Test("it has exactly the tables and columns of WSO2's PostgreSQL script of 4.0.0")
    func tablesAndColumnsOfTheRelease() throws {
        #expect(Self.names(Self.derived.tables.map(\.name)) == Self.names(Self.postgreSQL.tables.map(\.name)))
        for table in Self.postgreSQL.tables {
            let derived = try #require(Self.derived.table(named: table.name))
            #expect(Self.names(derived.columns.map(\.name)) == Self.names(table.columns.map(\.name)), "\(table.name)")
        }
    }

    @Test("every table, column, index and foreign key is defined as WSO2's MySQL script of 4.1.0 defines it")
    func definedAsMySQLDefinesThem() throws {
        for table in Self.derived.tables {
            let next = try #require(Self.nextMySQL.table(named: table.name), "\(table.name) is not in MySQL 4.1.0")
            for column in table.columns {
                #expect(next.column(named: column.name) == column, "\(table.name).\(column.name)")
            }
            for index in table.indexes {
                #expect(next.indexes.contains(index), "\(table.name): index \(index.name)")
            }
            for key in table.foreignKeys {
                #expect(next.foreignKeys.contains(key), "\(table.name): foreign key \(key.name ?? "")")
            }
            #expect(table.primaryKey == next.primaryKey, "\(table.name)")
        }
    }

    @Test("what 4.1.0 added is not in it: the indexes of 4.1.0's PostgreSQL script that 4.0.0's lacks")
    func withoutTheNextReleasesAdditions() throws {
        let added = Kernel4_6_3.schema.tables.flatMap { table in
            table.indexes.filter { index in
                Self.postgreSQL.table(named: table.name)?.indexes.contains { $0.name.sameSQLName(as: index.name) } != true
            }.map(\.name)
        }
        try #require(!added.isEmpty, "4.6.2 → 4.6.3 added no index: this test would prove nothing")
        for name in added {
            #expect(!Self.derived.tables.contains { $0.indexes.contains { $0.name.sameSQLName(as: name) } }, "\(name)")
        }
    }
}
