import WSO2Schema

/// WSO2_AM_DB, API-M 4.2.0 (carbon-apimgt 9.28.116) → 4.3.0 (9.29.120).
///
/// No public script. Gateway environments get the gateway type `Regular`, the type every environment of 4.2.0
/// is: 4.3.0 adds the APK gateway type beside it, carbon-apimgt's `APIManagerConfiguration` gives an environment
/// of `deployment.toml` without a type `APIConstants.API_GATEWAY_TYPE_REGULAR` (`Regular`), and the admin REST
/// API (`EnvironmentsApiServiceImpl`) accepts only that or `APK`.
enum AM4_3_0 {
    static let step = AMStep.step(
        from: "4.2.0", to: "4.3.0", description: "carbon-apimgt 9.28.116 → 9.29.120: gateway types, AI API quota",
        renames: AMRenames.changes(to: "4.3.0"), before: AMSchema4_3_0.before,
        data: [.data(.fill(table: "AM_GATEWAY_ENVIRONMENT", column: "GATEWAY_TYPE", value: .string("Regular")))],
        after: AMSchema4_3_0.after, needValues: AMSchema4_3_0.needValues, target: AMSchema4_3_0.target,
        leftToWSO2: [
            "for 4.3.0, WSO2 ships no public migration resources (WSO2 Support provides them): check with WSO2 what they change beyond the database schema",
        ])
}
