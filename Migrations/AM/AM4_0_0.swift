import WSO2Schema

/// WSO2_AM_DB, API-M 3.2.0 (carbon-apimgt 6.7.206) → 4.0.0 (9.0.174).
///
/// Data work of WSO2's 3.2.0 → 4.0.0 script: the comment columns are renamed (who commented and when are kept),
/// existing comments were made in the developer portal (`ENTRY_POINT` `DEVPORTAL`, the default WSO2's script adds
/// the column with; 4.0.0's own script has none),
/// and the gateway artefacts of 3.2.0, which 4.0.0 keys by API revision, are deleted, as WSO2's script does by
/// dropping the table: the gateways fetch them again from the revisions the 4.0.0 migration client creates.
enum AM4_0_0 {
    static let step = AMStep.step(
        from: "3.2.0", to: "4.0.0", description: "carbon-apimgt 6.7.206 → 9.0.174: revisions, service catalog, webhooks, gateway environments",
        renames: AMRenames.changes(to: "4.0.0"), before: AMSchema4_0_0.before,
        data: [
            .data(.fill(table: "AM_API_COMMENTS", column: "ENTRY_POINT", value: .string("DEVPORTAL"))),
            AMStep.portable(
                "delete the gateway artefacts of 3.2.0", ["DELETE FROM AM_GW_API_ARTIFACTS"],
                destroys: "deletes the gateway artefacts of 3.2.0 (AM_GW_API_ARTIFACTS), which 4.0.0 keys by revision",
                counting: (["AM_GW_API_ARTIFACTS"], "SELECT count(*) FROM AM_GW_API_ARTIFACTS"))
        ],
        givenBySQL: ["AM_GW_API_ARTIFACTS.REVISION_ID"],
        after: AMSchema4_0_0.after, needValues: AMSchema4_0_0.needValues, target: AMSchema4_0_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 3.2.0 (start the new server with -DmigrateFromVersion=3.2.0): API artefacts, definitions and tenant configuration in the registry",
            "WSO2's API-M migration client 3.2.0 → 4.0.0: AM_API.API_UUID and STATUS from the registry, a revision per deployed API (AM_REVISION, AM_DEPLOYMENT_REVISION_MAPPING) and its gateway artefacts, API definitions rewritten",
            "re-indexing: run WSO2's reg-index.sql on the registry database, delete the old Solr index folder, and let the 4.0.0 server re-index",
        ])
}
