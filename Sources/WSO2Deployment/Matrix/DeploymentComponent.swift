import Foundation

/// The two database layouts of API Manager a deployment can have.
public enum DeploymentLayout: String, CaseIterable, Sendable {
    /// API-M 2.x: five databases, user management (WSO2UM_DB) and registry (WSO2REG_DB) apart.
    case apim2 = "2.x"
    /// API-M 3.x and 4.x: user management and registry unified as WSO2_SHARED_DB.
    case apim4 = "4.x"

    /// Accepts `2.x`, `2`, `3.x`, `4.x`, `4` and full versions such as `2.6.0` or `4.7.0`.
    public init?(argument: String) {
        let text = argument.lowercased().trimmingPrefix("v")
        switch text.first {
        case "2": self = .apim2
        case "3", "4": self = .apim4
        default: return nil
        }
    }

    /// `API-M 2.x` or `API-M 3.x/4.x`, for messages.
    public var title: String { self == .apim2 ? "API-M 2.x" : "API-M 3.x/4.x" }
}

/// A component of a distributed API Manager deployment: each runs on nodes of its own (or, in
/// API-M 4.x, Publisher, Developer Portal and Key Manager together in a control-plane node).
///
/// Profile names are WSO2's `-Dprofile=` values and `[server] server_role` values, as WSO2's
/// documentation gives them (install-and-setup/setup/distributed-deployment/product-profiles and
/// deploying-wso2-api-m-in-a-distributed-setup of API-M 3.2.0, 4.1.0 and 4.3.0):
/// - 3.x: `api-publisher`, `api-devportal` (whose sample `deployment.toml` says `server_role = "api-store"`),
///   `api-key-manager`, `gateway-worker`, `traffic-manager`;
/// - 4.x: `control-plane` (Publisher, Developer Portal and Key Manager, and the Traffic Manager unless
///   it runs apart), `gateway-worker`, `traffic-manager`; 4.3.0 adds `api-key-manager-node`.
public enum DeploymentComponent: String, CaseIterable, Sendable, Comparable {
    case publisher
    case devportal
    case keyManager = "key-manager"
    case gateway
    case trafficManager = "traffic-manager"

    /// The component's name in WSO2's documentation (`Store` was the 2.x Developer Portal).
    public func title(in layout: DeploymentLayout) -> String {
        switch self {
        case .publisher: "Publisher"
        case .devportal: layout == .apim2 ? "Store (Developer Portal)" : "Developer Portal"
        case .keyManager: "Key Manager"
        case .gateway: "Gateway"
        case .trafficManager: "Traffic Manager"
        }
    }

    /// The `-Dprofile=` names a node of this component starts with, as WSO2's product-profiles pages
    /// give them: 2.6.0 (`api-store` for the Store), 3.2.0 (`api-devportal`), 4.1.0–4.3.0 (`control-plane`
    /// for Publisher, Developer Portal and Key Manager together; `api-key-manager-node` from 4.3.0).
    public func profiles(in layout: DeploymentLayout) -> [String] {
        switch (self, layout) {
        case (.publisher, .apim2): ["api-publisher"]
        case (.publisher, .apim4): ["api-publisher", "control-plane"]
        case (.devportal, .apim2): ["api-store"]
        case (.devportal, .apim4): ["api-devportal", "control-plane"]
        case (.keyManager, .apim2): ["api-key-manager"]
        case (.keyManager, .apim4): ["api-key-manager", "control-plane", "api-key-manager-node"]
        case (.gateway, .apim2): ["gateway-manager", "gateway-worker"]
        case (.gateway, .apim4): ["gateway-worker"]
        case (.trafficManager, _): ["traffic-manager"]
        }
    }

    /// The short name wso2db uses for its role (`wso2am_keymanager`).
    public var roleSuffix: String { rawValue.replacingOccurrences(of: "-", with: "") }

    /// The components a name stands for: a component (`key-manager`, `keymanager`, `km`, `store`…) or a
    /// WSO2 profile (`api-publisher`, `control-plane`, `gateway-worker`, …).
    public static func named(_ name: String) -> [DeploymentComponent]? {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "publisher", "api-publisher", "pub": [.publisher]
        case "devportal", "developer-portal", "api-devportal", "store", "api-store": [.devportal]
        case "key-manager", "keymanager", "km", "api-key-manager", "api-key-manager-node": [.keyManager]
        case "gateway", "gw", "gateway-worker", "gateway-manager": [.gateway]
        case "traffic-manager", "trafficmanager", "tm": [.trafficManager]
        case "control-plane", "cp": [.publisher, .devportal, .keyManager]
        default: nil
        }
    }

    public static func < (lhs: DeploymentComponent, rhs: DeploymentComponent) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
