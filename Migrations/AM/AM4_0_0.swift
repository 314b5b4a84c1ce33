import WSO2Schema

/// WSO2_AM_DB, API-M 3.2.0 (carbon-apimgt 6.7.206) → 4.0.0 (9.0.174).
///
/// Data work of WSO2's 3.2.0 → 4.0.0 script: the comment columns are renamed (who commented and when are kept),
/// and the gateway artefacts of 3.2.0, which 4.0.0 keys by API revision, are deleted, as WSO2's script does by
/// dropping the table: the gateways fetch them again from the revisions the 4.0.0 migration client creates.
enum AM4_0_0 {
    static let step = AMStep.step(
        from: "3.2.0", to: "4.0.0", description: "carbon-apimgt 6.7.206 → 9.0.174: revisions, service catalog, webhooks, gateway environments",
        renames: AMRenames.changes(to: "4.0.0"), before: AMSchema4_0_0.before,
        data: [
            AMStep.portable(
                "delete the gateway artefacts of 3.2.0", ["DELETE FROM AM_GW_API_ARTIFACTS"],
                destroys: "deletes the gateway artefacts of 3.2.0 (AM_GW_API_ARTIFACTS), which 4.0.0 keys by revision")
        ],
        givenBySQL: ["AM_GW_API_ARTIFACTS.REVISION_ID"],
        after: AMSchema4_0_0.after, needValues: AMSchema4_0_0.needValues, target: AMSchema4_0_0.target)
}
