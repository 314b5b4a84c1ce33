import SQLDriver

/// Which component of API Manager uses which database, as WSO2 documents it, and nothing more.
///
/// Sources (WSO2's API-M documentation, "Understanding the distributed deployment of WSO2 API-M",
/// install-and-setup/setup/distributed-deployment/understanding-the-distributed-deployment-of-wso2-api-m):
/// - API-M 2.x (2.1.0–2.6.0 pages): the five-database table (Publisher and Store use AM, UM, REG and
///   STAT; Key Manager AM and UM, REG in multi-tenancy mode; Gateway UM in multi-tenancy mode, REG in
///   multi-tenancy mode or multiple-Gateway mode with Google Analytics, not AM; Traffic Manager only the
///   Message Broker store), and its notes: the Gateway's connection to the AM database is required
///   though never used ("do not remove the default configuration in master-datasources.xml"), and each
///   Traffic Manager node must have its own WSO2_MB_STORE_DB.
/// - API-M 3.x/4.x (3.0.0 page): Publisher, Developer Portal and Key Manager use WSO2_AM_DB and
///   WSO2_SHARED_DB; the Gateway uses WSO2_SHARED_DB in multi-tenancy mode or multiple-Gateway mode
///   with Google Analytics, not WSO2_AM_DB; the Traffic Manager uses neither. The Carbon and Message
///   Broker databases are local internal stores of each node, not to be put on an external RDBMS.
///
/// Where the documentation disagrees with itself: from 3.2.0 on the same page's table, and the 4.x
/// profile table, list the Traffic Manager (profile) as using both databases, and the 3.x sample
/// Traffic Manager `deployment.toml` points `apim_db` and `shared_db` at the shared RDBMS, while the
/// 4.x samples keep them on the node's embedded H2. wso2db follows the component table (3.0.0):
/// the Traffic Manager uses neither; a deployment whose Traffic Managers share the AM database gets a
/// finding it can weigh, and `grants` gives the Traffic Manager role nothing.
public enum DeploymentMatrix {
    /// One entry: a component uses a database in some condition. Pairs not listed are not used.
    public struct Entry: Sendable, Hashable {
        /// The component.
        public var component: DeploymentComponent
        /// The database.
        public var database: DeploymentDatabase
        /// When the component uses it.
        public var use: DatabaseUse
    }

    /// The databases of a layout, in the order WSO2's table gives them.
    public static func databases(of layout: DeploymentLayout) -> [DeploymentDatabase] {
        switch layout {
        case .apim2: [.am, .um, .reg, .stats, .messageBroker]
        case .apim4: [.am, .shared]
        }
    }

    /// Every entry of a layout, component by component.
    public static func entries(of layout: DeploymentLayout) -> [Entry] {
        func entry(_ component: DeploymentComponent, _ database: DeploymentDatabase, _ use: DatabaseUse) -> Entry {
            Entry(component: component, database: database, use: use)
        }
        switch layout {
        case .apim2:
            return [
                entry(.publisher, .am, .always), entry(.publisher, .um, .always), entry(.publisher, .reg, .always),
                entry(.publisher, .stats, .always),
                entry(.devportal, .am, .always), entry(.devportal, .um, .always), entry(.devportal, .reg, .always),
                entry(.devportal, .stats, .always),
                entry(.keyManager, .am, .always), entry(.keyManager, .um, .always), entry(.keyManager, .reg, .multiTenancy),
                entry(.gateway, .am, .connectOnly), entry(.gateway, .um, .multiTenancy),
                entry(.gateway, .reg, .multiTenancyOrMultipleGatewaysWithGoogleAnalytics),
                entry(.trafficManager, .messageBroker, .ownPerNode),
            ]
        case .apim4:
            return [
                entry(.publisher, .am, .always), entry(.publisher, .shared, .always),
                entry(.devportal, .am, .always), entry(.devportal, .shared, .always),
                entry(.keyManager, .am, .always), entry(.keyManager, .shared, .always),
                entry(.gateway, .shared, .multiTenancyOrMultipleGatewaysWithGoogleAnalytics),
            ]
        }
    }

    /// How `component` uses `database` in `layout`, or `nil` when it does not use it at all.
    public static func use(of database: DeploymentDatabase, by component: DeploymentComponent, in layout: DeploymentLayout) -> DatabaseUse? {
        entries(of: layout).first { $0.component == component && $0.database == database }?.use
    }

    /// The access `component` needs to `database` in a deployment of `mode`.
    public static func access(
        to database: DeploymentDatabase, by component: DeploymentComponent, in layout: DeploymentLayout, mode: DeploymentMode
    ) -> AccessLevel {
        use(of: database, by: component, in: layout)?.access(in: mode) ?? .none
    }

    /// The databases every node keeps to itself (not in the matrix, never on a shared RDBMS).
    public static func localDatabases(of layout: DeploymentLayout) -> [String] {
        layout == .apim2 ? ["WSO2_CARBON_DB"] : ["WSO2_CARBON_DB", "WSO2_MB_STORE_DB"]
    }
}
