import Foundation

/// What wso2db needs from a Carbon `registry.xml` (API-M 2.x, `repository/conf/`): the JNDI name of
/// the datasource that holds the governance registry (`REG_*` tables with the APIs, their swagger
/// and documents), and how it was found.
///
/// The governance registry is the `<mount path="/_system/governance">`: its `<instanceId>` names a
/// `<remoteInstance>` by `<id>`, whose `<dbConfig>` names a `<dbConfig name="…">`, whose
/// `<dataSource>` is the JNDI name. A file with no governance mount keeps the governance registry
/// in the local one: the `<dbConfig>` named by `<currentDBConfig>` (`wso2registry` by default).
/// Handlers, indexing, media types and comments are ignored.
public struct RegistryConfig: Sendable {
    /// The file read.
    public let file: String
    /// The JNDI name of the governance registry's datasource, for example `jdbc/WSO2REG_DB`.
    public let dataSource: String
    /// Whether a `/_system/governance` mount led to it (`false`: the local registry's dbConfig).
    public let mounted: Bool
    /// How the datasource was found, for a person: the chain of references followed.
    public let reason: String

    /// Reads a `registry.xml`.
    /// - Throws: `ConfigError` when the file cannot be read or parsed, or a reference leads nowhere.
    public init(file: String) throws {
        let data = try ConfigError.contents(of: file, hint: "check the path: an API-M 2.x home has repository/conf/registry.xml")
        try self.init(data: data, file: file)
    }

    /// Reads a `registry.xml` given as bytes; `file` names it in messages.
    public init(data: Data, file: String) throws {
        let root = try XMLTree(data: data, file: file).root
        guard root.name == "wso2registry" else {
            throw ConfigError(.malformed, "the root element is <\(root.name)>, not <wso2registry>", file: file)
        }
        self.file = file
        func dbConfig(_ name: String, _ via: String) throws -> String {
            guard let config = root.all("dbConfig").first(where: { $0.attribute("name") == name }) else {
                throw ConfigError(.brokenReference, "\(via) names <dbConfig name=\"\(name)\">, which the file does not have", file: file)
            }
            guard let source = config.first("dataSource")?.value, !source.isEmpty else {
                throw ConfigError(.brokenReference, "<dbConfig name=\"\(name)\"> has no <dataSource>", file: file)
            }
            return source
        }
        if let mount = root.all("mount").first(where: { Self.isGovernance($0.attribute("path")) }) {
            guard let instanceID = mount.first("instanceId")?.value, !instanceID.isEmpty else {
                throw ConfigError(.brokenReference, "the /_system/governance mount has no <instanceId>", file: file)
            }
            guard let instance = root.all("remoteInstance").first(where: { $0.first("id")?.value == instanceID }) else {
                throw ConfigError(
                    .brokenReference, "the /_system/governance mount uses instance \(instanceID), but no <remoteInstance> has that <id>", file: file)
            }
            guard let configName = instance.first("dbConfig")?.value, !configName.isEmpty else {
                throw ConfigError(.brokenReference, "<remoteInstance> \(instanceID) has no <dbConfig>", file: file)
            }
            dataSource = try dbConfig(configName, "<remoteInstance> \(instanceID)")
            mounted = true
            reason =
                "registry.xml mounts /_system/governance from remote instance \(instanceID), "
                + "whose dbConfig \(configName) uses \(dataSource)"
        } else {
            let current = root.first("currentDBConfig")?.value ?? ""
            let configName = current.isEmpty ? "wso2registry" : current
            dataSource = try dbConfig(configName, "<currentDBConfig>")
            mounted = false
            reason =
                "registry.xml mounts no /_system/governance, so the governance registry is in the local registry: "
                + "dbConfig \(configName) uses \(dataSource)"
        }
    }

    private static func isGovernance(_ path: String?) -> Bool {
        guard let path else { return false }
        var trimmed = path.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed == "/_system/governance"
    }
}
