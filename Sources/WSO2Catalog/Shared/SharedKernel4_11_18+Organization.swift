import WSO2Schema

extension SharedKernel4_11_18 {
    /// The organization-management (UM_ORG*) tables and the super organization's seed rows.
    @SchemaBuilder static var organization: [any SchemaStatement] {
        Table("UM_ORG") {
            Column("UM_ID", .varchar(36), .notNull)
            Column("UM_ORG_NAME", .varchar(255), .notNull)
            Column("UM_ORG_DESCRIPTION", .varchar(1024))
            Column("UM_CREATED_TIME", .timestamp, .notNull)
            Column("UM_LAST_MODIFIED", .timestamp, .notNull)
            Column("UM_STATUS", .varchar(255), .default("ACTIVE"), .notNull)
            Column("UM_PARENT_ID", .varchar(36))
            Column("UM_ORG_TYPE", .varchar(100), .notNull)
            PrimaryKey("UM_ID")
            // Organizations form a tree inside this one table: deleting a parent removes its whole subtree.
            ForeignKey(["UM_PARENT_ID"], references: "UM_ORG", ["UM_ID"], onDelete: .cascade)
        }
        // The super organization at the root of the tree; ignoring conflicts lets the script run twice.
        SeedRow(
            into: "UM_ORG",
            [
                "UM_ID": "10084a8d-113f-4211-a0d5-efe36b082211",
                "UM_ORG_NAME": "Super",
                "UM_ORG_DESCRIPTION": "This is the super organization.",
                "UM_CREATED_TIME": .currentTimestamp,
                "UM_LAST_MODIFIED": .currentTimestamp,
                "UM_STATUS": "ACTIVE",
                "UM_ORG_TYPE": "TENANT",
            ],
            ignoringConflicts: true
        )

        DatabaseSequence("UM_ORG_ATTRIBUTE_PK_SEQ")
        Table("UM_ORG_ATTRIBUTE") {
            Column("UM_ID", .integer, .default(.nextval("UM_ORG_ATTRIBUTE_PK_SEQ")))
            Column("UM_ORG_ID", .varchar(36), .notNull)
            Column("UM_ATTRIBUTE_KEY", .varchar(255), .notNull)
            Column("UM_ATTRIBUTE_VALUE", .varchar(512))
            PrimaryKey("UM_ID")
            UniqueConstraint("UM_ORG_ID", "UM_ATTRIBUTE_KEY")
            ForeignKey(["UM_ORG_ID"], references: "UM_ORG", ["UM_ID"], onDelete: .cascade)
        }

        Table("UM_ORG_ROLE") {
            Column("UM_ROLE_ID", .varchar(255), .notNull)
            Column("UM_ROLE_NAME", .varchar(255), .notNull)
            Column("UM_ORG_ID", .varchar(36), .notNull)
            PrimaryKey("UM_ROLE_ID")
            ForeignKey(["UM_ORG_ID"], references: "UM_ORG", ["UM_ID"], onDelete: .cascade, name: "FK_UM_ORG_ROLE_UM_ORG")
        }

        DatabaseSequence("UM_ORG_PERMISSION_PK_SEQ")
        Table("UM_ORG_PERMISSION") {
            Column("UM_ID", .integer, .default(.nextval("UM_ORG_PERMISSION_PK_SEQ")))
            Column("UM_RESOURCE_ID", .varchar(255), .notNull)
            Column("UM_ACTION", .varchar(255), .notNull)
            Column("UM_TENANT_ID", .integer, .default(0))
            PrimaryKey("UM_ID")
        }

        Table("UM_ORG_ROLE_USER") {
            Column("UM_USER_ID", .varchar(255), .notNull)
            Column("UM_ROLE_ID", .varchar(255), .notNull)
            ForeignKey(["UM_ROLE_ID"], references: "UM_ORG_ROLE", ["UM_ROLE_ID"], onDelete: .cascade, name: "FK_UM_ORG_ROLE_USER_UM_ORG_ROLE")
        }

        Table("UM_ORG_ROLE_GROUP") {
            Column("UM_GROUP_ID", .varchar(255), .notNull)
            Column("UM_ROLE_ID", .varchar(255), .notNull)
            ForeignKey(["UM_ROLE_ID"], references: "UM_ORG_ROLE", ["UM_ROLE_ID"], onDelete: .cascade, name: "FK_UM_ORG_ROLE_GROUP_UM_ORG_ROLE")
        }

        Table("UM_ORG_ROLE_PERMISSION") {
            Column("UM_PERMISSION_ID", .integer, .notNull)
            Column("UM_ROLE_ID", .varchar(255), .notNull)
            ForeignKey(["UM_ROLE_ID"], references: "UM_ORG_ROLE", ["UM_ROLE_ID"], onDelete: .cascade, name: "FK_UM_ORG_ROLE_PERMISSION_UM_ORG_ROLE")
            ForeignKey(["UM_PERMISSION_ID"], references: "UM_ORG_PERMISSION", ["UM_ID"], onDelete: .cascade, name: "FK_UM_ORG_ROLE_PERMISSION_UM_ORG_PERMISSION")
        }

        Table("UM_ORG_HIERARCHY") {
            Column("UM_PARENT_ID", .varchar(36), .notNull)
            Column("UM_ID", .varchar(36), .notNull)
            Column("DEPTH", .integer)
            PrimaryKey("UM_PARENT_ID", "UM_ID")
            ForeignKey(["UM_PARENT_ID"], references: "UM_ORG", ["UM_ID"], onDelete: .cascade)
            ForeignKey(["UM_ID"], references: "UM_ORG", ["UM_ID"], onDelete: .cascade)
        }
        SeedRow(
            into: "UM_ORG_HIERARCHY",
            [
                "UM_PARENT_ID": "10084a8d-113f-4211-a0d5-efe36b082211",
                "UM_ID": "10084a8d-113f-4211-a0d5-efe36b082211",
                "DEPTH": 0,
            ],
            ignoringConflicts: true
        )
    }
}
