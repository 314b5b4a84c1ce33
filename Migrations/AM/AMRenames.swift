import WSO2Schema

/// What WSO2 renamed between two AM releases. A difference of two schemas reads a rename as a drop and a
/// create, which would lose the column's data, so renames are stated here by hand: the step generator
/// applies them to the older schema before it compares, and each step makes them first.
public enum AMRenames {
    /// The renames of the step to `version`, in order.
    public static func changes(to version: String) -> [SchemaChange] {
        switch version {
        case "2.2.0":
            // IS 5.5's OAuth2 scopes: the key becomes the name, and the name the display name.
            [
                .renameColumn(table: "IDN_OAUTH2_SCOPE", from: "NAME", to: "DISPLAY_NAME"),
                .renameColumn(table: "IDN_OAUTH2_SCOPE", from: "SCOPE_KEY", to: "NAME"),
            ]
        case "4.1.0":
            // VALUE is a reserved word on some engines; tenants become organizations.
            [
                .renameColumn(table: "AM_BLOCK_CONDITIONS", from: "VALUE", to: "BLOCK_CONDITION"),
                .renameColumn(table: "AM_APPLICATION_ATTRIBUTES", from: "VALUE", to: "APP_ATTRIBUTE"),
                .renameColumn(table: "AM_KEY_MANAGER", from: "TENANT_DOMAIN", to: "ORGANIZATION"),
                .renameColumn(table: "AM_GATEWAY_ENVIRONMENT", from: "TENANT_DOMAIN", to: "ORGANIZATION"),
            ]
        case "4.0.0":
            // The 3.2.0 → 4.0.0 migration renames the comment columns, keeping who commented and when.
            [
                .renameColumn(table: "AM_API_COMMENTS", from: "COMMENTED_USER", to: "CREATED_BY"),
                .renameColumn(table: "AM_API_COMMENTS", from: "DATE_COMMENTED", to: "CREATED_TIME"),
            ]
        default:
            []
        }
    }
}
