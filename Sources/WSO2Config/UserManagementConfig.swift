import Foundation

/// What wso2db needs from a Carbon `user-mgt.xml` (API-M 2.x, `repository/conf/`): the JNDI name of
/// the datasource that holds the user-management (`UM_*`) tables, the realm's
/// `<Property name="dataSource">` in `<UserManager><Realm><Configuration>`.
///
/// The user store managers' own properties (LDAP connection settings, JDBC user store SQL …) are
/// ignored: even with an LDAP user store, roles, permissions and claims live in the realm's datasource.
public struct UserManagementConfig: Sendable {
    /// The file read.
    public let file: String
    /// The JNDI name the realm uses, for example `jdbc/WSO2UM_DB`.
    public let dataSource: String

    /// Reads a `user-mgt.xml`.
    /// - Throws: `ConfigError` when the file cannot be read or parsed, or its realm names no dataSource.
    public init(file: String) throws {
        let data = try ConfigError.contents(of: file, hint: "check the path: an API-M 2.x home has repository/conf/user-mgt.xml")
        try self.init(data: data, file: file)
    }

    /// Reads a `user-mgt.xml` given as bytes; `file` names it in messages.
    public init(data: Data, file: String) throws {
        let tree = try XMLTree(data: data, file: file)
        guard tree.root.name == "UserManager" else {
            throw ConfigError(.malformed, "the root element is <\(tree.root.name)>, not <UserManager>", file: file)
        }
        let property = tree.root.at("Realm", "Configuration")?.all("Property").first { $0.attribute("name") == "dataSource" }
        guard let value = property?.value, !value.isEmpty else {
            throw ConfigError(
                .brokenReference, "the realm's <Configuration> has no <Property name=\"dataSource\">", file: file,
                hint: "API-M reads the user-management tables through it; give the database with --um instead")
        }
        self.file = file
        self.dataSource = value
    }
}
