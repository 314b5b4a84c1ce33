import WSO2Schema

/// WSO2_AM_DB, API-M 4.6.0 (carbon-apimgt 9.32.147) → 4.7.0 (9.33.122).
///
/// No public script. The foreign key of `AM_GW_API_ARTIFACTS` to the published API details is made again as
/// 4.7.0 declares it; new tables only otherwise.
enum AM4_7_0 {
    static let step = AMStep.step(
        from: "4.6.0", to: "4.7.0", description: "carbon-apimgt 9.32.147 → 9.33.122",
        renames: AMRenames.changes(to: "4.7.0"), before: AMSchema4_7_0.before, after: AMSchema4_7_0.after,
        needValues: AMSchema4_7_0.needValues, target: AMSchema4_7_0.target,
        leftToWSO2: [
            "for 4.7.0, WSO2 ships no public migration resources (WSO2 Support provides them): check with WSO2 what they change beyond the database schema",
        ])
}
