import WSO2Schema

extension SharedKernel4_6_2 {
    /// The user-management (UM_*) tables, in the order the script creates them.
    @SchemaBuilder static var userManagement: [any SchemaStatement] {
        umTenant                 // has the tenant UUID (IS 5.11.0) but not yet the organization UUID
        KernelTables.Since4_6_2.umDomain
        umUser                   // has UM_USER_ID, unique per tenant; the user name is not unique at all
        KernelTables.umSystemUser
        KernelTables.umRole
        KernelTables.umModule
        KernelTables.umModuleActions
        KernelTables.umPermission
        KernelTables.umRolePermission
        KernelTables.umUserPermission
        KernelTables.umUserRole
        KernelTables.Through4_6_2.umSharedUserRole
        KernelTables.umAccountMapping
        KernelTables.Since4_6_2.umUserAttribute
        KernelTables.umDialect
        KernelTables.umClaim
        KernelTables.umProfileConfig
        KernelTables.umClaimBehavior
        KernelTables.Since4_6_2.umHybridRole
        KernelTables.umHybridUserRole
        KernelTables.Since4_6_2.umHybridGroupRole
        KernelTables.Since4_6_2.umSystemRole
        KernelTables.umSystemUserRole
        KernelTables.umHybridRememberMe
        KernelTables.Since4_6_2.umUuidDomainMapper
    }

    // The blocks only kernel 4.6.2 writes this way; the others are in KernelTables.

    @SchemaBuilder static var umTenant: [any SchemaStatement] {
        DatabaseSequence("UM_TENANT_PK_SEQ")
        Table("UM_TENANT") {
            Column("UM_ID", .integer, .default(.nextval("UM_TENANT_PK_SEQ")))
            Column("UM_TENANT_UUID", .varchar(36), .notNull)
            Column("UM_DOMAIN_NAME", .varchar(255), .notNull)
            Column("UM_EMAIL", .varchar(255))
            Column("UM_ACTIVE", .boolean, .default(false))
            Column("UM_CREATED_DATE", .timestamp, .notNull)
            Column("UM_USER_CONFIG", .binary)
            PrimaryKey("UM_ID")
            UniqueConstraint("UM_DOMAIN_NAME")
            UniqueConstraint("UM_TENANT_UUID")
        }
        CreateIndex("INDEX_UM_TENANT_UM_DOMAIN_NAME", on: "UM_TENANT", "UM_DOMAIN_NAME")
    }

    @SchemaBuilder static var umUser: [any SchemaStatement] {
        DatabaseSequence("UM_USER_PK_SEQ")
        Table("UM_USER") {
            Column("UM_ID", .integer, .default(.nextval("UM_USER_PK_SEQ")))
            Column("UM_USER_ID", .varchar(255), .notNull)
            Column("UM_USER_NAME", .varchar(255), .notNull)
            Column("UM_USER_PASSWORD", .varchar(255), .notNull)
            Column("UM_SALT_VALUE", .varchar(31))
            Column("UM_REQUIRE_CHANGE", .boolean, .default(false))
            Column("UM_CHANGED_TIME", .timestamp, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            // Kernel 4.6.2 swapped the old UNIQUE (UM_USER_NAME, UM_TENANT_ID) for this one instead of adding it,
            // so a 4.0.0 database does not stop duplicate user names; 4.11.18 makes the name unique again.
            UniqueConstraint("UM_USER_ID", "UM_TENANT_ID")
        }
    }
}
