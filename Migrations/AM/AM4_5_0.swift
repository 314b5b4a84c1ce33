import WSO2Schema

/// WSO2_AM_DB, API-M 4.4.0 (carbon-apimgt 9.30.67) → 4.5.0 (9.31.86).
///
/// No public script. New tables and nullable columns; policy parameters widened. Existing rows need no value.
enum AM4_5_0 {
    static let step = AMStep.step(
        from: "4.4.0", to: "4.5.0", description: "carbon-apimgt 9.30.67 → 9.31.86",
        renames: AMRenames.changes(to: "4.5.0"), before: AMSchema4_5_0.before, after: AMSchema4_5_0.after,
        needValues: AMSchema4_5_0.needValues, target: AMSchema4_5_0.target,
        leftToWSO2: [
            "for 4.5.0, WSO2 ships no public migration resources (WSO2 Support provides them): check with WSO2 what they change beyond the database schema",
        ])
}
