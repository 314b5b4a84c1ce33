import WSO2Schema

// The user-management (UM_*) blocks that kernels 4.4.35, 4.6.2 and 4.11.18 write identically, in script order.
extension KernelTables {
    @SchemaBuilder static var umSystemUser: [any SchemaStatement] {
        DatabaseSequence("UM_SYSTEM_USER_PK_SEQ")
        Table("UM_SYSTEM_USER") {
            Column("UM_ID", .integer, .default(.nextval("UM_SYSTEM_USER_PK_SEQ")))
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

    @SchemaBuilder static var umRole: [any SchemaStatement] {
        DatabaseSequence("UM_ROLE_PK_SEQ")
        Table("UM_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            Column("UM_SHARED_ROLE", .boolean, .default(false))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_ROLE_NAME", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umModule: [any SchemaStatement] {
        DatabaseSequence("UM_MODULE_PK_SEQ")
        Table("UM_MODULE") {
            Column("UM_ID", .integer, .default(.nextval("UM_MODULE_PK_SEQ")))
            Column("UM_MODULE_NAME", .varchar(100))
            UniqueConstraint("UM_MODULE_NAME")
            PrimaryKey("UM_ID")
        }
    }

    @SchemaBuilder static var umModuleActions: [any SchemaStatement] {
        Table("UM_MODULE_ACTIONS") {
            Column("UM_ACTION", .varchar(255), .notNull)
            Column("UM_MODULE_ID", .integer, .notNull)
            PrimaryKey("UM_ACTION", "UM_MODULE_ID")
            ForeignKey(["UM_MODULE_ID"], references: "UM_MODULE", ["UM_ID"], onDelete: .cascade)
        }
    }

    @SchemaBuilder static var umPermission: [any SchemaStatement] {
        DatabaseSequence("UM_PERMISSION_PK_SEQ")
        Table("UM_PERMISSION") {
            Column("UM_ID", .integer, .default(.nextval("UM_PERMISSION_PK_SEQ")))
            Column("UM_RESOURCE_ID", .varchar(255), .notNull)
            Column("UM_ACTION", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            Column("UM_MODULE_ID", .integer, .default(0))
            UniqueConstraint("UM_RESOURCE_ID", "UM_ACTION", "UM_TENANT_ID")
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
        CreateIndex("INDEX_UM_PERMISSION_UM_RESOURCE_ID_UM_ACTION", on: "UM_PERMISSION", "UM_RESOURCE_ID", "UM_ACTION", "UM_TENANT_ID")
    }

    @SchemaBuilder static var umRolePermission: [any SchemaStatement] {
        DatabaseSequence("UM_ROLE_PERMISSION_PK_SEQ")
        Table("UM_ROLE_PERMISSION") {
            Column("UM_ID", .integer, .default(.nextval("UM_ROLE_PERMISSION_PK_SEQ")))
            Column("UM_PERMISSION_ID", .integer, .notNull)
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_IS_ALLOWED", .smallint, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            Column("UM_DOMAIN_ID", .integer)
            ForeignKey(["UM_PERMISSION_ID", "UM_TENANT_ID"], references: "UM_PERMISSION", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            ForeignKey(["UM_DOMAIN_ID", "UM_TENANT_ID"], references: "UM_DOMAIN", ["UM_DOMAIN_ID", "UM_TENANT_ID"], onDelete: .cascade)
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umUserPermission: [any SchemaStatement] {
        DatabaseSequence("UM_USER_PERMISSION_PK_SEQ")
        Table("UM_USER_PERMISSION") {
            Column("UM_ID", .integer, .default(.nextval("UM_USER_PERMISSION_PK_SEQ")))
            Column("UM_PERMISSION_ID", .integer, .notNull)
            Column("UM_USER_NAME", .varchar(255), .notNull)
            Column("UM_IS_ALLOWED", .smallint, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            ForeignKey(["UM_PERMISSION_ID", "UM_TENANT_ID"], references: "UM_PERMISSION", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umUserRole: [any SchemaStatement] {
        DatabaseSequence("UM_USER_ROLE_PK_SEQ")
        Table("UM_USER_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_USER_ROLE_PK_SEQ")))
            Column("UM_ROLE_ID", .integer, .notNull)
            Column("UM_USER_ID", .integer, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            UniqueConstraint("UM_USER_ID", "UM_ROLE_ID", "UM_TENANT_ID")
            ForeignKey(["UM_ROLE_ID", "UM_TENANT_ID"], references: "UM_ROLE", ["UM_ID", "UM_TENANT_ID"])
            ForeignKey(["UM_USER_ID", "UM_TENANT_ID"], references: "UM_USER", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umAccountMapping: [any SchemaStatement] {
        DatabaseSequence("UM_ACCOUNT_MAPPING_SEQ")
        Table("UM_ACCOUNT_MAPPING") {
            Column("UM_ID", .integer, .default(.nextval("UM_ACCOUNT_MAPPING_SEQ")))
            Column("UM_USER_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .notNull)
            Column("UM_USER_STORE_DOMAIN", .varchar(100))
            Column("UM_ACC_LINK_ID", .integer, .notNull)
            UniqueConstraint("UM_USER_NAME", "UM_TENANT_ID", "UM_USER_STORE_DOMAIN", "UM_ACC_LINK_ID")
            ForeignKey(["UM_TENANT_ID"], references: "UM_TENANT", ["UM_ID"], onDelete: .cascade)
            PrimaryKey("UM_ID")
        }
    }

    @SchemaBuilder static var umDialect: [any SchemaStatement] {
        DatabaseSequence("UM_DIALECT_PK_SEQ")
        Table("UM_DIALECT") {
            Column("UM_ID", .integer, .default(.nextval("UM_DIALECT_PK_SEQ")))
            Column("UM_DIALECT_URI", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            UniqueConstraint("UM_DIALECT_URI", "UM_TENANT_ID")
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umClaim: [any SchemaStatement] {
        DatabaseSequence("UM_CLAIM_PK_SEQ")
        Table("UM_CLAIM") {
            Column("UM_ID", .integer, .default(.nextval("UM_CLAIM_PK_SEQ")))
            Column("UM_DIALECT_ID", .integer, .notNull)
            Column("UM_CLAIM_URI", .varchar(255), .notNull)
            Column("UM_DISPLAY_TAG", .varchar(255))
            Column("UM_DESCRIPTION", .varchar(255))
            Column("UM_MAPPED_ATTRIBUTE_DOMAIN", .varchar(255))
            Column("UM_MAPPED_ATTRIBUTE", .varchar(255))
            Column("UM_REG_EX", .varchar(255))
            Column("UM_SUPPORTED", .smallint)
            Column("UM_REQUIRED", .smallint)
            Column("UM_DISPLAY_ORDER", .integer)
            Column("UM_CHECKED_ATTRIBUTE", .smallint)
            Column("UM_READ_ONLY", .smallint)
            Column("UM_TENANT_ID", .integer, .default(0))
            UniqueConstraint("UM_DIALECT_ID", "UM_CLAIM_URI", "UM_TENANT_ID")
            ForeignKey(["UM_DIALECT_ID", "UM_TENANT_ID"], references: "UM_DIALECT", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umProfileConfig: [any SchemaStatement] {
        DatabaseSequence("UM_PROFILE_CONFIG_PK_SEQ")
        Table("UM_PROFILE_CONFIG") {
            Column("UM_ID", .integer, .default(.nextval("UM_PROFILE_CONFIG_PK_SEQ")))
            Column("UM_DIALECT_ID", .integer, .notNull)
            Column("UM_PROFILE_NAME", .varchar(255))
            Column("UM_TENANT_ID", .integer, .default(0))
            ForeignKey(["UM_DIALECT_ID", "UM_TENANT_ID"], references: "UM_DIALECT", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umClaimBehavior: [any SchemaStatement] {
        DatabaseSequence("UM_CLAIM_BEHAVIOR_PK_SEQ")
        Table("UM_CLAIM_BEHAVIOR") {
            Column("UM_ID", .integer, .default(.nextval("UM_CLAIM_BEHAVIOR_PK_SEQ")))
            Column("UM_PROFILE_ID", .integer)
            Column("UM_CLAIM_ID", .integer)
            Column("UM_BEHAVIOUR", .smallint)
            Column("UM_TENANT_ID", .integer, .default(0))
            ForeignKey(["UM_PROFILE_ID", "UM_TENANT_ID"], references: "UM_PROFILE_CONFIG", ["UM_ID", "UM_TENANT_ID"])
            ForeignKey(["UM_CLAIM_ID", "UM_TENANT_ID"], references: "UM_CLAIM", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umHybridUserRole: [any SchemaStatement] {
        DatabaseSequence("UM_HYBRID_USER_ROLE_PK_SEQ")
        Table("UM_HYBRID_USER_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_USER_ROLE_PK_SEQ")))
            Column("UM_USER_NAME", .varchar(255))
            Column("UM_ROLE_ID", .integer, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            Column("UM_DOMAIN_ID", .integer)
            UniqueConstraint("UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID", "UM_DOMAIN_ID")
            ForeignKey(["UM_ROLE_ID", "UM_TENANT_ID"], references: "UM_HYBRID_ROLE", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            ForeignKey(["UM_DOMAIN_ID", "UM_TENANT_ID"], references: "UM_DOMAIN", ["UM_DOMAIN_ID", "UM_TENANT_ID"], onDelete: .cascade)
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umSystemUserRole: [any SchemaStatement] {
        DatabaseSequence("UM_SYSTEM_USER_ROLE_PK_SEQ")
        Table("UM_SYSTEM_USER_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_SYSTEM_USER_ROLE_PK_SEQ")))
            Column("UM_USER_NAME", .varchar(255))
            Column("UM_ROLE_ID", .integer, .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            UniqueConstraint("UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID")
            ForeignKey(["UM_ROLE_ID", "UM_TENANT_ID"], references: "UM_SYSTEM_ROLE", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }

    @SchemaBuilder static var umHybridRememberMe: [any SchemaStatement] {
        DatabaseSequence("UM_HYBRID_REMEMBER_ME_PK_SEQ")
        Table("UM_HYBRID_REMEMBER_ME") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_REMEMBER_ME_PK_SEQ")))
            Column("UM_USER_NAME", .varchar(255), .notNull)
            Column("UM_COOKIE_VALUE", .varchar(1024))
            Column("UM_CREATED_TIME", .timestamp)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }
    }
}
