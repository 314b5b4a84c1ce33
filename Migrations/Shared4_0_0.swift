import WSO2Schema

/// API-M 3.2.0 (carbon-kernel 4.6.0) → API-M 4.0.0 (kernel 4.6.2).
///
/// Tenants get a UUID, groups get hybrid roles, and user attributes an index: this follows WSO2's identity
/// migration for IS 5.11.0 (`5.11.0/dbscripts/step1/um` for `UM_HYBRID_GROUP_ROLE`, `step5/um` for
/// `UM_ATTR_NAME_VALUE_INDEX`, `step6/um` for `UM_TENANT_UUID`, which it fills with `uuid_generate_v4()`):
/// every existing tenant gets a fresh random UUID before the column becomes required and unique, without the
/// `uuid-ossp` extension or a default the 4.6.2 script does not have. The registry's user-name columns widen
/// to 255 characters (no WSO2 script; the difference of the two kernel scripts). The `Application/User Portal`
/// role rename of IS 5.11.0 `step4/um` is data the product's roles own: not part of this step.
///
/// Before the chain was split, wso2db went from 2.6.0 to 4.0.0 in one step (its checksum `714d802cdf232d45`,
/// and `134212decc0c0f1f` as wso2db recorded it before `StepText`): a history row of 4.0.0 holding one of them
/// records this same schema.
enum Shared4_0_0 {
    static let step: MigrationStep = {
        let target = Target("4.0.0")
        // Registry user names: 31 characters → 255.
        let widened = RegistryUserNames.widened(to: target)
        return MigrationStep(
            from: "3.2.0", to: "4.0.0",
            description: "carbon-kernel 4.6.0 → 4.6.2: tenant UUIDs (UM_TENANT_UUID), group roles, wider registry user names",
            operations: [
                .schema(
                    widened + [
                        .createSequence(target.sequence("UM_HYBRID_GROUP_ROLE_PK_SEQ")),
                        .createTable(target.table("UM_HYBRID_GROUP_ROLE")),
                        .createIndex(target.index("UM_ATTR_NAME_VALUE_INDEX")),
                        .addColumn(table: "UM_TENANT", target.bareColumn("UM_TENANT", "UM_TENANT_UUID")),
                    ]),
                .data(.fillWithUUIDs(table: "UM_TENANT", column: "UM_TENANT_UUID")),
                .schema([
                    .alterColumn(table: "UM_TENANT", target.column("UM_TENANT", "UM_TENANT_UUID")),
                    .addUnique(table: "UM_TENANT", target.unique("UM_TENANT", "UM_TENANT_UUID")),
                ]),
            ],
            // The retired single step 2.6.0 → 4.0.0: as StepText writes it, and as wso2db recorded it before StepText.
            replacedChecksums: ["714d802cdf232d45", "134212decc0c0f1f"])
    }()
}
