import ArgumentParser
import Foundation
import SQLDriver
import WSO2Config
import WSO2Deployment
import WSO2Migrator

/// `wso2db check-deployment`: the nodes of one deployment, held against WSO2's matrix and each other.
struct CheckDeployment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-deployment",
        abstract: "Check the nodes of one API-M deployment: their databases, privileges and copies, against WSO2's matrix.",
        discussion: """
            Each node is --node COMPONENT=PATH (or --node PATH when its deployment.toml says [server] server_role), PATH \
            being its API-M home, deployment.toml or master-datasources.xml; COMPONENT is publisher, devportal, \
            key-manager, gateway, traffic-manager or control-plane. Each database is reached with the node's own \
            credentials, told apart by identity, placed (which WSO2 database and release, drifted or not), and the \
            node's privileges held against its component's; across nodes, every node that must share a database \
            must point at the same one, and Gateways need the shared database when UM_TENANT holds tenants.

            Findings, one a line with the fix, on stdout. Exit status: 0 clean, 1 findings, 2 could not check.
            """
    )

    @Option(name: .customLong("node"), help: ArgumentHelp("A node: COMPONENT=PATH or PATH (repeatable).", valueName: "node"))
    var nodes: [String] = []

    @OptionGroup var modeOptions: ModeOptions

    @Flag(name: .customLong("password-stdin"), help: "Read a PostgreSQL password for datasources that give none (or keep it in the secure vault).")
    var passwordStdin = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if nodes.isEmpty { throw ValidationError("give the deployment's nodes: --node COMPONENT=PATH, once per node") }
    }

    func run() throws {
        let console = output.console()
        let report = try reportingFailures(console) {
            let passwords = try PasswordInput.sources(reading: passwordStdin)
            var labels: [String: Int] = [:]
            let nodes = try deploymentFailures {
                try self.nodes.map { argument in
                    var components: [DeploymentComponent]?
                    var path = argument
                    var label: String?
                    if let equals = argument.firstIndex(of: "="), let named = DeploymentComponent.named(String(argument[..<equals])) {
                        components = named
                        path = String(argument[argument.index(after: equals)...])
                        label = String(argument[..<equals]).lowercased()
                    }
                    var node = try DeploymentNode.read(label: label, components: components, path: path)
                    labels[node.label, default: 0] += 1
                    if labels[node.label]! > 1 { node.label += "#\(labels[node.label]!)" }
                    return node
                }
            }
            for node in nodes {
                console.log.info("wso2db: \(node.label): \(node.components.map(\.rawValue).joined(separator: ", ")) (\(node.componentsFrom)) from \(node.file)")
            }
            let environment = DeploymentCheck.Environment(
                open: { try console.open($0, for: .read) },
                detect: { connection in
                    try Detector.detect(on: connection).match.map { ($0.database, $0.version, $0.differences) }
                },
                passwords: passwords)
            let report = try deploymentFailures { try DeploymentCheck.run(nodes: nodes, mode: modeOptions.mode, environment: environment) }
            switch format {
            case .json: try printJSON(CheckDeploymentJSON(report))
            case .text: print(Self.text(report), terminator: "")
            }
            return report
        }
        if !report.findings.isEmpty { throw Exit.mismatch }
    }

    static func text(_ report: DeploymentCheck.Report) -> String {
        var text = "check-deployment: \(report.nodes.count) nodes, \(report.layout.title), "
        text += report.mode.multiTenant ? "multi-tenant" : "single tenant"
        if let tenants = report.tenants { text += " (UM_TENANT holds \(tenants))" }
        text += "\n"
        for node in report.nodes {
            text += "  \(node.label) (\(node.components.map(\.rawValue).joined(separator: ", "))): \(node.file)\n"
            for observation in report.observations where observation.node == node.label && (observation.expected != .none || observation.identity != nil) {
                var line = "    \(observation.database.wso2Name) \(observation.expected.rawValue): \(observation.place)"
                if let holds = observation.holds { line += ", \(holds)" + (observation.differences.map { $0 == 0 ? "" : ", \($0) differences" } ?? "") }
                if let access = observation.access { line += ", user has \(access)" }
                text += line + "\n"
            }
        }
        if report.findings.isEmpty { return text + "no findings: every node matches WSO2's deployment matrix\n" }
        text += "\(report.findings.count) \(report.findings.count == 1 ? "finding" : "findings"):\n"
        return text + report.findings.map { $0.description + "\n" }.joined()
    }
}

/// `check-deployment --format json`.
struct CheckDeploymentJSON: Encodable {
    struct Node: Encodable {
        struct Database: Encodable {
            let database: String
            let expected: String
            let place: String
            @AlwaysPresent var identity: String?
            @AlwaysPresent var holds: String?
            @AlwaysPresent var differences: Int?
            @AlwaysPresent var access: String?
        }

        let node: String
        let components: [String]
        let file: String
        let databases: [Database]
    }

    struct Finding: Encodable {
        let kind: String
        let nodes: [String]
        @AlwaysPresent var database: String?
        let problem: String
        let fix: String
    }

    let layout: String
    let multiTenant: Bool
    @AlwaysPresent var tenants: Int?
    let nodes: [Node]
    let findings: [Finding]
    let clean: Bool

    init(_ report: DeploymentCheck.Report) {
        layout = report.layout.rawValue
        multiTenant = report.mode.multiTenant
        tenants = report.tenants
        nodes = report.nodes.map { node in
            Node(
                node: node.label, components: node.components.map(\.rawValue), file: node.file,
                databases: report.observations.filter { $0.node == node.label }.map {
                    Node.Database(
                        database: $0.database.wso2Name, expected: $0.expected.rawValue, place: $0.place, identity: $0.identity, holds: $0.holds,
                        differences: $0.differences, access: $0.access)
                })
        }
        findings = report.findings.map {
            Finding(kind: $0.kind.rawValue, nodes: $0.nodes, database: $0.database?.wso2Name, problem: $0.problem, fix: $0.fix)
        }
        clean = report.findings.isEmpty
    }
}
