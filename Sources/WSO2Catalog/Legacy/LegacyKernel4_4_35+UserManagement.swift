import WSO2Schema

extension LegacyKernel4_4_35 {
    /// The user-management (UM_*) tables, in the order the script creates them.
    @SchemaBuilder static var userManagement: [any SchemaStatement] {
        umTenant
        umDomain
        umUser
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
        umUserAttribute
        KernelTables.umDialect
        KernelTables.umClaim
        KernelTables.umProfileConfig
        KernelTables.umClaimBehavior
        umHybridRole
        KernelTables.umHybridUserRole
        umSystemRole
        KernelTables.umSystemUserRole
        KernelTables.umHybridRememberMe
    }

    // The blocks only kernel 4.4.35 writes this way; the others are in KernelTables.

    @SchemaBuilder static var umTenant: [any SchemaStatement] {
        DatabaseSequence("UM_TENANT_PK_SEQ")
        Table("UM_TENANT") {
            Column("UM_ID", .integer, .default(.nextval("UM_TENANT_PK_SEQ")))
            Column("UM_DOMAIN_NAME", .varchar(255), .notNull)
            Column("UM_EMAIL", .varchar(255))
            Column("UM_ACTIVE", .boolean, .default(false))
            Column("UM_CREATED_DATE", .timestamp, .notNull)
            Column("UM_USER_CONFIG", .binary)
            PrimaryKey("UM_ID")
            UniqueConstraint("UM_DOMAIN_NAME")
        }
        CreateIndex("INDEX_UM_TENANT_UM_DOMAIN_NAME", on: "UM_TENANT", "UM_DOMAIN_NAME")
    }

    @SchemaBuilder static var umDomain: [any SchemaStatement] {
        DatabaseSequence("UM_DOMAIN_PK_SEQ")
        Table("UM_DOMAIN") {
            Column("UM_DOMAIN_ID", .integer, .default(.nextval("UM_DOMAIN_PK_SEQ")))
            Column("UM_DOMAIN_NAME", .varchar(255))
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_DOMAIN_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umUser: [any SchemaStatement] {
        DatabaseSequence("UM_USER_PK_SEQ")
        Table("UM_USER") {
            Column("UM_ID", .integer, .default(.nextval("UM_USER_PK_SEQ")))
            Column("UM_USER_NAME", .varchar(255), .notNull)
            Column("UM_USER_PASSWORD", .varchar(255), .notNull)
            Column("UM_SALT_VALUE", .varchar(31))
            Column("UM_REQUIRE_CHANGE", .boolean, .default(false))
            Column("UM_CHANGED_TIME", .timestamp, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_USER_NAME", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umUserAttribute: [any SchemaStatement] {
        DatabaseSequence("UM_USER_ATTRIBUTE_PK_SEQ")
        Table("UM_USER_ATTRIBUTE") {
            Column("UM_ID", .integer, .default(.nextval("UM_USER_ATTRIBUTE_PK_SEQ")))
            Column("UM_ATTR_NAME", .varchar(255), .notNull)
            Column("UM_ATTR_VALUE", .varchar(1024))
            Column("UM_PROFILE_ID", .varchar(255))
            Column("UM_USER_ID", .integer)
            Column("UM_TENANT_ID", .integer, .default(0))
            ForeignKey(["UM_USER_ID", "UM_TENANT_ID"], references: "UM_USER", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
        CreateIndex("UM_USER_ID_INDEX", on: "UM_USER_ATTRIBUTE", "UM_USER_ID")
    }

    @SchemaBuilder static var umHybridRole: [any SchemaStatement] {
        DatabaseSequence("UM_HYBRID_ROLE_PK_SEQ")
        Table("UM_HYBRID_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255))
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umSystemRole: [any SchemaStatement] {
        DatabaseSequence("UM_SYSTEM_ROLE_PK_SEQ")
        Table("UM_SYSTEM_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_SYSTEM_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255))
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
        CreateIndex("SYSTEM_ROLE_IND_BY_RN_TI", on: "UM_SYSTEM_ROLE", "UM_ROLE_NAME", "UM_TENANT_ID")
    }
}
