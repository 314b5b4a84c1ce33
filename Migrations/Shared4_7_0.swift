import WSO2Schema

/// API-M 4.1.0 (carbon-kernel 4.6.3) → API-M 4.7.0 (kernel 4.11.18, also the schema of 4.2.0–4.6.0).
///
/// This follows WSO2's identity migration for IS 6.0.0: `6.0.0/dbscripts/step5/um` (users unique by UUID alone
/// and again by name per tenant, `INDEX_UM_USERNAME_UM_TENANT_ID`, `UM_TENANT.UM_ORG_UUID`, the organization
/// tables with their two seed rows, `UM_GROUP_UUID_DOMAIN_MAPPER`) and `step7/um` (an `ID` primary key from a new
/// sequence on each key-less table). Where WSO2 adds the `ID` column with its default and key at once, the
/// rows here are numbered from the sequence first and the key added after, with the same result.
///
/// Before the chain was split, wso2db went from 4.0.0 to 4.7.0 in one step (its checksum `a38c84d6a7513e76`,
/// and `e955f6d05c9f6efe` as wso2db recorded it before `StepText`): a history row of 4.7.0 holding one of them
/// records this same schema.
enum Shared4_7_0 {
    static let step: MigrationStep = {
        let target = Target("4.7.0")
        // These tables had no key; each gets an ID drawn from a new sequence, filled for the rows it holds.
        let keyed = [
            ("REG_RESOURCE_COMMENT", "REG_RESOURCE_COMMENT_PK_SEQ"), ("REG_RESOURCE_RATING", "REG_RESOURCE_RATING_PK_SEQ"),
            ("REG_RESOURCE_TAG", "REG_RESOURCE_TAG_PK_SEQ"), ("REG_RESOURCE_PROPERTY", "REG_RESOURCE_PROPERTY_PK_SEQ"),
            ("UM_SHARED_USER_ROLE", "UM_SHARED_USER_ROLE_PK_SEQ"),
        ]
        let organizations = [
            "UM_ORG", "UM_ORG_ATTRIBUTE", "UM_ORG_ROLE", "UM_ORG_PERMISSION", "UM_ORG_ROLE_USER", "UM_ORG_ROLE_GROUP",
            "UM_ORG_ROLE_PERMISSION", "UM_ORG_HIERARCHY",
        ]
        let newSequences = ["UM_GROUP_UUID_DOMAIN_MAPPER_PK_SEQ", "UM_ORG_ATTRIBUTE_PK_SEQ", "UM_ORG_PERMISSION_PK_SEQ"]
        var first: [SchemaChange] = keyed.map { .createSequence(target.sequence($0.1)) }
        first += keyed.map { .addColumn(table: $0.0, target.bareColumn($0.0, "ID")) }
        first += newSequences.map { .createSequence(target.sequence($0)) }
        first += (["UM_GROUP_UUID_DOMAIN_MAPPER"] + organizations).map { .createTable(target.table($0)) }
        first += [
            .addColumn(table: "UM_TENANT", target.column("UM_TENANT", "UM_ORG_UUID")),
            // Users are unique by UUID alone, and again by name within a tenant.
            .dropUnique(table: "UM_USER", columns: ["UM_USER_ID", "UM_TENANT_ID"]),
            .addUnique(table: "UM_USER", target.unique("UM_USER", "UM_USER_ID")),
            .addUnique(table: "UM_USER", target.unique("UM_USER", "UM_USER_NAME", "UM_TENANT_ID")),
            .createIndex(target.index("INDEX_UM_USERNAME_UM_TENANT_ID")),
        ]
        var operations: [MigrationStep.Operation] = [.schema(first)]
        operations += keyed.map { .data(.fillFromSequence(table: $0.0, column: "ID", sequence: $0.1)) }
        operations += organizations.flatMap { target.seeds($0) }.map { .data(.insert($0)) }
        operations.append(
            .schema(
                keyed.flatMap { table, _ -> [SchemaChange] in
                    [
                        .alterColumn(table: table, target.column(table, "ID")),
                        .addPrimaryKey(table: table, target.table(table).primaryKey!),
                    ]
                }))
        return MigrationStep(
            from: "4.1.0", to: "4.7.0",
            description: "carbon-kernel 4.6.3 → 4.11.18: ID keys on the key-less tables, organizations, unique user UUIDs",
            operations: operations,
            // The retired single step 4.0.0 → 4.7.0: as StepText writes it, and as wso2db recorded it before StepText.
            replacedChecksums: ["a38c84d6a7513e76", "e955f6d05c9f6efe"])
    }()
}
