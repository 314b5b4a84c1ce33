/// The names of the roles `grants` makes: `PREFIX_owner`, which owns WSO2's schema and alone runs
/// DDL (`create`, `migrate`, `merge-legacy`), and one runtime role per component
/// (`PREFIX_publisher`, `PREFIX_devportal`, `PREFIX_keymanager`, `PREFIX_gateway`, `PREFIX_trafficmanager`).
public struct RoleNames: Sendable, Hashable {
    /// The prefix all names share.
    public let prefix: String

    /// The default prefix.
    public static let defaultPrefix = "wso2am"

    /// Names with `prefix`.
    /// - Throws: `DeploymentError` unless the prefix is a lower-case letter or `_` followed by at most
    ///   40 lower-case letters, digits or `_`: names that every engine takes as they are, so that the
    ///   role a node logs in as is exactly the one printed.
    public init(prefix: String = RoleNames.defaultPrefix) throws {
        guard let first = prefix.first, first == "_" || ("a"..."z").contains(first), prefix.count <= 41,
            prefix.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else {
            throw DeploymentError.invalidInput(
                "role prefix \(prefix.debugDescription) is not a plain lower-case name",
                hint: "give --role-prefix as lower-case letters, digits and _ (starting with a letter), at most 41 characters")
        }
        self.prefix = prefix
    }

    /// The role that owns the schema.
    public var owner: String { prefix + "_owner" }

    /// The runtime role of a component.
    public func runtime(_ component: DeploymentComponent) -> String { prefix + "_" + component.roleSuffix }

    /// The name a password line may give instead of the role: `owner` or a component (`publisher`, `key-manager` …).
    public func role(named name: String) -> String? {
        if name == owner || name == "owner" { return owner }
        if let component = DeploymentComponent.allCases.first(where: { runtime($0) == name }) { return runtime(component) }
        if let components = DeploymentComponent.named(name), components.count == 1 { return runtime(components[0]) }
        return nil
    }
}
