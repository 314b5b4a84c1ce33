import WSO2Schema

/// API-M 4.0.0 (carbon-kernel 4.6.2) → API-M 4.1.0 (kernel 4.6.3): two registry indexes, for looking
/// resources up by tag and by property. No WSO2 script (the difference of the two kernel scripts); no data work.
enum Shared4_1_0 {
    static let step: MigrationStep = {
        let target = Target("4.1.0")
        return MigrationStep(
            from: "4.0.0", to: "4.1.0",
            description: "carbon-kernel 4.6.2 → 4.6.3: registry indexes by tag and by property",
            operations: [
                .schema([
                    .createIndex(target.index("REG_RESOURCE_TAG_IND_BY_REG_TAG_ID")),
                    .createIndex(target.index("REG_RESOURCE_PROPERTY_IND_BY_REG_PROP_ID")),
                ])
            ])
    }()
}
