import WSO2Schema

/// WSO2_AM_DB, API-M 4.5.0 (carbon-apimgt 9.31.86) → 4.6.0 (9.32.147).
///
/// No public script. `AM_API_ENDPOINTS` is keyed without `ENDPOINT_NAME`; it and `ORGANIZATION` stay NOT NULL
/// (they were key columns, so every row has them). `AM_APPLICATION_REGISTRATION.INPUTS` becomes binary: the text
/// is kept as its UTF-8 bytes, which is how the product reads it back.
enum AM4_6_0 {
    static let step = AMStep.step(
        from: "4.5.0", to: "4.6.0", description: "carbon-apimgt 9.31.86 → 9.32.147",
        renames: AMRenames.changes(to: "4.6.0"), before: AMSchema4_6_0.before, after: AMSchema4_6_0.after,
        needValues: AMSchema4_6_0.needValues, target: AMSchema4_6_0.target,
        leftToWSO2: [
            "for 4.6.0, WSO2 ships no public migration resources (WSO2 Support provides them): check with WSO2 what they change beyond the database schema",
        ])
}
