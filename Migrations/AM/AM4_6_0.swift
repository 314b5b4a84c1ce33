import WSO2Schema

/// WSO2_AM_DB, API-M 4.5.0 (carbon-apimgt 9.31.86) → 4.6.0 (9.32.147).
enum AM4_6_0 {
    static let step = AMStep.step(
        from: "4.5.0", to: "4.6.0", description: "carbon-apimgt 9.31.86 → 9.32.147",
        renames: AMRenames.changes(to: "4.6.0"), before: AMSchema4_6_0.before, after: AMSchema4_6_0.after,
        needValues: AMSchema4_6_0.needValues, target: AMSchema4_6_0.target)
}
