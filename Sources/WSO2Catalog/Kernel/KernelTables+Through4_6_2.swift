import WSO2Schema

extension KernelTables {
    /// The blocks kernels 4.4.35 and 4.6.2 write identically and kernel 4.11.18 changed: these tables still have
    /// no primary key in API-M 2.6.0 and 4.0.0; the IS 6.0.0 migration later gave each an ID key and its sequence.
    enum Through4_6_2 {}
}

extension KernelTables.Through4_6_2 {
    // MARK: Registry (REG_*)

    @SchemaBuilder static var regResourceComment: [any SchemaStatement] {
        Table("REG_RESOURCE_COMMENT") {
            Column("REG_COMMENT_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
        }
        AlterTable("REG_RESOURCE_COMMENT", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_COMMENT_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_COMMENT", add: ForeignKey(["REG_COMMENT_ID", "REG_TENANT_ID"], references: "REG_COMMENT", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_COMMENT_FK_BY_COMMENT_ID"))
        CreateIndex("REG_RESOURCE_COMMENT_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_COMMENT", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_COMMENT_IND_BY_VERSION", on: "REG_RESOURCE_COMMENT", "REG_VERSION", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResourceRating: [any SchemaStatement] {
        Table("REG_RESOURCE_RATING") {
            Column("REG_RATING_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
        }
        AlterTable("REG_RESOURCE_RATING", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_RATING_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_RATING", add: ForeignKey(["REG_RATING_ID", "REG_TENANT_ID"], references: "REG_RATING", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_RATING_FK_BY_RATING_ID"))
        CreateIndex("REG_RESOURCE_RATING_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_RATING", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_RATING_IND_BY_VERSION", on: "REG_RESOURCE_RATING", "REG_VERSION", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResourceTag: [any SchemaStatement] {
        Table("REG_RESOURCE_TAG") {
            Column("REG_TAG_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
        }
        AlterTable("REG_RESOURCE_TAG", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_TAG_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_TAG", add: ForeignKey(["REG_TAG_ID", "REG_TENANT_ID"], references: "REG_TAG", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_TAG_FK_BY_TAG_ID"))
        CreateIndex("REG_RESOURCE_TAG_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_TAG", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_TAG_IND_BY_VERSION", on: "REG_RESOURCE_TAG", "REG_VERSION", "REG_TENANT_ID")
    }

    @SchemaBuilder static var regResourceProperty: [any SchemaStatement] {
        Table("REG_RESOURCE_PROPERTY") {
            Column("REG_PROPERTY_ID", .integer, .notNull)
            Column("REG_VERSION", .integer)
            Column("REG_PATH_ID", .integer)
            Column("REG_RESOURCE_NAME", .varchar(256))
            Column("REG_TENANT_ID", .integer, .default(0))
        }
        AlterTable("REG_RESOURCE_PROPERTY", add: ForeignKey(["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_PROPERTY_FK_BY_PATH_ID"))
        AlterTable("REG_RESOURCE_PROPERTY", add: ForeignKey(["REG_PROPERTY_ID", "REG_TENANT_ID"], references: "REG_PROPERTY", ["REG_ID", "REG_TENANT_ID"], name: "REG_RESOURCE_PROPERTY_FK_BY_TAG_ID"))
        CreateIndex("REG_RESOURCE_PROPERTY_IND_BY_PATH_ID_AND_RESOURCE_NAME", on: "REG_RESOURCE_PROPERTY", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID")
        CreateIndex("REG_RESOURCE_PROPERTY_IND_BY_VERSION", on: "REG_RESOURCE_PROPERTY", "REG_VERSION", "REG_TENANT_ID")
    }

    // MARK: User management (UM_*)

    @SchemaBuilder static var umSharedUserRole: [any SchemaStatement] {
        Table("UM_SHARED_USER_ROLE") {
            Column("UM_ROLE_ID", .integer, .notNull)
            Column("UM_USER_ID", .integer, .notNull)
            Column("UM_USER_TENANT_ID", .integer, .notNull)
            Column("UM_ROLE_TENANT_ID", .integer, .notNull)
            UniqueConstraint("UM_USER_ID", "UM_ROLE_ID", "UM_USER_TENANT_ID", "UM_ROLE_TENANT_ID")
            ForeignKey(["UM_ROLE_ID", "UM_ROLE_TENANT_ID"], references: "UM_ROLE", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
            ForeignKey(["UM_USER_ID", "UM_USER_TENANT_ID"], references: "UM_USER", ["UM_ID", "UM_TENANT_ID"], onDelete: .cascade)
        }
    }
}
