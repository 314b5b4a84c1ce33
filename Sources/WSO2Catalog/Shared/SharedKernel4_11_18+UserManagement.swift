import WSO2Schema

extension SharedKernel4_11_18 {
    /// The user-management (UM_*) tables, in the order the script creates them.
    @SchemaBuilder static var userManagement: [any SchemaStatement] {
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

        DatabaseSequence("UM_DOMAIN_PK_SEQ")
        Table("UM_DOMAIN") {
            Column("UM_DOMAIN_ID", .integer, .default(.nextval("UM_DOMAIN_PK_SEQ")))
            Column("UM_DOMAIN_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_DOMAIN_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_DOMAIN_NAME", "UM_TENANT_ID")
        }

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

        DatabaseSequence("UM_ROLE_PK_SEQ")
        Table("UM_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            Column("UM_SHARED_ROLE", .boolean, .default(false))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_ROLE_NAME", "UM_TENANT_ID")
        }

        DatabaseSequence("UM_MODULE_PK_SEQ")
        Table("UM_MODULE") {
            Column("UM_ID", .integer, .default(.nextval("UM_MODULE_PK_SEQ")))
            Column("UM_MODULE_NAME", .varchar(100))
            UniqueConstraint("UM_MODULE_NAME")
            PrimaryKey("UM_ID")
        }

        Table("UM_MODULE_ACTIONS") {
            Column("UM_ACTION", .varchar(255), .notNull)
            Column("UM_MODULE_ID", .integer, .notNull)
            PrimaryKey("UM_ACTION", "UM_MODULE_ID")
            ForeignKey(["UM_MODULE_ID"], references: "UM_MODULE", ["UM_ID"], onDelete: .cascade)
        }

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

        DatabaseSequence("UM_DIALECT_PK_SEQ")
        Table("UM_DIALECT") {
            Column("UM_ID", .integer, .default(.nextval("UM_DIALECT_PK_SEQ")))
            Column("UM_DIALECT_URI", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            UniqueConstraint("UM_DIALECT_URI", "UM_TENANT_ID")
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }

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

        DatabaseSequence("UM_PROFILE_CONFIG_PK_SEQ")
        Table("UM_PROFILE_CONFIG") {
            Column("UM_ID", .integer, .default(.nextval("UM_PROFILE_CONFIG_PK_SEQ")))
            Column("UM_DIALECT_ID", .integer, .notNull)
            Column("UM_PROFILE_NAME", .varchar(255))
            Column("UM_TENANT_ID", .integer, .default(0))
            ForeignKey(["UM_DIALECT_ID", "UM_TENANT_ID"], references: "UM_DIALECT", ["UM_ID", "UM_TENANT_ID"])
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }

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

        DatabaseSequence("UM_HYBRID_ROLE_PK_SEQ")
        Table("UM_HYBRID_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_ROLE_NAME", "UM_TENANT_ID")
        }
        CreateIndex("UM_ROLE_NAME_IND", on: "UM_HYBRID_ROLE", "UM_ROLE_NAME")

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

        DatabaseSequence("UM_SYSTEM_ROLE_PK_SEQ")
        Table("UM_SYSTEM_ROLE") {
            Column("UM_ID", .integer, .default(.nextval("UM_SYSTEM_ROLE_PK_SEQ")))
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
            UniqueConstraint("UM_ROLE_NAME", "UM_TENANT_ID")
        }

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

        DatabaseSequence("UM_HYBRID_REMEMBER_ME_PK_SEQ")
        Table("UM_HYBRID_REMEMBER_ME") {
            Column("UM_ID", .integer, .default(.nextval("UM_HYBRID_REMEMBER_ME_PK_SEQ")))
            Column("UM_USER_NAME", .varchar(255), .notNull)
            Column("UM_COOKIE_VALUE", .varchar(1024))
            Column("UM_CREATED_TIME", .timestamp)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID", "UM_TENANT_ID")
        }

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
