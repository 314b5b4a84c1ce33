import WSO2Schema

// The registry (REG_*) blocks that kernels 4.4.35, 4.6.2 and 4.11.18 write identically, in script order.
extension KernelTables {
    @SchemaBuilder static var regClusterLock: [any SchemaStatement] {
        Table("REG_CLUSTER_LOCK") {
            Column("REG_LOCK_NAME", .varchar(20))
            Column("REG_LOCK_STATUS", .varchar(20))
            Column("REG_LOCKED_TIME", .timestamp)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_LOCK_NAME")
        }
    }

    @SchemaBuilder static var regContent: [any SchemaStatement] {
        DatabaseSequence("REG_CONTENT_PK_SEQ")
        Table("REG_CONTENT") {
            Column("REG_CONTENT_ID", .integer, .default(.nextval("REG_CONTENT_PK_SEQ")))
            Column("REG_CONTENT_DATA", .binary)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_CONTENT_ID", "REG_TENANT_ID", name: "PK_REG_CONTENT")
        }
    }

    @SchemaBuilder static var regContentHistory: [any SchemaStatement] {
        Table("REG_CONTENT_HISTORY") {
            Column("REG_CONTENT_ID", .integer, .notNull)
            Column("REG_CONTENT_DATA", .binary)
            Column("REG_DELETED", .smallint)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_CONTENT_ID", "REG_TENANT_ID", name: "PK_REG_CONTENT_HISTORY")
        }
    }

    @SchemaBuilder static var regProperty: [any SchemaStatement] {
        DatabaseSequence("REG_PROPERTY_PK_SEQ")
        Table("REG_PROPERTY") {
            Column("REG_ID", .integer, .default(.nextval("REG_PROPERTY_PK_SEQ")))
            Column("REG_NAME", .varchar(100), .notNull)
            Column("REG_VALUE", .varchar(1000))
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ID", "REG_TENANT_ID", name: "PK_REG_PROPERTY")
        }
    }

    @SchemaBuilder static var regAssociation: [any SchemaStatement] {
        DatabaseSequence("REG_ASSOCIATION_PK_SEQ")
        Table("REG_ASSOCIATION") {
            Column("REG_ASSOCIATION_ID", .integer, .default(.nextval("REG_ASSOCIATION_PK_SEQ")))
            Column("REG_SOURCEPATH", .varchar(2000), .notNull)
            Column("REG_TARGETPATH", .varchar(2000), .notNull)
            Column("REG_ASSOCIATION_TYPE", .varchar(2000), .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_ASSOCIATION_ID", "REG_TENANT_ID")
        }
    }

    @SchemaBuilder static var regSnapshot: [any SchemaStatement] {
        DatabaseSequence("REG_SNAPSHOT_PK_SEQ")
        Table("REG_SNAPSHOT") {
            Column("REG_SNAPSHOT_ID", .integer, .default(.nextval("REG_SNAPSHOT_PK_SEQ")))
            Column("REG_PATH_ID", .integer, .notNull)
            Column("REG_RESOURCE_NAME", .varchar(255))
            Column("REG_RESOURCE_VIDS", .binary, .notNull)
            Column("REG_TENANT_ID", .integer, .default(0))
            PrimaryKey("REG_SNAPSHOT_ID", "REG_TENANT_ID", name: "PK_REG_SNAPSHOT")
        }
        CreateIndex("REG_SNAPSHOT_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_SNAPSHOT", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        AlterTable("REG_SNAPSHOT", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_SNAPSHOT_FK_BY_PATH_ID"))
    }
}
