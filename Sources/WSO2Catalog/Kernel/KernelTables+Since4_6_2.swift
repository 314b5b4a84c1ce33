import WSO2Schema

extension KernelTables {
    /// The blocks kernels 4.6.2 and 4.11.18 write identically and kernel 4.4.35 wrote differently: the changes
    /// that reached the kernel between API-M 2.6.0 and 4.0.0 and were kept through 4.7.0.
    enum Since4_6_2 {}
}

extension KernelTables.Since4_6_2 {
    // MARK: Registry (REG_*)

    /// REG_USER_ID widened from 31 to 255 characters.
    @SchemaBuilder static var regLog: [any SchemaStatement] {
        DatabaseSequence("REG_LOG_PK_SEQ")
        Table("REG_LOG") {
            Column("REG_LOG_ID", .integer, .default(.nextval("REG_LOG_PK_SEQ")))
            Column("REG_PATH", .varchar(2000))
            Column("REG_USER_ID", .varchar(255), .notNull)
            Column("REG_LOGGED_TIME", .timestamp, .notNull)
            Column("REG_ACTION", .integer, .notNull)
            Column("REG_ACTION_DATA", .varchar(500))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_LOG_ID", "REG_TENANT_ID")
        }
        CreateIndex("REG_LOG_IND_BY_REG_LOGTIME", on: "REG_LOG", "REG_LOGGED_TIME", "REG_TENANT_ID")
    }

    /// A path value is unique per tenant; the plain index on it is dropped.
    @SchemaBuilder static var regPath: [any SchemaStatement] {
        DatabaseSequence("REG_PATH_PK_SEQ")
        Table("REG_PATH") {
            Column("REG_PATH_ID", .integer, .default(.nextval("REG_PATH_PK_SEQ")))
            Column("REG_PATH_VALUE", .varchar(2000), .notNull)
            Column("REG_PATH_PARENT_ID", .integer)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_PATH_ID", "REG_TENANT_ID", name: "PK_REG_PATH")
            UniqueConstraint("REG_PATH_VALUE", "REG_TENANT_ID", name: "UNIQUE_REG_PATH_TENANT_ID")
        }
        CreateIndex("REG_PATH_IND_BY_PATH_PARENT_ID", on: "REG_PATH", "REG_PATH_PARENT_ID", "REG_TENANT_ID")
    }

    /// REG_CREATOR and REG_LAST_UPDATOR widened from 31 to 255 characters.
    @SchemaBuilder static var regResource: [any SchemaStatement] {
        DatabaseSequence("REG_RESOURCE_PK_SEQ")
        Table("REG_RESOURCE") {
            Column("REG_PATH_ID", .integer, .notNull)
            Column("REG_NAME", .varchar(256))
            Column("REG_VERSION", .integer, .default(.nextval("REG_RESOURCE_PK_SEQ")))
            Column("REG_MEDIA_TYPE", .varchar(500))
            Column("REG_CREATOR", .varchar(255), .notNull)
            Column("REG_CREATED_TIME", .timestamp, .notNull)
            Column("REG_LAST_UPDATOR", .varchar(255))
            Column("REG_LAST_UPDATED_TIME", .timestamp, .notNull)
            Column("REG_DESCRIPTION", .varchar(1000))
            Column("REG_CONTENT_ID", .integer)
            Column("REG_TENANT_ID", .integer, .default(0))
            Column("REG_UUID", .varchar(100), .notNull)
            PrimaryKey("REG_VERSION", "REG_TENANT_ID", name: "PK_REG_RESOURCE")
        }
        AlterTable("REG_RESOURCE", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE", add: ForeignKey(["REG_CONTENT_ID", "REG_TENANT_ID"], references: "REG_CONTENT", ["REG_CONTENT_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_FK_BY_CONTENT_ID"))
        CreateIndex("REG_RESOURCE_IND_BY_NAME", on: "REG_RESOURCE", "REG_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_IND_BY_PATH_ID_NAME", on: "REG_RESOURCE", "REG_PATH_ID", "REG_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_IND_BY_UUID", on: "REG_RESOURCE", "REG_UUID")
        CreateIndex("REG_RESOURCE_IND_BY_TENANT", on: "REG_RESOURCE", "REG_TENANT_ID", "REG_UUID")
        CreateIndex("REG_RESOURCE_IND_BY_TYPE", on: "REG_RESOURCE", "REG_TENANT_ID", "REG_MEDIA_TYPE")
    }

    /// REG_CREATOR and REG_LAST_UPDATOR widened from 31 to 255 characters.
    @SchemaBuilder static var regResourceHistory: [any SchemaStatement] {
        Table("REG_RESOURCE_HISTORY") {
            Column("REG_PATH_ID", .integer, .notNull)
            Column("REG_NAME", .varchar(256))
            Column("REG_VERSION", .integer, .notNull)
            Column("REG_MEDIA_TYPE", .varchar(500))
            Column("REG_CREATOR", .varchar(255), .notNull)
            Column("REG_CREATED_TIME", .timestamp, .notNull)
            Column("REG_LAST_UPDATOR", .varchar(255))
            Column("REG_LAST_UPDATED_TIME", .timestamp, .notNull)
            Column("REG_DESCRIPTION", .varchar(1000))
            Column("REG_CONTENT_ID", .integer)
            Column("REG_DELETED", .smallint)
            Column("REG_TENANT_ID", .integer, .default(0))
            Column("REG_UUID", .varchar(100), .notNull)
            PrimaryKey("REG_VERSION", "REG_TENANT_ID", name: "PK_REG_RESOURCE_HISTORY")
        }
        AlterTable("REG_RESOURCE_HISTORY", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_HIST_FK_BY_PATHID"))
        AlterTable("REG_RESOURCE_HISTORY", add: ForeignKey(["REG_CONTENT_ID", "REG_TENANT_ID"], references: "REG_CONTENT_HISTORY", ["REG_CONTENT_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_HIST_FK_BY_CONTENT_ID"))
        CreateIndex("REG_RESOURCE_HISTORY_IND_BY_NAME", on: "REG_RESOURCE_HISTORY", "REG_NAME", "REG_TENANT_ID")
        // WSO2 names this index after REG_RESOURCE_HISTORY but builds it on REG_RESOURCE, a slip kept from
        // 4.4.35 to 4.11.18: a faithful database has it on REG_RESOURCE.
        CreateIndex("REG_RESOURCE_HISTORY_IND_BY_PATH_ID_NAME", on: "REG_RESOURCE", "REG_PATH_ID", "REG_NAME", "REG_TENANT_ID")
    }

    /// REG_USER_ID widened from 31 to 255 characters.
    @SchemaBuilder static var regComment: [any SchemaStatement] {
        DatabaseSequence("REG_COMMENT_PK_SEQ")
        Table("REG_COMMENT") {
            Column("REG_ID", .integer, .default(.nextval("REG_COMMENT_PK_SEQ")))
            Column("REG_COMMENT_TEXT", .varchar(500), .notNull)
            Column("REG_USER_ID", .varchar(255), .notNull)
            Column("REG_COMMENTED_TIME", .timestamp, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_COMMENT")
        }
    }

    /// REG_USER_ID widened from 31 to 255 characters.
    @SchemaBuilder static var regRating: [any SchemaStatement] {
        DatabaseSequence("REG_RATING_PK_SEQ")
        Table("REG_RATING") {
            Column("REG_ID", .integer, .default(.nextval("REG_RATING_PK_SEQ")))
            Column("REG_RATING", .integer, .notNull)
            Column("REG_USER_ID", .varchar(255), .notNull)
            Column("REG_RATED_TIME", .timestamp, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_RATING")
        }
    }

    /// REG_USER_ID widened from 31 to 255 characters.
    @SchemaBuilder static var regTag: [any SchemaStatement] {
        DatabaseSequence("REG_TAG_PK_SEQ")
        Table("REG_TAG") {
            Column("REG_ID", .integer, .default(.nextval("REG_TAG_PK_SEQ")))
            Column("REG_TAG_NAME", .varchar(500), .notNull)
            Column("REG_USER_ID", .varchar(255), .notNull)
            Column("REG_TAGGED_TIME", .timestamp, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_TAG")
        }
    }

    // MARK: User management (UM_*)

    /// The domain name is required and unique per tenant.
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

    /// An index for lookups by attribute name and value (IS 5.11.0).
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

    /// The role name is required, unique per tenant and indexed.
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

    /// New (IS 5.11.0): roles granted to groups.
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

    /// The role name is required and unique per tenant; the plain index is dropped.
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

    /// New (IS 5.10.0): user IDs to user-store domains.
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
}
