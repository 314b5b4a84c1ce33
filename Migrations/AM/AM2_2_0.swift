import WSO2Schema

/// WSO2_AM_DB, API-M 2.1.0 (carbon-apimgt 6.1.66) → 2.2.0 (6.2.201).
///
/// Data work, as WSO2's identity migration (IS 5.3 → 5.5) and API-M migration client do it:
/// - OAuth2 scopes: the scope key becomes `NAME` and the old name `DISPLAY_NAME` (renames, so nothing is lost); a
///   scope without a name shows its key, as the product does; `TENANT_ID` without a value gets -1, the new default.
/// - The roles of a scope, kept in 2.1.0 as a comma-separated `IDN_OAUTH2_SCOPE.ROLES`, become one
///   `IDN_OAUTH2_SCOPE_BINDING` row each (blank entries and repeats left out), before `ROLES` is dropped.
enum AM2_2_0 {
    static let step = AMStep.step(
        from: "2.1.0", to: "2.2.0", description: "carbon-apimgt 6.1.66 → 6.2.201: scope keys become names, scope roles become bindings",
        renames: AMRenames.changes(to: "2.2.0"), before: AMSchema2_2_0.before,
        data: [
            .data(.copy(table: "IDN_OAUTH2_SCOPE", column: "DISPLAY_NAME", from: "NAME")),
            .sql(
                RawSQL(
                    "each role of a scope's ROLES list becomes a scope binding",
                    statements: [
                        "postgresql": [
                            "INSERT INTO IDN_OAUTH2_SCOPE_BINDING (SCOPE_ID, SCOPE_BINDING) SELECT DISTINCT S.SCOPE_ID, trim(R.ROLE) "
                                + "FROM IDN_OAUTH2_SCOPE S, regexp_split_to_table(S.ROLES, ',') AS R(ROLE) WHERE trim(R.ROLE) <> ''"
                        ],
                        "sqlite": [
                            "INSERT INTO IDN_OAUTH2_SCOPE_BINDING (SCOPE_ID, SCOPE_BINDING) "
                                + "WITH RECURSIVE SPLIT(SCOPE_ID, ROLE, REST) AS ("
                                + "SELECT SCOPE_ID, '', ROLES || ',' FROM IDN_OAUTH2_SCOPE WHERE ROLES IS NOT NULL "
                                + "UNION ALL SELECT SCOPE_ID, substr(REST, 1, instr(REST, ',') - 1), substr(REST, instr(REST, ',') + 1) "
                                + "FROM SPLIT WHERE REST <> '') "
                                + "SELECT DISTINCT SCOPE_ID, trim(ROLE) FROM SPLIT WHERE trim(ROLE) <> ''"
                        ],
                        // A recursive CTE's column takes the type of its first SELECT: cast, or the roles are cut to ''.
                        "mysql": [
                            "INSERT INTO IDN_OAUTH2_SCOPE_BINDING (SCOPE_ID, SCOPE_BINDING) "
                                + "WITH RECURSIVE SPLIT(SCOPE_ID, ROLE, REST) AS ("
                                + "SELECT SCOPE_ID, CAST('' AS CHAR(4000)), CAST(CONCAT(ROLES, ',') AS CHAR(4000)) FROM IDN_OAUTH2_SCOPE WHERE ROLES IS NOT NULL "
                                + "UNION ALL SELECT SCOPE_ID, SUBSTRING(REST, 1, LOCATE(',', REST) - 1), SUBSTRING(REST, LOCATE(',', REST) + 1) "
                                + "FROM SPLIT WHERE REST <> '') "
                                + "SELECT DISTINCT SCOPE_ID, TRIM(ROLE) FROM SPLIT WHERE TRIM(ROLE) <> ''"
                        ],
                    ])),
        ],
        after: AMSchema2_2_0.after, needValues: AMSchema2_2_0.needValues, target: AMSchema2_2_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 2.1.0 (start the new server with -DmigrateFromVersion=2.1.0): API artefacts, definitions and tenant configuration in the registry",
        ],
        // Before its MySQL spelling (what it does on PostgreSQL and SQLite is unchanged).
        formerChecksums: ["ad909a10d831132f"])
}
