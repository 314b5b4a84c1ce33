import WSO2Schema

/// API-M 2.1.0 (carbon-kernel 4.4.11) → API-M 2.6.0 (kernel 4.4.35, also the schema of 2.2.0 and 2.5.0), in the
/// legacy UM/REG databases.
///
/// The unique permission key and the role-name index follow WSO2's identity migration for IS 5.4.0
/// (`5.4.0/dbscripts/step1/um/postgresql.sql` of identity-migration-resources); the wider registry user
/// names and the domain in `UM_HYBRID_USER_ROLE`'s unique key have no WSO2 script and come from the
/// difference of the two releases' kernel scripts. No data work: the new UNIQUE on `UM_PERMISSION` is
/// pre-checked, and the `UM_HYBRID_USER_ROLE` one only adds a column to a key that was unique already.
enum Shared2_6_0 {
    static let step: MigrationStep = {
        let target = Target("2.6.0")
        // Registry user names: 20 characters → 31.
        let widened = RegistryUserNames.widened(to: target)
        return MigrationStep(
            from: "2.1.0", to: "2.6.0",
            description: "carbon-kernel 4.4.11 → 4.4.35: registry user names of 31 characters, unique permissions, role-name index",
            operations: [
                .schema(
                    widened + [
                        .addUnique(table: "UM_PERMISSION", target.unique("UM_PERMISSION", "UM_RESOURCE_ID", "UM_ACTION", "UM_TENANT_ID")),
                        .dropUnique(table: "UM_HYBRID_USER_ROLE", columns: ["UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID"]),
                        .addUnique(
                            table: "UM_HYBRID_USER_ROLE",
                            target.unique("UM_HYBRID_USER_ROLE", "UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID", "UM_DOMAIN_ID")),
                        .createIndex(target.index("SYSTEM_ROLE_IND_BY_RN_TI")),
                    ])
            ])
    }()
}
