import WSO2Schema

/// WSO2_AM_DB, API-M 4.0.0 (carbon-apimgt 9.0.174) → 4.1.0 (9.20.74).
///
/// Tenants become organizations. WSO2's 4.0.0 → 4.1.0 script only adds the columns; its Java client
/// (`V410DBDataMigrator` with `APIMgtDAO` in wso2-extensions/apim-migration-resources) fills them, and wso2db does
/// the same in SQL on every engine, from what the AM database itself holds:
/// - `AM_API`: the tenant domain of the API's provider (`updateApiOrganizations`:
///   `MultitenantUtils.getTenantDomain(APIUtil.replaceEmailDomainBack(API_PROVIDER))`): the provider with `-AT-` read
///   as `@`, the text after its last `@` (`bob-AT-t1.com` → `t1.com`), `carbon.super` when it has none.
///   `AM_API_DEFAULT_VERSION` rows get their provider's the same way (the product writes the API's organization
///   there; the client leaves them NULL, where the 4.1.0 product no longer finds them).
/// - `AM_APPLICATION`: the tenant domain of its subscriber's tenant (`updateApplicationOrganizations`): `carbon.super`
///   for tenant -1234; for another tenant the domain of the subscriber's user name (`AM_SUBSCRIBER.USER_ID`, which
///   the product writes fully qualified, `bob@t1.com`).
/// - `AM_API_CATEGORIES`: the domain of the category's tenant (`updateApiCategoryOrganizations`): `carbon.super` for
///   -1234; for another tenant the domain of that tenant's subscribers' user names. The client asks the tenant
///   manager (the shared database) instead; a tenant with no subscriber keeps NULL, named in the run's report.
///
/// Like the product with its default `EnableEmailUserName = false`, a super-tenant user named by an e-mail address
/// reads as a tenant (`john-AT-example.com` → `example.com`). Renamed columns keep their data (`VALUE` →
/// `APP_ATTRIBUTE` / `BLOCK_CONDITION`, `TENANT_DOMAIN` → `ORGANIZATION`). Gateway environments get the provider
/// `wso2`, the value the product writes for its own gateways (`APIConstants.WSO2_GATEWAY_ENVIRONMENT`).
enum AM4_1_0 {
    static let step = AMStep.step(
        from: "4.0.0", to: "4.1.0", description: "carbon-apimgt 9.0.174 → 9.20.74: organizations, key manager token types, environment keys",
        renames: AMRenames.changes(to: "4.1.0"), before: AMSchema4_1_0.before,
        data: [
            .sql(
                RawSQL(
                    "APIs, default versions, applications and categories belong to their tenant's organization",
                    statements: ["postgresql": organizations(.postgresql), "sqlite": organizations(.sqlite), "mysql": organizations(.mysql)])),
            .data(.fill(table: "AM_GATEWAY_ENVIRONMENT", column: "PROVIDER", value: .string("wso2"))),
        ],
        after: AMSchema4_1_0.after, needValues: AMSchema4_1_0.needValues, target: AMSchema4_1_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client 4.0.0 → 4.1.0: ORGANIZATION of the API categories of tenants that have no subscriber (they keep NULL: their tenant domain is only in the shared database), and the registry and tenant configuration it moves",
        ])

    /// The statements for one engine.
    static func organizations(_ engine: TenantDomainSQL) -> [String] {
        let provider = engine.domain(of: "API_PROVIDER")
        let user = engine.domain(of: "S.USER_ID")
        return [
            "UPDATE AM_API SET ORGANIZATION = \(provider) WHERE ORGANIZATION IS NULL",
            "UPDATE AM_API_DEFAULT_VERSION SET ORGANIZATION = \(provider) WHERE ORGANIZATION IS NULL",
            "UPDATE AM_APPLICATION SET ORGANIZATION = (SELECT CASE WHEN S.TENANT_ID = -1234 THEN 'carbon.super' ELSE \(user) END "
                + "FROM AM_SUBSCRIBER S WHERE S.SUBSCRIBER_ID = AM_APPLICATION.SUBSCRIBER_ID) WHERE ORGANIZATION IS NULL AND SUBSCRIBER_ID IN "
                + "(SELECT SUBSCRIBER_ID FROM AM_SUBSCRIBER WHERE TENANT_ID = -1234 OR \(TenantDomainSQL.qualified("USER_ID")))",
            "UPDATE AM_API_CATEGORIES SET ORGANIZATION = 'carbon.super' WHERE ORGANIZATION IS NULL AND TENANT_ID = -1234",
            "UPDATE AM_API_CATEGORIES SET ORGANIZATION = (SELECT min(\(user)) FROM AM_SUBSCRIBER S WHERE S.TENANT_ID = AM_API_CATEGORIES.TENANT_ID "
                + "AND \(TenantDomainSQL.qualified("S.USER_ID"))) WHERE ORGANIZATION IS NULL AND TENANT_ID IN "
                + "(SELECT TENANT_ID FROM AM_SUBSCRIBER WHERE TENANT_ID <> -1234 AND \(TenantDomainSQL.qualified("USER_ID")))",
        ]
    }
}

/// The tenant domain of a user name in SQL, per engine, as carbon-kernel's `MultitenantUtils.getTenantDomain` reads it
/// after `APIUtil.replaceEmailDomainBack`: `-AT-` is `@`, the domain is what follows the last `@`, and a name
/// without one is the super tenant's (`carbon.super`).
enum TenantDomainSQL {
    case postgresql, sqlite, mysql

    /// The condition that `column` names a user with a tenant domain.
    static func qualified(_ column: String) -> String { "REPLACE(\(column), '-AT-', '@') LIKE '%@%'" }

    /// The expression giving the tenant domain of the user `column` names.
    func domain(of column: String) -> String {
        let name = "REPLACE(\(column), '-AT-', '@')"
        let afterLastAt: String
        switch self {
        case .postgresql: afterLastAt = "regexp_replace(\(name), '^.*@', '')"
        case .mysql: afterLastAt = "SUBSTRING_INDEX(\(name), '@', -1)"
        // rtrim drops every character that is not '@' from the end: what is left ends at the last '@'.
        case .sqlite: afterLastAt = "substr(\(name), length(rtrim(\(name), replace(\(name), '@', ''))) + 1)"
        }
        return "CASE WHEN \(Self.qualified(column)) THEN \(afterLastAt) ELSE 'carbon.super' END"
    }
}
