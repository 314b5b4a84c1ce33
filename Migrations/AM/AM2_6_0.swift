import WSO2Schema

/// WSO2_AM_DB, API-M 2.5.0 (carbon-apimgt 6.3.95) → 2.6.0 (6.4.50).
///
/// Consent purposes get a group (IS 5.7), as WSO2's identity migration does it (wso2-extensions/identity-migration-resources,
/// `migration-resources/5.7.0/dbscripts/step1/consent`): the `DEFAULT` purpose the group `DEFAULT` of type `SP`, every
/// other purpose (in 2.5.0 only self sign-up creates purposes) the group `SIGNUP` of type `SYSTEM`. Existing PII
/// category links become mandatory (`IS_MANDATORY` 1): that script adds the column `DEFAULT 1 NOT NULL`, since
/// before 5.7 every PII category of a purpose was required.
enum AM2_6_0 {
    static let step = AMStep.step(
        from: "2.5.0", to: "2.6.0", description: "carbon-apimgt 6.3.95 → 6.4.50: consent purpose groups, timestamps",
        renames: AMRenames.changes(to: "2.6.0"), before: AMSchema2_6_0.before,
        data: [
            AMStep.portable(
                "the DEFAULT consent purpose joins the DEFAULT group",
                ["UPDATE CM_PURPOSE SET PURPOSE_GROUP = 'DEFAULT', GROUP_TYPE = 'SP' WHERE NAME = 'DEFAULT' AND PURPOSE_GROUP IS NULL"]),
            .data(.fill(table: "CM_PURPOSE", column: "PURPOSE_GROUP", value: .string("SIGNUP"))),
            .data(.fill(table: "CM_PURPOSE", column: "GROUP_TYPE", value: .string("SYSTEM"))),
            .data(.fill(table: "CM_PURPOSE_PII_CAT_ASSOC", column: "IS_MANDATORY", value: .integer(1))),
        ],
        after: AMSchema2_6_0.after, needValues: AMSchema2_6_0.needValues, target: AMSchema2_6_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 2.5.0 (start the new server with -DmigrateFromVersion=2.5.0): API artefacts, definitions and tenant configuration in the registry",
        ])
}
