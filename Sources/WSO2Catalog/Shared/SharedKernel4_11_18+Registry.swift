import WSO2Schema

extension SharedKernel4_11_18 {
    /// The registry (REG_*) tables, in the order the script creates them.
    @SchemaBuilder static var registry: [any SchemaStatement] {
        KernelTables.regClusterLock
        KernelTables.Since4_6_2.regLog
        KernelTables.Since4_6_2.regPath
        KernelTables.regContent
        KernelTables.regContentHistory
        KernelTables.Since4_6_2.regResource
        KernelTables.Since4_6_2.regResourceHistory
        KernelTables.Since4_6_2.regComment
        regResourceComment   // changed after 4.6.2: gains an ID primary key and its sequence (IS 6.0.0 migration)
        KernelTables.Since4_6_2.regRating
        regResourceRating    // changed after 4.6.2: gains an ID primary key and its sequence (IS 6.0.0 migration)
        KernelTables.Since4_6_2.regTag
        regResourceTag       // changed after 4.6.2: gains an ID primary key (IS 6.0.0 migration) and an index on the tag
        KernelTables.regProperty
        regResourceProperty  // changed after 4.6.2: gains an ID primary key (IS 6.0.0 migration) and an index on the property
        KernelTables.regAssociation
        KernelTables.regSnapshot
    }

    // The blocks only kernel 4.11.18 writes this way; the others are in KernelTables.

    @SchemaBuilder static var regResourceComment: [any SchemaStatement] {
        DatabaseSequence("REG_RESOURCE_COMMENT_PK_SEQ")
        Table("REG_RESOURCE_COMMENT") {
            Column("ID", .integer, .default(.nextval("REG_RESOURCE_COMMENT_PK_SEQ")))
            Column("REG_COMMENT_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("ID")
        }
        AlterTable("REG_RESOURCE_COMMENT", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_COMMENT_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_COMMENT", add: ForeignKey(["REG_COMMENT_ID", "REG_TENANT_ID"], references: "REG_COMMENT", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_COMMENT_FK_BY_COMMENT_ID"))
        CreateIndex("REG_RESOURCE_COMMENT_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_COMMENT", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_COMMENT_IND_BY_VERSION", on: "REG_RESOURCE_COMMENT", "REG_VERSION", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResourceRating: [any SchemaStatement] {
        DatabaseSequence("REG_RESOURCE_RATING_PK_SEQ")
        Table("REG_RESOURCE_RATING") {
            Column("ID", .integer, .default(.nextval("REG_RESOURCE_RATING_PK_SEQ")))
            Column("REG_RATING_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("ID")
        }
        AlterTable("REG_RESOURCE_RATING", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_RATING_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_RATING", add: ForeignKey(["REG_RATING_ID", "REG_TENANT_ID"], references: "REG_RATING", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_RATING_FK_BY_RATING_ID"))
        CreateIndex("REG_RESOURCE_RATING_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_RATING", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_RATING_IND_BY_VERSION", on: "REG_RESOURCE_RATING", "REG_VERSION", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResourceTag: [any SchemaStatement] {
        DatabaseSequence("REG_RESOURCE_TAG_PK_SEQ")
        Table("REG_RESOURCE_TAG") {
            Column("ID", .integer, .default(.nextval("REG_RESOURCE_TAG_PK_SEQ")))
            Column("REG_TAG_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("ID")
        }
        AlterTable("REG_RESOURCE_TAG", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_TAG_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_TAG", add: ForeignKey(["REG_TAG_ID", "REG_TENANT_ID"], references: "REG_TAG", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_TAG_FK_BY_TAG_ID"))
        CreateIndex("REG_RESOURCE_TAG_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_TAG", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_TAG_IND_BY_VERSION", on: "REG_RESOURCE_TAG", "REG_VERSION", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_TAG_IND_BY_REG_TAG_ID", on: "REG_RESOURCE_TAG", "REG_TAG_ID", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResourceProperty: [any SchemaStatement] {
        DatabaseSequence("REG_RESOURCE_PROPERTY_PK_SEQ")
        Table("REG_RESOURCE_PROPERTY") {
            Column("ID", .integer, .default(.nextval("REG_RESOURCE_PROPERTY_PK_SEQ")))
            Column("REG_PROPERTY_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("ID")
        }
        AlterTable("REG_RESOURCE_PROPERTY", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_PROPERTY_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_PROPERTY", add: ForeignKey(["REG_PROPERTY_ID", "REG_TENANT_ID"], references: "REG_PROPERTY", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_PROPERTY_FK_BY_TAG_ID"))
        CreateIndex("REG_RESOURCE_PROPERTY_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_PROPERTY", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_PROPERTY_IND_BY_VERSION", on: "REG_RESOURCE_PROPERTY", "REG_VERSION", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_PROPERTY_IND_BY_REG_PROP_ID", on: "REG_RESOURCE_PROPERTY", "REG_TENANT_ID", "REG_PROPERTY_ID")
    }
}
