import WSO2Schema

/// WSO2_AM_DB, API-M 3.1.0 (carbon-apimgt 6.6.163) → 3.2.0 (6.7.206).
///
/// Data work of WSO2's 3.1.0 → 3.2.0 script: every application key mapping and registration belongs to the
/// `Resident Key Manager`, and each key mapping gets a UUID; an OAuth app without a callback URL gets an empty one.
///
/// WSO2's PostgreSQL script is defective here: it looks `IDN_OAUTH2_RESOURCE_SCOPE`'s primary key up in
/// `information_schema` in upper case, finds nothing and runs `EXECUTE NULL`, so the key it means to drop stays.
/// wso2db drops it, as 3.2.0's own script has none.
enum AM3_2_0 {
    static let step = AMStep.step(
        from: "3.1.0", to: "3.2.0", description: "carbon-apimgt 6.6.163 → 6.7.206: key managers, shared scopes, gateway artefacts",
        renames: AMRenames.changes(to: "3.2.0"), before: AMSchema3_2_0.before,
        data: [
            .data(.fill(table: "AM_APPLICATION_KEY_MAPPING", column: "KEY_MANAGER", value: .string("Resident Key Manager"))),
            .data(.fillWithUUIDs(table: "AM_APPLICATION_KEY_MAPPING", column: "UUID")),
            .data(.fill(table: "AM_APPLICATION_REGISTRATION", column: "KEY_MANAGER", value: .string("Resident Key Manager"))),
            .data(.fill(table: "IDN_OAUTH_CONSUMER_APPS", column: "CALLBACK_URL", value: .string(""))),
        ],
        after: AMSchema3_2_0.after, needValues: AMSchema3_2_0.needValues, target: AMSchema3_2_0.target,
        leftToWSO2: [
            "WSO2's API-M migration client from 3.1.0 (start the new server with -DmigrateFromVersion=3.1.0): API artefacts, definitions and tenant configuration in the registry",
            "WSO2's API-M migration client 3.1.0 → 3.2.0: the API scopes of the registry into AM_SCOPE and AM_SCOPE_BINDING",
        ])
}
