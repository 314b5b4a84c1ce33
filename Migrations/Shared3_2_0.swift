import WSO2Schema

/// API-M 3.0.0 (carbon-kernel 4.5.1) → API-M 3.2.0 (kernel 4.6.0, also the schema of 3.1.0).
///
/// Users get a UUID: this follows WSO2's identity migration for IS 5.10.0 (`5.10.0/dbscripts/step1/um` for
/// `UM_UUID_DOMAIN_MAPPER`, `step2/um` for `UM_USER_ID`, whose rows the Java `UserIDMigrator` then fills),
/// with the column as the 4.6.0 script defines it (`VARCHAR(255) NOT NULL`, no default): every existing user
/// gets a fresh random UUID before the column becomes required, and users are keyed by
/// (`UM_USER_ID`, `UM_TENANT_ID`) instead of their name. The two indexes that the new unique keys of 3.0.0
/// made redundant go.
enum Shared3_2_0 {
    static let step: MigrationStep = {
        let target = Target("3.2.0")
        return MigrationStep(
            from: "3.0.0", to: "3.2.0",
            description: "carbon-kernel 4.5.1 → 4.6.0: user UUIDs (UM_USER_ID), the UUID domain mapper, redundant indexes dropped",
            operations: [
                .schema([
                    .dropIndex(table: "REG_PATH", name: "REG_PATH_IND_BY_PATH_VALUE"),
                    .dropIndex(table: "UM_SYSTEM_ROLE", name: "SYSTEM_ROLE_IND_BY_RN_TI"),
                    .createSequence(target.sequence("UM_UUID_DOMAIN_MAPPER_PK_SEQ")),
                    .createTable(target.table("UM_UUID_DOMAIN_MAPPER")),
                    .addColumn(table: "UM_USER", target.bareColumn("UM_USER", "UM_USER_ID")),
                    .dropUnique(table: "UM_USER", columns: ["UM_USER_NAME", "UM_TENANT_ID"]),
                ]),
                .data(.fillWithUUIDs(table: "UM_USER", column: "UM_USER_ID")),
                .schema([
                    .alterColumn(table: "UM_USER", target.column("UM_USER", "UM_USER_ID")),
                    .addUnique(table: "UM_USER", target.unique("UM_USER", "UM_USER_ID", "UM_TENANT_ID")),
                ]),
            ])
    }()
}
