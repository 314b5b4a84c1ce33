import Foundation

/// The datasources of a Carbon `master-datasources.xml` (API-M 2.x, `repository/conf/datasources/`):
/// each `<datasource>` with its `<name>`, the JNDI name in `<jndiConfig><name>`, and the
/// `<url>`, `<username>` and `<password>` of its `<definition type="RDBMS"><configuration>`.
/// Pool settings, descriptions, providers and comments are ignored.
///
/// A `<password svns:secretAlias="…">` is recorded as kept in the secure vault: the text beside the
/// alias is a placeholder the server replaces, not the password.
public struct MasterDatasources: Sendable {
    /// The file read.
    public let file: String
    /// The datasources, in the file's order.
    public let datasources: [Datasource]

    /// The root element that marks the file.
    static let rootName = "datasources-configuration"

    /// Reads a `master-datasources.xml` (or any Carbon `*-datasources.xml`).
    /// - Throws: `ConfigError` when the file cannot be read, is not well-formed XML, or is not a
    ///   datasources configuration.
    public init(file: String) throws {
        let data = try ConfigError.contents(of: file, hint: "check the path and its permissions")
        try self.init(data: data, file: file)
    }

    /// Reads a `master-datasources.xml` given as bytes; `file` names it in messages.
    public init(data: Data, file: String) throws {
        let tree = try XMLTree(data: data, file: file)
        guard tree.root.name == Self.rootName else {
            throw ConfigError(
                .malformed, "the root element is <\(tree.root.name)>, not <\(Self.rootName)>", file: file,
                hint: "give master-datasources.xml (repository/conf/datasources/) or deployment.toml (repository/conf/)")
        }
        self.file = file
        datasources = (tree.root.first("datasources")?.all("datasource") ?? []).compactMap { element in
            guard let name = element.first("name")?.value, !name.isEmpty else { return nil }
            let configuration = element.at("definition", "configuration")
            let password: Datasource.Password
            if let passwordElement = configuration?.first("password") {
                if let alias = passwordElement.attribute("secretAlias") {
                    password = .secureVault(alias: alias)
                } else {
                    password = .given(passwordElement.value)
                }
            } else {
                password = .none
            }
            let url = configuration?.first("url")?.value
            return Datasource(
                name: name, jndiName: element.at("jndiConfig", "name")?.value, file: file, url: url.flatMap { $0.isEmpty ? nil : $0 },
                username: configuration?.first("username")?.value, password: password,
                declaredEngine: configuration?.first("driverClassName")?.value)
        }
    }

    /// The datasource a JNDI name (`jdbc/WSO2UM_DB`) or a datasource name refers to.
    public func datasource(named name: String) -> Datasource? {
        datasources.first { $0.jndiName == name } ?? datasources.first { $0.isNamed(name) }
    }

    /// The datasource a JNDI name refers to, or an error that lists what the file holds.
    /// - Parameter reason: why this name is looked up, for the message (`user-mgt.xml's realm uses it`).
    func datasource(jndiName: String, reason: String) throws -> Datasource {
        guard let found = datasource(named: jndiName) else {
            throw ConfigError(
                .brokenReference, "no datasource has the JNDI name \(jndiName) (\(reason))", file: file,
                hint: "the file holds: " + listing)
        }
        return found
    }

    /// The datasources, for messages: `WSO2_CARBON_DB (jdbc/WSO2CarbonDB), WSO2AM_DB (jdbc/WSO2AM_DB)`.
    var listing: String {
        datasources.isEmpty ? "no datasources" : datasources.map { $0.name + ($0.jndiName.map { " (\($0))" } ?? "") }.joined(separator: ", ")
    }
}
