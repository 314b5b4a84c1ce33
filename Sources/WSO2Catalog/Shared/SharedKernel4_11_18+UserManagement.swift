import WSO2Schema

extension SharedKernel4_11_18 {
    /// The user-management (UM_*) tables, in the order the script creates them.
    @SchemaBuilder static var userManagement: [any SchemaStatement] {
        umTenant                 // changed after 4.6.2: gains its organization UUID (IS 6.0.0)
        KernelTables.Since4_6_2.umDomain
        umUser                   // changed after 4.6.2: UM_USER_ID unique on its own, the name unique again and indexed (IS 6.0.0)
        KernelTables.umSystemUser
        KernelTables.umRole
        KernelTables.umModule
        KernelTables.umModuleActions
        KernelTables.umPermission
        KernelTables.umRolePermission
        KernelTables.umUserPermission
        KernelTables.umUserRole
        umSharedUserRole         // changed after 4.6.2: gains an ID primary key and its sequence (IS 6.0.0 migration)
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
        umGroupUuidDomainMapper  // new after 4.6.2 (IS 6.0.0): group IDs to user-store domains
    }

    // The blocks only kernel 4.11.18 writes this way; the others are in KernelTables.

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
            Column("UM_ORG_UUID", .varchar(36), .default(.null))
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
            UniqueConstraint("UM_USER_ID")
            UniqueConstraint("UM_USER_NAME", "UM_TENANT_ID")
        }
        // Duplicates the UNIQUE (UM_USER_NAME, UM_TENANT_ID) constraint above. The IS 6.0.0 migration added it
        // next to the constraint, so real databases carry both and the catalog must too.
        CreateIndex("INDEX_UM_USERNAME_UM_TENANT_ID", on: "UM_USER", "UM_USER_NAME", "UM_TENANT_ID", unique: true)
    }

    @SchemaBuilder static var umSharedUserRole: [any SchemaStatement] {
        DatabaseSequence("UM_SHARED_USER_ROLE_PK_SEQ")
        Table("UM_SHARED_USER_ROLE") {
            Column("ID", .integer, .default(.nextval("UM_SHARED_USER_ROLE_PK_SEQ")))
            Column("UM_ROLE_ID", .integer, .notNull)
            Column("UM_USER_ID", .integer, .notNull)
            Column("UM_USER_TENANT_ID", .integer, .notNull)
            Column("UM_ROLE_TENANT_ID", .integer, .notNull)
            UniqueConstraint("UM_USER_ID", "UM_ROLE_ID", "UM_USER_TENANT_ID", "UM_ROLE_TENANT_ID")
            ForeignKey(["UM_ROLE_ID", "UM_ROLE_TENANT_ID"], references: "UM_ROLE", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            ForeignKey(["UM_USER_ID", "UM_USER_TENANT_ID"], references: "UM_USER", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            PrimaryKey("ID")
        }
    }

    @SchemaBuilder static var umGroupUuidDomainMapper: [any SchemaStatement] {
        DatabaseSequence("UM_GROUP_UUID_DOMAIN_MAPPER_PK_SEQ")
        Table("UM_GROUP_UUID_DOMAIN_MAPPER") {
            // Same quirk as UM_UUID_DOMAIN_MAPPER: the remember-me sequence, not its own.
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_REMEMBER_ME_PK_SEQ")))
            Column("UM_GROUP_ID", .varchar(255), .notNull)
            Column("UM_DOMAIN_ID", .integer, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID")
            UniqueConstraint("UM_GROUP_ID")
            ForeignKey(["UM_DOMAIN_ID", "UM_TENANT_ID"], references: "UM_DOMAIN", ["UM_DOMAIN_ID", "UM_TENANT_ID"], onDelete: .cascade)
        }
        CreateIndex("UUID_GRP_UID_TID", on: "UM_GROUP_UUID_DOMAIN_MAPPER", "UM_GROUP_ID", "UM_TENANT_ID")
    }
}
