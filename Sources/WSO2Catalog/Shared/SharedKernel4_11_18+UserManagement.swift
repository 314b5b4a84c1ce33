import WSO2Schema

extension SharedKernel4_11_18 {
    /// The user-management (UM_*) tables, in the order the script creates them.
    @SchemaBuilder static var userManagement: [any SchemaStatement] {
        umTenant                 // changed in 4.11: a unique tenant UUID (IS 5.11.0) and its organization UUID (IS 6.0.0)
        umDomain                 // changed in 4.11: the domain name is required and unique per tenant
        umUser                   // changed in 4.11: a unique UM_USER_ID (IS 5.10.0) and a redundant unique name index (IS 6.0.0)
        KernelTables.umSystemUser
        KernelTables.umRole
        KernelTables.umModule
        KernelTables.umModuleActions
        KernelTables.umPermission
        KernelTables.umRolePermission
        KernelTables.umUserPermission
        KernelTables.umUserRole
        umSharedUserRole         // changed in 4.11: gains an ID primary key and its sequence (IS 6.0.0 migration)
        KernelTables.umAccountMapping
        umUserAttribute          // changed in 4.11: an index for lookups by attribute name and value (IS 5.11.0)
        KernelTables.umDialect
        KernelTables.umClaim
        KernelTables.umProfileConfig
        KernelTables.umClaimBehavior
        umHybridRole             // changed in 4.11: the role name is required, unique per tenant and indexed
        KernelTables.umHybridUserRole
        umHybridGroupRole        // new in 4.11 (IS 5.11.0): roles granted to groups
        umSystemRole             // changed in 4.11: the role name is required and unique per tenant, the plain index dropped
        KernelTables.umSystemUserRole
        KernelTables.umHybridRememberMe
        umUuidDomainMapper       // new in 4.11 (IS 5.10.0): user IDs to user-store domains
        umGroupUuidDomainMapper  // new in 4.11 (IS 6.0.0): group IDs to user-store domains
    }

    // The blocks that differ from kernel 4.4.35 or are new in 4.11.18; the others are in KernelTables.

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

    @SchemaBuilder static var umDomain: [any SchemaStatement] {
        DatabaseSequence("UM_DOMAIN_PK_SEQ")
        Table("UM_DOMAIN") {
            Column("UM_DOMAIN_ID", .integer, .default(.nextval("UM_DOMAIN_PK_SEQ")))
            Column("UM_DOMAIN_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_DOMAIN_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_DOMAIN_NAME", "UM_TENANT_ID")
        }
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
        CreateIndex("UM_ATTR_NAME_VALUE_INDEX", on: "UM_USER_ATTRIBUTE", "UM_ATTR_NAME", "UM_ATTR_VALUE")
    }

    @SchemaBuilder static var umHybridRole: [any SchemaStatement] {
        DatabaseSequence("UM_HYBRID_ROLE_PK_SEQ")
        Table("UM_HYBRID_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_ROLE_NAME", "UM_TENANT_ID")
        }
        CreateIndex("UM_ROLE_NAME_IND", on: "UM_HYBRID_ROLE", "UM_ROLE_NAME")
    }

    @SchemaBuilder static var umHybridGroupRole: [any SchemaStatement] {
        DatabaseSequence("UM_HYBRID_GROUP_ROLE_PK_SEQ")
        Table("UM_HYBRID_GROUP_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_GROUP_ROLE_PK_SEQ")))
            Column("UM_GROUP_NAME", .varchar(255))
            Column("UM_ROLE_ID", .integer, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            Column("UM_DOMAIN_ID", .integer)
            UniqueConstraint("UM_GROUP_NAME", "UM_ROLE_ID", "UM_TENANT_ID", "UM_DOMAIN_ID")
            ForeignKey(["UM_ROLE_ID", "UM_TENANT_ID"], references: "UM_HYBRID_ROLE", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            ForeignKey(["UM_DOMAIN_ID", "UM_TENANT_ID"], references: "UM_DOMAIN", ["UM_DOMAIN_ID", "UM_TENANT_ID"], onDelete: .cascade)
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umSystemRole: [any SchemaStatement] {
        DatabaseSequence("UM_SYSTEM_ROLE_PK_SEQ")
        Table("UM_SYSTEM_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_SYSTEM_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_ROLE_NAME", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umUuidDomainMapper: [any SchemaStatement] {
        DatabaseSequence("UM_UUID_DOMAIN_MAPPER_PK_SEQ")
        Table("UM_UUID_DOMAIN_MAPPER") {
            // WSO2 draws UM_ID from the remember-me sequence, not from the sequence created just above,
            // which stays unused; the default must match or inserts would number differently.
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_REMEMBER_ME_PK_SEQ")))
            Column("UM_USER_ID", .varchar(255), .notNull)
            Column("UM_DOMAIN_ID", .integer, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID")
            UniqueConstraint("UM_USER_ID")
            ForeignKey(["UM_DOMAIN_ID", "UM_TENANT_ID"], references: "UM_DOMAIN", ["UM_DOMAIN_ID", "UM_TENANT_ID"], onDelete: .cascade)
        }
        CreateIndex("UUID_DM_UID_TID", on: "UM_UUID_DOMAIN_MAPPER", "UM_USER_ID", "UM_TENANT_ID")
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
