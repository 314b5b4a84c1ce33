import Testing
import WSO2Schema
@testable import WSO2Catalog

/// Detection ranks every known schema by the names of its tables without building it, from the list the
/// generator writes beside each schema: the list must be the built schema's tables, in order.
@Suite("catalog table-name lists")
struct CatalogTableNameTests {
    @Test("each generated schema's tableNames are its tables, in creation order", arguments: CatalogEngine.allCases)
    func tableNamesMatchTheSchema(engine: CatalogEngine) {
        let known = Catalog.knownSchemas(engine: engine)
        #expect(known.count == 22)
        for schema in known {
            #expect(schema.tableNames == schema.schema.tables.map(\.name), "\(schema.database) \(schema.versions[0]) on \(engine)")
            #expect(!schema.tableNames.isEmpty)
        }
    }
}
