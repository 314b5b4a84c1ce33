import WSO2Schema

/// WSO2_AM_DB, API-M 4.3.0 (carbon-apimgt 9.29.120) → 4.4.0 (9.30.67).
enum AM4_4_0 {
    static let step = AMStep.step(
        from: "4.3.0", to: "4.4.0", description: "carbon-apimgt 9.29.120 → 9.30.67",
        renames: AMRenames.changes(to: "4.4.0"), before: AMSchema4_4_0.before, after: AMSchema4_4_0.after,
        needValues: AMSchema4_4_0.needValues, target: AMSchema4_4_0.target)
}
