import SQLDriver

/// What `grants` gives which role on which database: the deployment matrix applied to the databases
/// given, for the components asked for.
public struct GrantPlan: Sendable {
    /// One physical database and the grants on it.
    public struct Target: Sendable {
        /// Where it is (as given: an administrator's connection).
        public var url: DatabaseURL
        /// The deployment databases it holds (API-M 2.x allows one database to be both UM and REG).
        public var holds: [DeploymentDatabase]
        /// Each runtime role's access: the most any database it holds calls for.
        public var grants: [AccessGrant]
    }

    /// The layout.
    public var layout: DeploymentLayout
    /// The mode that decides the conditional entries.
    public var mode: DeploymentMode
    /// The role names.
    public var roles: RoleNames
    /// The components planned for.
    public var components: [DeploymentComponent]
    /// The databases, each once.
    public var targets: [Target]

    /// Every role the plan makes: the owner first.
    public var roleNames: [String] { [roles.owner] + components.map(roles.runtime) }

    /// Plans the grants.
    /// - Parameters:
    ///   - databases: each deployment database given and where it is; two may be the same database.
    /// - Throws: `DeploymentError` when a database does not belong to the layout, is one wso2db does
    ///   not manage, or none is given.
    public static func make(
        layout: DeploymentLayout, mode: DeploymentMode, components: [DeploymentComponent], roles: RoleNames,
        databases: [(DeploymentDatabase, DatabaseURL)]
    ) throws -> GrantPlan {
        guard !databases.isEmpty else {
            let names = DeploymentMatrix.databases(of: layout).filter { $0.catalogDatabase != nil }.map { "--\($0.rawValue) URL" }
            throw DeploymentError.invalidInput(
                "no database to grant on", hint: "give the \(layout.title) databases: \(names.joined(separator: " "))")
        }
        var targets: [Target] = []
        for (database, url) in databases {
            guard DeploymentMatrix.databases(of: layout).contains(database), database.catalogDatabase != nil else {
                throw DeploymentError.invalidInput(
                    "\(database.wso2Name) is not a database of \(layout.title) that wso2db manages",
                    hint: layout == .apim2 ? "API-M 2.x has --am, --um and --reg" : "API-M 3.x/4.x has --am and --shared; use --layout 2.x for --um and --reg")
            }
            if let index = targets.firstIndex(where: { $0.url == url }) {
                targets[index].holds.append(database)
            } else {
                targets.append(Target(url: url, holds: [database], grants: []))
            }
        }
        for index in targets.indices {
            targets[index].grants = components.sorted().map { component in
                let access = targets[index].holds.map { DeploymentMatrix.access(to: $0, by: component, in: layout, mode: mode) }.max() ?? .none
                return AccessGrant(role: roles.runtime(component), access: access)
            }
        }
        return GrantPlan(layout: layout, mode: mode, roles: roles, components: components.sorted(), targets: targets)
    }
}

extension GrantPlan.Target {
    /// `WSO2_AM_DB` or `WSO2UM_DB + WSO2REG_DB`, for messages.
    public var title: String { holds.map(\.wso2Name).joined(separator: " + ") }
}
