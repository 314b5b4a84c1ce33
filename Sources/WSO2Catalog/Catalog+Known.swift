import WSO2Schema

extension Catalog {
    /// One schema the catalog knows, with every API-M version that ships it (newest first).
    public struct KnownSchema: Sendable {
        /// The database. The legacy schema is listed once, as `.um`: `.reg` has the same one.
        public let database: WSO2Database
        /// The API-M versions that ship this schema, newest first.
        public let versions: [String]
        /// The names of its tables, in creation order: known without building the schema.
        public var tableNames: [String] { entry.generated.tableNames }
        let entry: Entry

        /// The schema, named for the database and its newest version: built on first use.
        public var schema: Schema {
            var schema = entry.schema
            schema.name = database.wso2Name
            schema.version = versions[0]
            return schema
        }
    }

    /// Every distinct schema the catalog knows for `engine`.
    public static func knownSchemas(engine: CatalogEngine = .postgresql) -> [KnownSchema] {
        [WSO2Database.am, .shared, .um].flatMap { database in
            entries(for: database, engine: engine).map { KnownSchema(database: database, versions: $0.versions, entry: $0) }
        }
    }
}
