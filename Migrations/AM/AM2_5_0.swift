import WSO2Schema

/// WSO2_AM_DB, API-M 2.2.0 (carbon-apimgt 6.2.201) → 2.5.0 (6.3.95).
///
/// Data work of WSO2's 2.2.0 → 2.5.0 client script: the subscriber alert `AbnormalRefreshAlert`, which 2.5.0 no
/// longer has, is deleted with the users' settings for it (its `AM_ALERT_TYPES_VALUES` rows first).
enum AM2_5_0 {
    static let step = AMStep.step(
        from: "2.2.0", to: "2.5.0", description: "carbon-apimgt 6.2.201 → 6.3.95: application attributes, labels, the retired refresh alert removed",
        renames: AMRenames.changes(to: "2.5.0"), before: AMSchema2_5_0.before,
        data: [
            AMStep.portable(
                "delete the subscriber alert AbnormalRefreshAlert and its settings",
                [
                    "DELETE FROM AM_ALERT_TYPES_VALUES WHERE ALERT_TYPE_ID IN (SELECT ALERT_TYPE_ID FROM AM_ALERT_TYPES "
                        + "WHERE ALERT_TYPE_NAME = 'AbnormalRefreshAlert' AND STAKE_HOLDER = 'subscriber')",
                    "DELETE FROM AM_ALERT_TYPES WHERE ALERT_TYPE_NAME = 'AbnormalRefreshAlert' AND STAKE_HOLDER = 'subscriber'",
                ],
                destroys: "deletes the retired subscriber alert AbnormalRefreshAlert and the users' settings for it",
                // The alert type is WSO2's own seed row; what a user loses is their settings for it.
                counting: (
                    ["AM_ALERT_TYPES_VALUES", "AM_ALERT_TYPES"],
                    "SELECT count(*) FROM AM_ALERT_TYPES_VALUES WHERE ALERT_TYPE_ID IN (SELECT ALERT_TYPE_ID FROM AM_ALERT_TYPES "
                        + "WHERE ALERT_TYPE_NAME = 'AbnormalRefreshAlert' AND STAKE_HOLDER = 'subscriber')"
                ))
        ],
        after: AMSchema2_5_0.after, needValues: AMSchema2_5_0.needValues, target: AMSchema2_5_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 2.2.0 (start the new server with -DmigrateFromVersion=2.2.0): API artefacts, definitions and tenant configuration in the registry",
        ])
}
