import ConfigFixtures
import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing
import WSO2Catalog

/// `wso2db check-deployment` over a five-node API-M 4.x deployment described by real
/// `deployment.toml` files, on a real PostgreSQL with the roles `grants --apply` made: once as it
/// should be, and once with each mistake users make, each found, named and with its fix.
@Suite("wso2db check-deployment")
struct CheckDeploymentTests {
    /// The mistakes planted, one per run.
    enum Mistake: String, CaseIterable, Sendable {
        case none
        case wrongDatabase, differentCopy, tooManyPrivileges, tooFewPrivileges, gatewayWithoutSharedWithTenants, drifted
    }

    /// A deployment: its databases, roles and node files.
    struct Deployment {
        let server: LocalPostgres
        let am: String
        let shared: String
        let prefix: String
        let folder: String

        func jdbc(_ database: String) -> String {
            "jdbc:postgresql://" + server.baseURL.split(separator: "@").last! + "/" + database
        }

        /// Writes the five nodes' files; `change` may alter one node's databases or user.
        func nodes(_ change: (inout [String: (apim: String?, shared: String?, user: String)]) -> Void = { _ in }) throws -> [String] {
            var nodes: [String: (apim: String?, shared: String?, user: String)] = [
                "publisher": (jdbc(am), jdbc(shared), "\(prefix)_publisher"),
                "devportal": (jdbc(am), jdbc(shared), "\(prefix)_devportal"),
                "key-manager": (jdbc(am), jdbc(shared), "\(prefix)_keymanager"),
                "gateway": (nil, nil, "\(prefix)_gateway"),
                "traffic-manager": (nil, nil, "\(prefix)_trafficmanager"),
            ]
            change(&nodes)
            // The Publisher, Developer Portal and Key Manager are named on the command line (their 3.x-style
            // roles say so too); the Gateway and Traffic Manager are known by their server_role.
            let roles = ["publisher": "api-publisher", "devportal": "api-devportal", "key-manager": "api-key-manager", "gateway": "gateway-worker", "traffic-manager": "traffic-manager"]
            return try nodes.keys.sorted().flatMap { name -> [String] in
                let node = nodes[name]!
                let home = folder + "/" + name
                try Fixtures.write(
                    Fixtures.nodeTOML(role: roles[name]!, apim: node.apim, shared: node.shared, user: node.user), to: home + "/repository/conf/deployment.toml")
                return ["--node", name == "gateway" || name == "traffic-manager" ? home : "\(name)=\(home)"]
            }
        }
    }

    static func deploy() throws -> Deployment {
        let server = try LocalPostgres.shared()
        let am = try server.createDatabase(prefix: "cam")
        let shared = try server.createDatabase(prefix: "csh")
        for (database, name) in [("am", am), ("shared", shared)] {
            let created = try BuiltBinary.wso2db(["create", database, "--url", server.url(database: name), "-q"])
            try #require(created.status == 0, "\(created.standardError)")
        }
        let prefix = "c\(UUID().uuidString.prefix(8).lowercased().filter(\.isLetter))"
        try grant(server, prefix: prefix, am: am, shared: shared)
        return Deployment(server: server, am: am, shared: shared, prefix: prefix, folder: try Fixtures.folder())
    }

    static func grant(_ server: LocalPostgres, prefix: String, am: String, shared: String) throws {
        let granted = try BuiltBinary.wso2db(
            ["grants", "--apply", "--role-prefix", prefix, "--am", server.url(database: am), "--shared", server.url(database: shared), "-q"])
        try #require(granted.status == 0, "\(granted.standardError)")
    }

    @Test("five nodes: clean is exit 0; each planted mistake is found, named, with its fix (exit 1)", arguments: Mistake.allCases)
    func check(mistake: Mistake) throws {
        let deployment = try Self.deploy()
        let server = deployment.server
        var nodes = try deployment.nodes()
        // What the finding must say: its kind, the node it names, and words of the problem and the fix.
        var expected: (kind: String, node: String, problem: String, fix: String)?
        switch mistake {
        case .none:
            break
        case .wrongDatabase:
            nodes = try deployment.nodes { $0["key-manager"]!.apim = deployment.jdbc(deployment.shared) }
            expected = ("wrong-database", "key-manager", "holds WSO2_SHARED_DB 4.7.0, not WSO2_AM_DB", "point it at the deployment's WSO2_AM_DB")
        case .differentCopy:
            let copy = try server.createDatabase(prefix: "ccp")
            try #require(try BuiltBinary.wso2db(["create", "am", "--url", server.url(database: copy), "-q"]).status == 0)
            try Self.grant(server, prefix: deployment.prefix, am: copy, shared: deployment.shared)
            nodes = try deployment.nodes { $0["devportal"]!.apim = deployment.jdbc(copy) }
            expected = ("different-copies", "devportal", "another database than the WSO2_AM_DB of", "point this node's [database.apim_db] at")
        case .tooManyPrivileges:
            nodes = try deployment.nodes { $0["publisher"]!.user = "\(deployment.prefix)_owner" }
            expected = ("too-many-privileges", "publisher", "can change the database's structure (owns the database", "wso2db grants --layout 4.x --component publisher --apply")
        case .tooFewPrivileges:
            try server.psql(database: deployment.am, command: "REVOKE INSERT ON idn_oauth2_access_token FROM \(deployment.prefix)_keymanager")
            expected = ("too-few-privileges", "key-manager", "cannot INSERT IDN_OAUTH2_ACCESS_TOKEN", "wso2db grants --layout 4.x --component key-manager")
        case .gatewayWithoutSharedWithTenants:
            let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: deployment.shared)))
            let tenant = try #require(try Catalog.schema(for: .shared).table(named: "UM_TENANT"))
            let insert = connection.dialect.insertStatement(
                .seeds, "tenant", into: connection.dialect.quote(tenant.name), columns: tenant.columns.map(\.name),
                values: tenant.columns.map { .value(TableData.value(for: $0, row: 1)) })
            try connection.run(insert.statement)
            expected = ("missing", "gateway", "the deployment has tenants (UM_TENANT holds 1)", "point its [database.shared_db] at the deployment's WSO2_SHARED_DB")
        case .drifted:
            try server.psql(database: deployment.am, command: "ALTER TABLE am_api ADD COLUMN probe INTEGER; DROP INDEX idx_aai_ctx")
            expected = ("drifted", "publisher", "has drifted: 2 differences from WSO2_AM_DB 4.7.0", "wso2db drift am --version 4.7.0")
        }

        let text = try BuiltBinary.wso2db(["check-deployment"] + nodes)
        let json = try BuiltBinary.wso2db(["check-deployment", "--format", "json"] + nodes)
        #expect(!text.standardOutput.contains("wso2-node-pw") && !text.standardError.contains("wso2-node-pw") && !json.standardOutput.contains("wso2-node-pw"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any], "\(json.standardError)")
        let findings = document["findings"] as? [[String: Any]] ?? []
        guard let expected else {
            #expect(text.status == 0, "\(text.standardOutput)\(text.standardError)")
            #expect(text.standardOutput.contains("no findings"))
            #expect(findings.isEmpty && document["clean"] as? Bool == true)
            #expect((document["nodes"] as? [[String: Any]])?.count == 5)
            return
        }
        #expect(text.status == 1, "\(text.standardOutput)\(text.standardError)")
        #expect(json.status == 1)
        let found = findings.first { $0["kind"] as? String == expected.kind && ($0["nodes"] as? [String])?.contains(expected.node) == true }
        #expect(found != nil, "no \(expected.kind) finding for \(expected.node): \(text.standardOutput)")
        #expect((found?["problem"] as? String)?.contains(expected.problem) == true, "\(found ?? [:])")
        #expect((found?["fix"] as? String)?.contains(expected.fix) == true, "\(found ?? [:])")
        // In text, the finding is one line holding the node, the problem and the fix.
        let line = text.standardOutput.split(separator: "\n").first { $0.hasPrefix(expected.node) || $0.contains(", \(expected.node)") }
        #expect(line.map { $0.contains(expected.problem) && $0.contains("fix: ") } == true, "\(text.standardOutput)")
    }
}
