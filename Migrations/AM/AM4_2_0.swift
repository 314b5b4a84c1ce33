import WSO2Schema

/// WSO2_AM_DB, API-M 4.1.0 (carbon-apimgt 9.20.74) → 4.2.0 (9.28.116).
enum AM4_2_0 {
    static let step = AMStep.step(
        from: "4.1.0", to: "4.2.0", description: "carbon-apimgt 9.20.74 → 9.28.116",
        renames: AMRenames.changes(to: "4.2.0"), before: AMSchema4_2_0.before, after: AMSchema4_2_0.after,
        needValues: AMSchema4_2_0.needValues, target: AMSchema4_2_0.target)
}
