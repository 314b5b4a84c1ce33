import WSO2Catalog
import WSO2Config

/// A database of an API Manager deployment, whether wso2db owns it or not.
public enum DeploymentDatabase: String, CaseIterable, Sendable, Comparable {
    /// WSO2_AM_DB (apimgtdb).
    case am
    /// WSO2_SHARED_DB (shareddb), API-M 3.x/4.x.
    case shared
    /// WSO2UM_DB (userdb), API-M 2.x.
    case um
    /// WSO2REG_DB (regdb), API-M 2.x.
    case reg
    /// WSO2_STAT_DB / WSO2AM_STATS_DB (statdb), API-M 2.x.
    case stats
    /// WSO2_MB_STORE_DB (mbstoredb).
    case messageBroker = "mb-store"

    /// The name WSO2's documentation gives it.
    public var wso2Name: String {
        switch self {
        case .stats: "WSO2_STAT_DB"
        case .messageBroker: "WSO2_MB_STORE_DB"
        default: catalogDatabase!.wso2Name
        }
    }

    /// The catalog's database, for the four whose schema wso2db knows.
    public var catalogDatabase: WSO2Database? {
        switch self {
        case .am: .am
        case .shared: .shared
        case .um: .um
        case .reg: .reg
        case .stats, .messageBroker: nil
        }
    }

    /// Why wso2db leaves it alone, for the two it does not own.
    public var unmanaged: UnmanagedDatabase? {
        switch self {
        case .stats: .statistics
        case .messageBroker: .messageBroker
        default: nil
        }
    }

    /// The deployment database a catalog database is.
    public init(_ database: WSO2Database) {
        switch database {
        case .am: self = .am
        case .shared: self = .shared
        case .um: self = .um
        case .reg: self = .reg
        }
    }

    public static func < (lhs: DeploymentDatabase, rhs: DeploymentDatabase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
