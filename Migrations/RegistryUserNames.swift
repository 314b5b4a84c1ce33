import WSO2Schema

/// The registry's columns that hold a user name: 20 characters in carbon-kernel 4.4.11 (API-M 2.1.0), 31 from
/// 4.4.26 (2.2.0), 255 from 4.6.2 (4.0.0). Two steps widen them.
enum RegistryUserNames {
    static let columns = [
        ("REG_LOG", "REG_USER_ID"), ("REG_RESOURCE", "REG_CREATOR"), ("REG_RESOURCE", "REG_LAST_UPDATOR"),
        ("REG_RESOURCE_HISTORY", "REG_CREATOR"), ("REG_RESOURCE_HISTORY", "REG_LAST_UPDATOR"),
        ("REG_COMMENT", "REG_USER_ID"), ("REG_RATING", "REG_USER_ID"), ("REG_TAG", "REG_USER_ID"),
    ]

    /// Each column altered to its definition in `target`.
    static func widened(to target: Target) -> [SchemaChange] {
        columns.map { SchemaChange.alterColumn(table: $0.0, target.column($0.0, $0.1)) }
    }
}
