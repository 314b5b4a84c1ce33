import WSO2Schema

/// API-M 2.6.0 (carbon-kernel 4.4.35, the legacy UM and REG databases) → API-M 3.0.0 (kernel 4.5.1, the
/// first shared database).
///
/// WSO2 publishes no script for these changes (its guides leave them to the product's own start-up); they
/// are the difference of the two releases' kernel scripts. Registry paths become unique per tenant (the old
/// index on the same columns stays until 3.1.0), and domain and role names required and unique per tenant:
/// every rule is pre-checked, and rows that break one are reported with nothing changed. No data work.
enum Shared3_0_0 {
    static let step: MigrationStep = {
        let target = Target("3.0.0")
        return MigrationStep(
            from: "2.6.0", to: "3.0.0",
            description: "carbon-kernel 4.4.35 → 4.5.1: unique registry paths, domain and role names required and unique per tenant",
            operations: [
                .schema([
                    .addUnique(table: "REG_PATH", target.unique("REG_PATH", "REG_PATH_VALUE", "REG_TENANT_ID")),
                    .alterColumn(table: "UM_DOMAIN", target.column("UM_DOMAIN", "UM_DOMAIN_NAME")),
                    .addUnique(table: "UM_DOMAIN", target.unique("UM_DOMAIN", "UM_DOMAIN_NAME", "UM_TENANT_ID")),
                    .alterColumn(table: "UM_HYBRID_ROLE", target.column("UM_HYBRID_ROLE", "UM_ROLE_NAME")),
                    .addUnique(table: "UM_HYBRID_ROLE", target.unique("UM_HYBRID_ROLE", "UM_ROLE_NAME", "UM_TENANT_ID")),
                    .createIndex(target.index("UM_ROLE_NAME_IND")),
                    .alterColumn(table: "UM_SYSTEM_ROLE", target.column("UM_SYSTEM_ROLE", "UM_ROLE_NAME")),
                    .addUnique(table: "UM_SYSTEM_ROLE", target.unique("UM_SYSTEM_ROLE", "UM_ROLE_NAME", "UM_TENANT_ID")),
                ])
            ])
    }()
}
