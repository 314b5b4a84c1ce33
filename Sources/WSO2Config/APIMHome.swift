import Foundation

/// An API Manager installation folder (`APIM_HOME`), and the databases its configuration names.
///
/// - API-M 2.x: the user-management database is the datasource `repository/conf/user-mgt.xml`'s realm
///   uses, the registry database the one `repository/conf/registry.xml` mounts as
///   `/_system/governance`; both JNDI names are looked up in
///   `repository/conf/datasources/master-datasources.xml`.
/// - API-M 3.x/4.x: `repository/conf/deployment.toml`, `[database.shared_db]` and `[database.apim_db]`.
public struct APIMHome: Sendable {
    /// The folder given.
    public let path: String

    /// An installation folder. Nothing is read until a database is asked for.
    public init(path: String) {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.path = path
    }

    /// `repository/conf/…` inside the home.
    public func conf(_ name: String) -> String { path + "/repository/conf/" + name }

    /// The legacy (API-M 2.x) user-management database: the datasource the realm in `user-mgt.xml` uses.
    /// - Throws: `ConfigError` naming the file and the reference that cannot be followed.
    public func legacyUserManagementDatabase() throws -> DatasourceChoice {
        try requireLegacy()
        let userManagement = try UserManagementConfig(file: conf("user-mgt.xml"))
        let datasources = try MasterDatasources(file: conf("datasources/master-datasources.xml"))
        let reason = "the realm in \(userManagement.file) uses dataSource \(userManagement.dataSource)"
        let found = try datasources.datasource(jndiName: userManagement.dataSource, reason: reason)
        return DatasourceChoice(datasource: found, reason: reason)
    }

    /// The legacy (API-M 2.x) registry database: the datasource of the governance registry in
    /// `registry.xml` (its mount of `/_system/governance`, or the local registry when it has none).
    /// - Throws: `ConfigError` naming the file and the reference that cannot be followed.
    public func legacyRegistryDatabase() throws -> DatasourceChoice {
        try requireLegacy()
        let registry = try RegistryConfig(file: conf("registry.xml"))
        let datasources = try MasterDatasources(file: conf("datasources/master-datasources.xml"))
        let found = try datasources.datasource(jndiName: registry.dataSource, reason: registry.reason)
        return DatasourceChoice(datasource: found, reason: registry.reason.replacingOccurrences(of: "registry.xml", with: registry.file))
    }

    /// A database of an API-M 3.x/4.x home, from `deployment.toml`.
    /// - Throws: `ConfigError` when the home has no `deployment.toml` or it has no section for `role`.
    public func database(_ role: DatabaseRole, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatasourceChoice {
        let file = conf("deployment.toml")
        guard FileManager.default.fileExists(atPath: file) else {
            throw ConfigError(
                .unreadable, "no repository/conf/deployment.toml: this is not an API-M 3.x/4.x home", file: path,
                hint: FileManager.default.fileExists(atPath: conf("user-mgt.xml"))
                    ? "this looks like an API-M 2.x home (it has user-mgt.xml); the new home is the 4.x one" : "check the path")
        }
        let config = try DeploymentConfig(file: file, environment: environment)
        return try ConfigFile.deployment(config).choose(for: role, named: nil)
    }

    private func requireLegacy() throws {
        guard FileManager.default.fileExists(atPath: conf("user-mgt.xml")) else {
            let modern = FileManager.default.fileExists(atPath: conf("deployment.toml"))
            throw ConfigError(
                .unreadable, "no repository/conf/user-mgt.xml: this is not an API-M 2.x home", file: path,
                hint: modern ? "this looks like an API-M 3.x/4.x home (it has deployment.toml); the old home is the 2.x one" : "check the path")
        }
    }
}
