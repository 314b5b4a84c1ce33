import WSO2Schema

/// WSO2_AM_DB, API-M 2.5.0 (carbon-apimgt 6.3.95) → 2.6.0 (6.4.50).
///
/// Consent purposes get a group (IS 5.7): no public script fills them, so wso2db gives the `DEFAULT` purpose
/// the group 2.6.0's own script gives it (`DEFAULT`, type `SP`), and every other purpose (in 2.5.0 only
/// self sign-up creates purposes) the self sign-up group (`SELF-SIGNUP`, type `SYSTEM`). Existing PII
/// category links become optional (`IS_MANDATORY` 0): 2.5.0 had no mandatory PII, so none was required.
enum AM2_6_0 {
    static let step = AMStep.step(
        from: "2.5.0", to: "2.6.0", description: "carbon-apimgt 6.3.95 → 6.4.50: consent purpose groups, timestamps",
        renames: AMRenames.changes(to: "2.6.0"), before: AMSchema2_6_0.before,
        data: [
            AMStep.portable(
                "the DEFAULT consent purpose joins the DEFAULT group",
                ["UPDATE CM_PURPOSE SET PURPOSE_GROUP = 'DEFAULT', GROUP_TYPE = 'SP' WHERE NAME = 'DEFAULT' AND PURPOSE_GROUP IS NULL"]),
            .data(.fill(table: "CM_PURPOSE", column: "PURPOSE_GROUP", value: .string("SELF-SIGNUP"))),
            .data(.fill(table: "CM_PURPOSE", column: "GROUP_TYPE", value: .string("SYSTEM"))),
            .data(.fill(table: "CM_PURPOSE_PII_CAT_ASSOC", column: "IS_MANDATORY", value: .integer(0))),
        ],
        after: AMSchema2_6_0.after, needValues: AMSchema2_6_0.needValues, target: AMSchema2_6_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 2.5.0 (start the new server with -DmigrateFromVersion=2.5.0): API artefacts, definitions and tenant configuration in the registry",
        ])
}
