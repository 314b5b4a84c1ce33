import WSO2Schema

/// WSO2_AM_DB, API-M 3.0.0 (carbon-apimgt 6.5.349) → 3.1.0 (6.6.163).
///
/// Data work, for what WSO2's identity migration (IS 5.9 → 5.10) does in Java and no public SQL states:
/// - OIDC scopes move into `IDN_OAUTH2_SCOPE` (type `OIDC`; an OAuth2 scope of the same name and tenant is
///   reused), every other scope gets the type `OAUTH2`, and the claim mappings point at the moved scopes before
///   `IDN_OIDC_SCOPE` goes. Mappings of an OIDC scope without a name cannot move and are deleted.
/// - Scope bindings get the type `DEFAULT` (role bindings, the only kind 3.0.0 had), as WSO2's identity migration
///   adds the column (`BINDING_TYPE … NOT NULL DEFAULT 'DEFAULT'` in wso2-extensions/identity-migration-resources,
///   `migration-resources/5.10.0/dbscripts/step1/identity`); bindings without a role are deleted, as WSO2's 2.6.0 → 3.0.0 script does (a database created at 3.0.0 may still have them).
/// - Identity providers and associated ids get fresh UUIDs (IS 5.10 generates them the same way).
/// - Tokens and codes without an identity provider get -1, the column's default (the resident one).
enum AM3_1_0 {
    static let step = AMStep.step(
        from: "3.0.0", to: "3.1.0", description: "carbon-apimgt 6.5.349 → 6.6.163: OIDC scopes in OAuth2 scopes, UUIDs for identity providers",
        renames: AMRenames.changes(to: "3.1.0"), before: AMSchema3_1_0.before,
        data: [
            AMStep.portable(
                "OIDC scopes move into IDN_OAUTH2_SCOPE, their claim mappings with them",
                [
                    "INSERT INTO IDN_OAUTH2_SCOPE (NAME, DISPLAY_NAME, TENANT_ID, SCOPE_TYPE) SELECT DISTINCT O.NAME, O.NAME, "
                        + "coalesce(O.TENANT_ID, -1), 'OIDC' FROM IDN_OIDC_SCOPE O WHERE O.NAME IS NOT NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM IDN_OAUTH2_SCOPE S WHERE S.NAME = O.NAME AND S.TENANT_ID = coalesce(O.TENANT_ID, -1))",
                    "UPDATE IDN_OAUTH2_SCOPE SET SCOPE_TYPE = 'OAUTH2' WHERE SCOPE_TYPE IS NULL",
                    "DELETE FROM IDN_OIDC_SCOPE_CLAIM_MAPPING WHERE SCOPE_ID IS NULL OR SCOPE_ID NOT IN "
                        + "(SELECT ID FROM IDN_OIDC_SCOPE WHERE NAME IS NOT NULL)",
                    "UPDATE IDN_OIDC_SCOPE_CLAIM_MAPPING SET SCOPE_ID = (SELECT min(S.SCOPE_ID) FROM IDN_OAUTH2_SCOPE S, IDN_OIDC_SCOPE O "
                        + "WHERE O.ID = IDN_OIDC_SCOPE_CLAIM_MAPPING.SCOPE_ID AND S.NAME = O.NAME AND S.TENANT_ID = coalesce(O.TENANT_ID, -1))",
                ],
                destroys: "deletes the claim mappings of OIDC scopes that have no name",
                counting: (
                    ["IDN_OIDC_SCOPE_CLAIM_MAPPING", "IDN_OIDC_SCOPE"],
                    "SELECT count(*) FROM IDN_OIDC_SCOPE_CLAIM_MAPPING WHERE SCOPE_ID IS NULL OR SCOPE_ID NOT IN "
                        + "(SELECT ID FROM IDN_OIDC_SCOPE WHERE NAME IS NOT NULL)"
                )),
            AMStep.portable(
                "delete scope bindings without a role",
                ["DELETE FROM IDN_OAUTH2_SCOPE_BINDING WHERE SCOPE_BINDING IS NULL OR SCOPE_BINDING = ''"],
                destroys: "deletes scope bindings that name no role (NULL or empty)",
                counting: (["IDN_OAUTH2_SCOPE_BINDING"], "SELECT count(*) FROM IDN_OAUTH2_SCOPE_BINDING WHERE SCOPE_BINDING IS NULL OR SCOPE_BINDING = ''")),
            .data(.fill(table: "IDN_OAUTH2_SCOPE_BINDING", column: "BINDING_TYPE", value: .string("DEFAULT"))),
            .data(.fillWithUUIDs(table: "IDP", column: "UUID")),
            .data(.fillWithUUIDs(table: "IDN_ASSOCIATED_ID", column: "ASSOCIATION_ID")),
        ],
        givenBySQL: ["IDN_OAUTH2_SCOPE.SCOPE_TYPE", "IDN_OIDC_SCOPE_CLAIM_MAPPING.SCOPE_ID", "IDN_OAUTH2_SCOPE_BINDING.SCOPE_BINDING"],
        after: AMSchema3_1_0.after, needValues: AMSchema3_1_0.needValues, target: AMSchema3_1_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 3.0.0 (start the new server with -DmigrateFromVersion=3.0.0): API artefacts, definitions and tenant configuration in the registry",
            "WSO2's identity migration client (-Dcomponent=identity), for the user-management side of IS 5.9 → 5.10 (user and group UUIDs)",
        ])
}
