import WSO2Schema

/// API-M 2.6.0 (carbon-kernel 4.4.35, the legacy UM and REG databases) → API-M 4.0.0 (kernel 4.6.2).
enum Shared4_0_0 {
    static let step: MigrationStep = {
        let target = Target("4.0.0")
        // The registry keeps user names of up to 255 characters instead of 31.
        let widened = [
            ("REG_LOG", "REG_USER_ID"), ("REG_RESOURCE", "REG_CREATOR"), ("REG_RESOURCE", "REG_LAST_UPDATOR"),
            ("REG_RESOURCE_HISTORY", "REG_CREATOR"), ("REG_RESOURCE_HISTORY", "REG_LAST_UPDATOR"),
            ("REG_COMMENT", "REG_USER_ID"), ("REG_RATING", "REG_USER_ID"), ("REG_TAG", "REG_USER_ID"),
        ].map { SchemaChange.alterColumn(table: $0.0, target.column($0.0, $0.1)) }
        // Role and domain names become required and unique per tenant.
        let namedPerTenant: [SchemaChange] = [
            .alterColumn(table: "UM_DOMAIN", target.column("UM_DOMAIN", "UM_DOMAIN_NAME")),
            .addUnique(table: "UM_DOMAIN", target.unique("UM_DOMAIN", "UM_DOMAIN_NAME", "UM_TENANT_ID")),
            .alterColumn(table: "UM_HYBRID_ROLE", target.column("UM_HYBRID_ROLE", "UM_ROLE_NAME")),
            .addUnique(table: "UM_HYBRID_ROLE", target.unique("UM_HYBRID_ROLE", "UM_ROLE_NAME", "UM_TENANT_ID")),
            .createIndex(target.index("UM_ROLE_NAME_IND")),
            .alterColumn(table: "UM_SYSTEM_ROLE", target.column("UM_SYSTEM_ROLE", "UM_ROLE_NAME")),
            .addUnique(table: "UM_SYSTEM_ROLE", target.unique("UM_SYSTEM_ROLE", "UM_ROLE_NAME", "UM_TENANT_ID")),
            .dropIndex(table: "UM_SYSTEM_ROLE", name: "SYSTEM_ROLE_IND_BY_RN_TI"),
        ]
        let newTables: [SchemaChange] = [
            .createSequence(target.sequence("UM_HYBRID_GROUP_ROLE_PK_SEQ")),
            .createTable(target.table("UM_HYBRID_GROUP_ROLE")),
            .createSequence(target.sequence("UM_UUID_DOMAIN_MAPPER_PK_SEQ")),
            .createTable(target.table("UM_UUID_DOMAIN_MAPPER")),
        ]
        return MigrationStep(
            from: "2.6.0", to: "4.0.0",
            description: "carbon-kernel 4.4.35 → 4.6.2: wider registry user names, unique paths and names, user and tenant UUIDs",
            operations: [
                .schema(
                    widened + namedPerTenant + newTables + [
                        .dropIndex(table: "REG_PATH", name: "REG_PATH_IND_BY_PATH_VALUE"),
                        .addUnique(table: "REG_PATH", target.unique("REG_PATH", "REG_PATH_VALUE", "REG_TENANT_ID")),
                        .createIndex(target.index("UM_ATTR_NAME_VALUE_INDEX")),
                        .addColumn(table: "UM_TENANT", target.bareColumn("UM_TENANT", "UM_TENANT_UUID")),
                        .addColumn(table: "UM_USER", target.bareColumn("UM_USER", "UM_USER_ID")),
                        // kernel 4.6.2 keys users by (UM_USER_ID, UM_TENANT_ID) instead of their name.
                        .dropUnique(table: "UM_USER", columns: ["UM_USER_NAME", "UM_TENANT_ID"]),
                    ]),
                .data(.fillWithUUIDs(table: "UM_TENANT", column: "UM_TENANT_UUID")),
                .data(.fillWithUUIDs(table: "UM_USER", column: "UM_USER_ID")),
                .schema([
                    .alterColumn(table: "UM_TENANT", target.column("UM_TENANT", "UM_TENANT_UUID")),
                    .addUnique(table: "UM_TENANT", target.unique("UM_TENANT", "UM_TENANT_UUID")),
                    .alterColumn(table: "UM_USER", target.column("UM_USER", "UM_USER_ID")),
                    .addUnique(table: "UM_USER", target.unique("UM_USER", "UM_USER_ID", "UM_TENANT_ID")),
                ]),
            ],
            // What wso2db recorded for this step before StepText (a digest of Swift's printing of it).
            formerChecksums: ["134212decc0c0f1f"])
    }()
}
