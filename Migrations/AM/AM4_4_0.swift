import WSO2Schema

/// WSO2_AM_DB, API-M 4.3.0 (carbon-apimgt 9.29.120) → 4.4.0 (9.30.67).
///
/// No public script. `AM_API_CLIENT_CERTIFICATE` gains `KEY_TYPE` in its key: existing certificates take the
/// column's default (`PRODUCTION`), as 4.3.0 had production certificates only; new columns take their defaults.
enum AM4_4_0 {
    static let step = AMStep.step(
        from: "4.3.0", to: "4.4.0", description: "carbon-apimgt 9.29.120 → 9.30.67",
        renames: AMRenames.changes(to: "4.4.0"), before: AMSchema4_4_0.before, after: AMSchema4_4_0.after,
        needValues: AMSchema4_4_0.needValues, target: AMSchema4_4_0.target,
        leftToWSO2: [
            "for 4.4.0, WSO2 ships no public migration resources (WSO2 Support provides them): check with WSO2 what they change beyond the database schema",
        ])
}
