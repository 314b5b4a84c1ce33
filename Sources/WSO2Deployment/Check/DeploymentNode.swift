import Foundation
import WSO2Config

/// One node of a deployment as its configuration describes it: which components it runs and where
/// each of its databases is.
public struct DeploymentNode: Sendable {
    /// Where a node keeps one database.
    public enum Place: Sendable {
        /// A datasource on an RDBMS.
        case datasource(Datasource)
        /// The embedded H2 database (a `jdbc:h2:` datasource, or none, which is API-M's default).
        case embedded(String)
    }

    /// The node's label: its component as given (`gateway`, `gateway#2` for a second one).
    public var label: String
    /// The components it runs.
    public var components: [DeploymentComponent]
    /// The API-M home or configuration file given.
    public var path: String
    /// The configuration file read.
    public var file: String
    /// Its layout, from the kind of file.
    public var layout: DeploymentLayout
    /// Where each database of the layout is.
    public var places: [DeploymentDatabase: Place]
    /// How the components were known: `given`, or the `server_role` they were inferred from.
    public var componentsFrom: String

    /// Reads a node: `path` is an API-M home, a `deployment.toml` or a `master-datasources.xml`.
    /// - Parameters:
    ///   - components: the components given with `COMPONENT=PATH`, or `nil` to infer them from the
    ///     configuration (`[server] server_role`).
    /// - Throws: `DeploymentError` when the files cannot be read or the components cannot be told.
    public static func read(
        label: String?, components given: [DeploymentComponent]?, path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DeploymentNode {
        do {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw DeploymentError.invalidInput("\(path) does not exist", hint: "give an API-M home, a deployment.toml or a master-datasources.xml")
            }
            let home = isFolder.boolValue ? APIMHome(path: path) : nil
            var file = path
            if let home {
                file = FileManager.default.fileExists(atPath: home.conf("deployment.toml"))
                    ? home.conf("deployment.toml") : home.conf("datasources/master-datasources.xml")
            }
            switch try ConfigFile.load(file, environment: environment) {
            case .deployment(let config):
                let components = try given ?? inferred(from: config.serverRole, file: file)
                let places: [DeploymentDatabase: Place] = [
                    .am: place(config.datasource(section: "apim_db"), missing: "no [database.apim_db]: the embedded H2 default"),
                    .shared: place(config.datasource(section: "shared_db"), missing: "no [database.shared_db]: the embedded H2 default"),
                ]
                return DeploymentNode(
                    label: label ?? components.map(\.rawValue).joined(separator: "+"), components: components, path: path, file: file,
                    layout: .apim4, places: places, componentsFrom: given == nil ? "server_role \(config.serverRole ?? "")" : "given")
            case .datasources(let config):
                guard let given else {
                    throw DeploymentError.invalidInput(
                        "\(file) does not say which component the node runs (API-M 2.x keeps that in the start-up -Dprofile)",
                        hint: "give it as --node COMPONENT=\(path), COMPONENT one of publisher, devportal, key-manager, gateway, traffic-manager")
                }
                var places: [DeploymentDatabase: Place] = [:]
                places[.am] = place(config.datasource(named: "WSO2AM_DB") ?? config.datasource(named: "WSO2_AM_DB"), missing: "no WSO2AM_DB datasource")
                places[.um] = try legacyPlace(home.map { try $0.legacyUserManagementDatabase().datasource }, config, names: DatabaseRole.um.datasourceNames)
                places[.reg] = try legacyPlace(home.map { try $0.legacyRegistryDatabase().datasource }, config, names: DatabaseRole.reg.datasourceNames)
                places[.stats] = place(
                    UnmanagedDatabase.statistics.datasourceNames.lazy.compactMap(config.datasource(named:)).first, missing: "no statistics datasource")
                places[.messageBroker] = place(
                    UnmanagedDatabase.messageBroker.datasourceNames.lazy.compactMap(config.datasource(named:)).first,
                    missing: "no WSO2_MB_STORE_DB datasource")
                return DeploymentNode(
                    label: label ?? given.map(\.rawValue).joined(separator: "+"), components: given, path: path, file: file, layout: .apim2,
                    places: places, componentsFrom: "given")
            }
        } catch let error as ConfigError {
            throw DeploymentError.invalidInput("node \(label ?? path): \(error.description)")
        }
    }

    static func place(_ datasource: Datasource?, missing: String) -> Place {
        guard let datasource else { return .embedded(missing) }
        return datasource.isEmbeddedH2 ? .embedded("\(datasource.name) is on the embedded H2") : .datasource(datasource)
    }

    /// A 2.x UM or REG database: through `user-mgt.xml` / `registry.xml` when a home was given, else by name.
    static func legacyPlace(_ fromHome: Datasource?, _ config: MasterDatasources, names: [String]) throws -> Place {
        if let fromHome { return place(fromHome, missing: "") }
        return place(names.lazy.compactMap(config.datasource(named:)).first, missing: "no \(names[0]) datasource: the Carbon database (embedded H2)")
    }

    /// The components a `server_role` names.
    static func inferred(from role: String?, file: String) throws -> [DeploymentComponent] {
        guard let role, let components = DeploymentComponent.named(role) else {
            throw DeploymentError.invalidInput(
                "\(file) does not say which component the node runs" + (role.map { " (server_role = \"\($0)\")" } ?? " (no [server] server_role)"),
                hint: "give it as --node COMPONENT=PATH, COMPONENT one of publisher, devportal, key-manager, gateway, traffic-manager, control-plane")
        }
        return components
    }
}
