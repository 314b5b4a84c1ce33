import WSO2Schema

/// WSO2_AM_DB, API-M 4.1.0 (carbon-apimgt 9.20.74) → 4.2.0 (9.28.116).
///
/// No public script. The identity tables get `ID` keys (IS 6.0): each new `ID` column draws from its new
/// sequence, so every existing row is numbered as the column is added, before the key is made. The new UNIQUE
/// rules (token bindings, SCIM groups, device-flow user codes with their new `QUANTIFIER`, federated sessions
/// per tenant) are pre-checked where the columns exist; new columns with a default take it in every row.
enum AM4_2_0 {
    static let step = AMStep.step(
        from: "4.1.0", to: "4.2.0", description: "carbon-apimgt 9.20.74 → 9.28.116",
        renames: AMRenames.changes(to: "4.2.0"), before: AMSchema4_2_0.before, after: AMSchema4_2_0.after,
        needValues: AMSchema4_2_0.needValues, target: AMSchema4_2_0.target,
        leftToWSO2: [
            "for 4.2.0, WSO2 ships no public migration resources (WSO2 Support provides them): check with WSO2 what they change beyond the database schema",
        ])
}
