import WSO2Schema

/// WSO2_AM_DB, API-M 4.0.0 (carbon-apimgt 9.0.174) → 4.1.0 (9.20.74).
///
/// Tenants become organizations. WSO2's 4.0.0 → 4.1.0 script only adds the columns; its Java client fills them.
/// wso2db fills what the AM database itself tells: the super tenant's rows get `carbon.super` (APIs whose
/// provider names no tenant, applications of subscribers of tenant -1234, categories of tenant -1234);
/// rows of other tenants keep NULL and are named in the run's report, for the migration client (their tenant
/// domain lives in the shared database). Renamed columns keep their data (`VALUE` → `APP_ATTRIBUTE` /
/// `BLOCK_CONDITION`, `TENANT_DOMAIN` → `ORGANIZATION`). Gateway environments get the provider `wso2`, the
/// value the product writes for its own gateways (`APIConstants.WSO2_GATEWAY_ENVIRONMENT`).
enum AM4_1_0 {
    static let step = AMStep.step(
        from: "4.0.0", to: "4.1.0", description: "carbon-apimgt 9.0.174 → 9.20.74: organizations, key manager token types, environment keys",
        renames: AMRenames.changes(to: "4.1.0"), before: AMSchema4_1_0.before,
        data: [
            AMStep.portable(
                "the super tenant's APIs, applications and categories belong to carbon.super",
                [
                    "UPDATE AM_API SET ORGANIZATION = 'carbon.super' WHERE ORGANIZATION IS NULL AND API_PROVIDER NOT LIKE '%-AT-%'",
                    "UPDATE AM_APPLICATION SET ORGANIZATION = 'carbon.super' WHERE ORGANIZATION IS NULL AND SUBSCRIBER_ID IN "
                        + "(SELECT SUBSCRIBER_ID FROM AM_SUBSCRIBER WHERE TENANT_ID = -1234)",
                    "UPDATE AM_API_CATEGORIES SET ORGANIZATION = 'carbon.super' WHERE ORGANIZATION IS NULL AND TENANT_ID = -1234",
                ]),
            .data(.fill(table: "AM_GATEWAY_ENVIRONMENT", column: "PROVIDER", value: .string("wso2"))),
        ],
        after: AMSchema4_1_0.after, needValues: AMSchema4_1_0.needValues, target: AMSchema4_1_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client 4.0.0 → 4.1.0: ORGANIZATION of the rows of tenants other than the super tenant (AM_API, AM_APPLICATION, AM_API_CATEGORIES, AM_API_DEFAULT_VERSION keep NULL there until it runs: their tenant domain is in the shared database)",
        ])
}
