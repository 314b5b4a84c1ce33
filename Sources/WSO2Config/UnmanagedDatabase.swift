import Foundation

/// The databases of an API-M node that wso2db does not create, migrate or check, recognised by the
/// names WSO2 gives their datasources so that they are named, not mistaken for one wso2db owns.
///
/// - The Carbon database (`WSO2_CARBON_DB`, JNDI `jdbc/WSO2CarbonDB`; `[database.local]` in a 3.x/4.x
///   `deployment.toml`) and the Message Broker store (`WSO2_MB_STORE_DB`, `jdbc/WSO2MBStoreDB`) are,
///   in WSO2's words, internal stores "managed locally by the respective product instance", which
///   users "should not configure … to use an external RDBMS" (API-M 3.x documentation,
///   install-and-setup/setup/distributed-deployment/understanding-the-distributed-deployment-of-wso2-api-m).
///   In API-M 2.x each Traffic Manager node needs a Message Broker store of its own.
/// - The statistics database (`WSO2AM_STATS_DB`, also written `WSO2_STAT_DB`) belongs to API-M 2.x
///   Analytics, whose own server creates its tables; its schema is not in WSO2's `dbscripts` for
///   API-M that wso2db is built from.
public enum UnmanagedDatabase: String, CaseIterable, Sendable {
    /// Each node's local Carbon database.
    case carbon
    /// The Message Broker store (the Traffic Manager's, in API-M 2.x).
    case messageBroker = "mb-store"
    /// The API-M 2.x statistics database of API-M Analytics.
    case statistics = "stats"

    /// The name WSO2's documentation gives it.
    public var wso2Name: String {
        switch self {
        case .carbon: "WSO2_CARBON_DB"
        case .messageBroker: "WSO2_MB_STORE_DB"
        case .statistics: "WSO2AM_STATS_DB"
        }
    }

    /// Datasource names and JNDI names (without `jdbc/`) that mean this database, in upper case.
    public var datasourceNames: [String] {
        switch self {
        case .carbon: ["WSO2_CARBON_DB", "WSO2CARBONDB", "WSO2CARBON_DB", "[DATABASE.LOCAL]", "LOCAL"]
        case .messageBroker: ["WSO2_MB_STORE_DB", "WSO2MBSTOREDB", "WSO2MB_STORE_DB", "MB_STORE_DB"]
        case .statistics: ["WSO2AM_STATS_DB", "WSO2_STAT_DB", "WSO2AM_STAT_DB", "WSO2_STATS_DB", "STAT_DB", "STATS_DB"]
        }
    }

    /// Why wso2db leaves it alone, for messages.
    public var reason: String {
        switch self {
        case .carbon:
            "the Carbon database is each node's own local store of internal data, which WSO2 says to keep on the node (embedded H2), not on a shared RDBMS; wso2db does not create or migrate it"
        case .messageBroker:
            "the Message Broker store is each node's own local store of broker data (in API-M 2.x each Traffic Manager needs its own), which WSO2 says not to put on a shared RDBMS; wso2db does not create or migrate it"
        case .statistics:
            "the statistics database is API-M 2.x Analytics' own, whose tables the Analytics server creates; wso2db does not create or migrate it"
        }
    }

    /// The database a datasource name or JNDI name (with or without `jdbc/`) means, if it is one of these.
    public init?(datasourceName name: String) {
        var key = name.trimmingCharacters(in: .whitespaces).uppercased()
        if key.hasPrefix("JDBC/") { key.removeFirst(5) }
        guard let found = Self.allCases.first(where: { $0.datasourceNames.contains(key) }) else { return nil }
        self = found
    }

    /// The database `datasource` is, by its name or JNDI name, if it is one of these.
    public init?(_ datasource: Datasource) {
        if let found = UnmanagedDatabase(datasourceName: datasource.name) ?? datasource.jndiName.flatMap(UnmanagedDatabase.init(datasourceName:)) {
            self = found
        } else {
            return nil
        }
    }
}
