import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Config

/// Checks the nodes of one deployment against WSO2's matrix and against each other: each node's
/// databases reached with its own credentials, told apart by identity (not URL spelling), placed
/// (which WSO2 database, which release, drifted or not), and its privileges held against its
/// component's; then across nodes, one copy of each shared database and tenants' needs.
public enum DeploymentCheck {
    /// What the caller gives the check to reach databases with (it holds the driver registry and the
    /// detector, which the library does not depend on).
    public struct Environment {
        /// Opens a database to read.
        public var open: (DatabaseURL) throws -> any DatabaseConnection
        /// Which WSO2 database a connection holds, its version and its differences from it.
        public var detect: (any DatabaseConnection) throws -> (database: WSO2Database, version: String, differences: Int)?
        /// Where passwords come from besides the configuration.
        public var passwords: PasswordSources

        /// Creates an environment.
        public init(
            open: @escaping (DatabaseURL) throws -> any DatabaseConnection,
            detect: @escaping (any DatabaseConnection) throws -> (database: WSO2Database, version: String, differences: Int)?,
            passwords: PasswordSources
        ) {
            self.open = open
            self.detect = detect
            self.passwords = passwords
        }
    }

    /// What was seen of one node's database.
    public struct Observation: Sendable {
        /// The node.
        public var node: String
        /// The database.
        public var database: DeploymentDatabase
        /// What the matrix gives the node's components.
        public var expected: AccessLevel
        /// The URL (password masked), or why there is none (`the embedded H2 …`).
        public var place: String
        /// The physical database's identity, when it was reached.
        public var identity: String?
        /// What it holds: `WSO2_AM_DB 4.7.0`.
        public var holds: String?
        /// Its differences from that schema.
        public var differences: Int?
        /// What the node's user may do: `read-write`, `connect-only` or `none` (some tables only count as neither).
        public var access: String?
    }

    /// The result.
    public struct Report: Sendable {
        /// The layout of the nodes.
        public var layout: DeploymentLayout
        /// The mode checked against (tenants found or given).
        public var mode: DeploymentMode
        /// Tenants besides the super tenant, when a UM_TENANT table could be read.
        public var tenants: Int?
        /// The nodes.
        public var nodes: [DeploymentNode]
        /// Every node's databases.
        public var observations: [Observation]
        /// What is wrong, node by node, then across nodes.
        public var findings: [DeploymentFinding]
    }

    /// Runs the check.
    /// - Throws: `DeploymentError` when the nodes are of different layouts or none is given.
    public static func run(nodes: [DeploymentNode], mode given: DeploymentMode, environment: Environment) throws -> Report {
        guard let layout = nodes.first?.layout else {
            throw DeploymentError.invalidInput("no node to check", hint: "give each node as --node COMPONENT=PATH")
        }
        if let other = nodes.first(where: { $0.layout != layout }) {
            throw DeploymentError.invalidInput(
                "node \(other.label) is \(other.layout.title) and node \(nodes[0].label) \(layout.title): one deployment has one layout",
                hint: "check the nodes of one deployment at a time")
        }
        let probe = Probe(environment: environment)
        let tenants = try probe.tenants(nodes: nodes, layout: layout)
        var mode = given
        if let tenants, tenants > 0 { mode.multiTenant = true }
        var observations: [Observation] = []
        var findings: [DeploymentFinding] = []
        for node in nodes {
            for database in DeploymentMatrix.databases(of: layout) {
                let expected = node.components.map { DeploymentMatrix.access(to: database, by: $0, in: layout, mode: mode) }.max() ?? .none
                let (observation, found) = try probe.observe(node, database, expected: expected, mode: mode, tenants: tenants)
                observations.append(observation)
                findings += found
            }
        }
        findings += acrossNodes(observations, nodes: nodes, layout: layout)
        return Report(layout: layout, mode: mode, tenants: tenants, nodes: nodes, observations: observations, findings: deduplicated(findings))
    }

    /// One copy of each shared database; each Traffic Manager its own Message Broker store; drift said once per database.
    static func acrossNodes(_ observations: [Observation], nodes: [DeploymentNode], layout: DeploymentLayout) -> [DeploymentFinding] {
        var findings: [DeploymentFinding] = []
        for database in DeploymentMatrix.databases(of: layout) {
            let users = observations.filter { $0.database == database && $0.expected != .none && $0.identity != nil }
            var groups: [String: [Observation]] = [:]
            for observation in users { groups[observation.identity!, default: []].append(observation) }
            if database == .messageBroker {
                for (_, group) in groups where group.count > 1 {
                    findings.append(
                        DeploymentFinding(
                            kind: .shared, nodes: group.map(\.node), database: database,
                            problem: "these Traffic Managers share one Message Broker store (\(group[0].place)); each must have its own",
                            fix: "give each Traffic Manager node a WSO2_MB_STORE_DB of its own"))
                }
                continue
            }
            guard groups.count > 1 else { continue }
            let ranked = groups.values.sorted { $0.count > $1.count || ($0.count == $1.count && $0[0].node < $1[0].node) }
            let main = ranked[0]
            for other in ranked.dropFirst() {
                findings.append(
                    DeploymentFinding(
                        kind: .differentCopies, nodes: other.map(\.node), database: database,
                        problem: "points at \(other[0].place), another database than the \(database.wso2Name) of \(main.map(\.node).joined(separator: ", ")) (\(main[0].place)); every node must share one",
                        fix: "point this node's \(datasourceName(database, layout)) at \(main[0].place)"))
            }
        }
        return findings
    }

    /// The datasource that keeps `database` in a node's configuration, for fixes.
    static func datasourceName(_ database: DeploymentDatabase, _ layout: DeploymentLayout) -> String {
        switch (database, layout) {
        case (.am, .apim4): "[database.apim_db]"
        case (.shared, _): "[database.shared_db]"
        case (.am, .apim2): "WSO2AM_DB datasource"
        case (.um, _): "user-store datasource (WSO2UM_DB, the realm's dataSource in user-mgt.xml)"
        case (.reg, _): "registry datasource (WSO2REG_DB, the governance mount in registry.xml)"
        case (.stats, _): "WSO2AM_STATS_DB datasource"
        case (.messageBroker, _): "WSO2_MB_STORE_DB datasource"
        }
    }

    /// The same problem of one physical database (drift seen by several nodes) said once, naming them all.
    static func deduplicated(_ findings: [DeploymentFinding]) -> [DeploymentFinding] {
        var result: [DeploymentFinding] = []
        for finding in findings {
            if finding.kind == .drifted, let index = result.firstIndex(where: { $0.kind == .drifted && $0.problem == finding.problem && $0.database == finding.database }) {
                result[index].nodes += finding.nodes.filter { !result[index].nodes.contains($0) }
            } else {
                result.append(finding)
            }
        }
        return result
    }
}
