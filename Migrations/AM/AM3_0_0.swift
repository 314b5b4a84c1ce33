import WSO2Schema

/// WSO2_AM_DB, API-M 2.6.0 (carbon-apimgt 6.4.50) → 3.0.0 (6.5.349).
///
/// Data work of WSO2's 2.6.0 → 3.0.0 script:
/// - Comment and rating ids become UUIDs: WSO2 drops the integer columns and adds UUID ones; wso2db turns the
///   column to text (keeping the rows) and gives every row a fresh UUID, the result WSO2's script gives.
/// - Scope bindings without a role (NULL or empty), which 3.0.0 cannot hold, are deleted, as WSO2's script does.
enum AM3_0_0 {
    static let step = AMStep.step(
        from: "2.6.0", to: "3.0.0", description: "carbon-apimgt 6.4.50 → 6.5.349: UUID comment and rating ids, API products, system apps",
        renames: AMRenames.changes(to: "3.0.0"), before: AMSchema3_0_0.before,
        data: [
            .data(.replaceWithUUIDs(table: "AM_API_COMMENTS", column: "COMMENT_ID")),
            .data(.replaceWithUUIDs(table: "AM_API_RATINGS", column: "RATING_ID")),
            AMStep.portable(
                "delete scope bindings without a role",
                ["DELETE FROM IDN_OAUTH2_SCOPE_BINDING WHERE SCOPE_BINDING IS NULL OR SCOPE_BINDING = ''"],
                destroys: "deletes scope bindings that name no role (NULL or empty), as WSO2's script does",
                counting: (["IDN_OAUTH2_SCOPE_BINDING"], "SELECT count(*) FROM IDN_OAUTH2_SCOPE_BINDING WHERE SCOPE_BINDING IS NULL OR SCOPE_BINDING = ''")),
        ],
        after: AMSchema3_0_0.after, needValues: AMSchema3_0_0.needValues, target: AMSchema3_0_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 2.6.0 (start the new server with -DmigrateFromVersion=2.6.0): API artefacts, definitions and tenant configuration in the registry",
            "WSO2's identity migration client (-Dcomponent=identity), for the user-management side of IS 5.7 → 5.9",
        ])
}
