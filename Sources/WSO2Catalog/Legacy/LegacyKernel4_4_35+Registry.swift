import WSO2Schema

extension LegacyKernel4_4_35 {
    /// The registry (REG_*) tables, in the order the script creates them.
    @SchemaBuilder static var registry: [any SchemaStatement] {
        KernelTables.regClusterLock
        regLog
        regPath
        KernelTables.regContent
        KernelTables.regContentHistory
        regResource
        regResourceHistory
        regComment
        KernelTables.Through4_6_2.regResourceComment
        regRating
        KernelTables.Through4_6_2.regResourceRating
        regTag
        KernelTables.Through4_6_2.regResourceTag
        KernelTables.regProperty
        KernelTables.Through4_6_2.regResourceProperty
        KernelTables.regAssociation
        KernelTables.regSnapshot
    }

    // The blocks only kernel 4.4.35 writes this way; the others are in KernelTables.

    @SchemaBuilder static var regLog: [any SchemaStatement] {
        DatabaseSequence("REG_LOG_PK_SEQ")
        Table("REG_LOG") {
            Column("REG_LOG_ID", .integer, .default(.nextval("REG_LOG_PK_SEQ")))
            Column("REG_PATH", .varchar(2000))
            Column("REG_USER_ID", .varchar(31), .notNull)
            Column("REG_LOGGED_TIME", .timestamp, .notNull)
            Column("REG_ACTION", .integer, .notNull)
            Column("REG_ACTION_DATA", .varchar(500))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_LOG_ID", "REG_TENANT_ID")
        }
        CreateIndex("REG_LOG_IND_BY_REG_LOGTIME", on: "REG_LOG", "REG_LOGGED_TIME", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regPath: [any SchemaStatement] {
        DatabaseSequence("REG_PATH_PK_SEQ")
        Table("REG_PATH") {
            Column("REG_PATH_ID", .integer, .default(.nextval("REG_PATH_PK_SEQ")))
            Column("REG_PATH_VALUE", .varchar(2000), .notNull)
            Column("REG_PATH_PARENT_ID", .integer)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_PATH_ID", "REG_TENANT_ID", name: "PK_REG_PATH")
        }
        CreateIndex("REG_PATH_IND_BY_PATH_VALUE", on: "REG_PATH", "REG_PATH_VALUE", "REG_TENANT_ID")
        CreateIndex("REG_PATH_IND_BY_PATH_PARENT_ID", on: "REG_PATH", "REG_PATH_PARENT_ID", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResource: [any SchemaStatement] {
        DatabaseSequence("REG_RESOURCE_PK_SEQ")
        Table("REG_RESOURCE") {
            Column("REG_PATH_ID", .integer, .notNull)
            Column("REG_NAME", .varchar(256))
            Column("REG_VERSION", .integer, .default(.nextval("REG_RESOURCE_PK_SEQ")))
            Column("REG_MEDIA_TYPE", .varchar(500))
            Column("REG_CREATOR", .varchar(31), .notNull)
            Column("REG_CREATED_TIME", .timestamp, .notNull)
            Column("REG_LAST_UPDATOR", .varchar(31))
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

    @SchemaBuilder static var regResourceHistory: [any SchemaStatement] {
        Table("REG_RESOURCE_HISTORY") {
            Column("REG_PATH_ID", .integer, .notNull)
            Column("REG_NAME", .varchar(256))
            Column("REG_VERSION", .integer, .notNull)
            Column("REG_MEDIA_TYPE", .varchar(500))
            Column("REG_CREATOR", .varchar(31), .notNull)
            Column("REG_CREATED_TIME", .timestamp, .notNull)
            Column("REG_LAST_UPDATOR", .varchar(31))
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

    @SchemaBuilder static var regComment: [any SchemaStatement] {
        DatabaseSequence("REG_COMMENT_PK_SEQ")
        Table("REG_COMMENT") {
            Column("REG_ID", .integer, .default(.nextval("REG_COMMENT_PK_SEQ")))
            Column("REG_COMMENT_TEXT", .varchar(500), .notNull)
            Column("REG_USER_ID", .varchar(31), .notNull)
            Column("REG_COMMENTED_TIME", .timestamp, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_COMMENT")
        }
    }

    @SchemaBuilder static var regRating: [any SchemaStatement] {
        DatabaseSequence("REG_RATING_PK_SEQ")
        Table("REG_RATING") {
            Column("REG_ID", .integer, .default(.nextval("REG_RATING_PK_SEQ")))
            Column("REG_RATING", .integer, .notNull)
            Column("REG_USER_ID", .varchar(31), .notNull)
            Column("REG_RATED_TIME", .timestamp, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_RATING")
        }
    }

    @SchemaBuilder static var regTag: [any SchemaStatement] {
        DatabaseSequence("REG_TAG_PK_SEQ")
        Table("REG_TAG") {
            Column("REG_ID", .integer, .default(.nextval("REG_TAG_PK_SEQ")))
            Column("REG_TAG_NAME", .varchar(500), .notNull)
            Column("REG_USER_ID", .varchar(31), .notNull)
            Column("REG_TAGGED_TIME", .timestamp, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_TAG")
        }
    }
}
