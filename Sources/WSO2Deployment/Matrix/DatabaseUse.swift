import SQLDriver

/// When a component uses a database, as WSO2's matrix says.
public enum DatabaseUse: Sendable, Hashable {
    /// Always: the component reads and writes its tables.
    case always
    /// Only when the deployment has tenants ("in multi-tenancy mode").
    case multiTenancy
    /// When the deployment has tenants, or runs several Gateways and Google Analytics ("in
    /// multi-tenancy mode / in multiple gateway mode when Google Analytics is used").
    case multiTenancyOrMultipleGatewaysWithGoogleAnalytics
    /// Not used, but the node opens a connection to it at start-up and must be able to (the API-M 2.x
    /// Gateway and WSO2_AM_DB).
    case connectOnly
    /// Used, and each node of the component must have one of its own (the API-M 2.x Traffic
    /// Manager's Message Broker store).
    case ownPerNode

    /// A stable name for JSON.
    public var code: String {
        switch self {
        case .always: "always"
        case .multiTenancy: "multi-tenancy"
        case .multiTenancyOrMultipleGatewaysWithGoogleAnalytics: "multi-tenancy-or-multiple-gateways-with-google-analytics"
        case .connectOnly: "connect-only"
        case .ownPerNode: "own-per-node"
        }
    }

    /// The matrix's words.
    public var words: String {
        switch self {
        case .always: "used"
        case .multiTenancy: "used with tenants"
        case .multiTenancyOrMultipleGatewaysWithGoogleAnalytics: "used with tenants, or several Gateways and Google Analytics"
        case .connectOnly: "connect only (opened at start-up, never read)"
        case .ownPerNode: "used, each node its own"
        }
    }

    /// Whether the component reads and writes the database's tables in a deployment of `mode`.
    public func readsAndWrites(in mode: DeploymentMode) -> Bool {
        switch self {
        case .always, .ownPerNode: true
        case .multiTenancy: mode.multiTenant
        case .multiTenancyOrMultipleGatewaysWithGoogleAnalytics: mode.multiTenant || mode.multipleGatewaysWithGoogleAnalytics
        case .connectOnly: false
        }
    }
}

/// What decides the conditional entries of the matrix.
public struct DeploymentMode: Sendable, Hashable {
    /// The deployment has tenants besides the super tenant.
    public var multiTenant: Bool
    /// The deployment runs several Gateways and publishes to Google Analytics.
    public var multipleGatewaysWithGoogleAnalytics: Bool

    /// Creates a mode.
    public init(multiTenant: Bool = false, multipleGatewaysWithGoogleAnalytics: Bool = false) {
        self.multiTenant = multiTenant
        self.multipleGatewaysWithGoogleAnalytics = multipleGatewaysWithGoogleAnalytics
    }
}

extension DatabaseUse {
    /// The access the use calls for in `mode`: what `grants` gives the component's role and what
    /// `check-deployment` expects of its node.
    public func access(in mode: DeploymentMode) -> AccessLevel {
        if readsAndWrites(in: mode) { return .readWrite }
        return self == .connectOnly ? .connectOnly : .none
    }
}
