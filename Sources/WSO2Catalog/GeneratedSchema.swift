import WSO2Schema

/// A schema `wso2db-catalog` wrote. Building one from its declarations takes about a millisecond, and the
/// catalog holds 44 (22 an engine): what only needs the names of the tables (detection ranks every known schema by
/// them) reads `tableNames`, which the generator writes out, and builds only the schemas it goes on to compare.
protocol GeneratedSchema: SendableMetatype {
    /// The schema, built on first use.
    static var schema: Schema { get }
    /// The names of the schema's tables, in creation order, as `schema.tables` has them.
    static var tableNames: [String] { get }
}
