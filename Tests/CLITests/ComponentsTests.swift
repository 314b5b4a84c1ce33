import Foundation
import ConfigFixtures
import Testing

/// `wso2db components` says what WSO2's documentation says: the expected matrix below is written
/// from the documentation's tables (API-M 2.x: "Understanding the distributed deployment", the
/// five-database table and its notes; API-M 3.x/4.x: the same page of 3.0.0), not from the output.
@Suite("wso2db components")
struct ComponentsTests {
    /// Component → database → use, for each layout, as the documentation states it.
    static let documented: [String: [String: [String: String]]] = [
        "2.x": [
            "publisher": ["WSO2_AM_DB": "always", "WSO2UM_DB": "always", "WSO2REG_DB": "always", "WSO2_STAT_DB": "always", "WSO2_MB_STORE_DB": "not-used"],
            "devportal": ["WSO2_AM_DB": "always", "WSO2UM_DB": "always", "WSO2REG_DB": "always", "WSO2_STAT_DB": "always", "WSO2_MB_STORE_DB": "not-used"],
            "key-manager": [
                "WSO2_AM_DB": "always", "WSO2UM_DB": "always", "WSO2REG_DB": "multi-tenancy", "WSO2_STAT_DB": "not-used", "WSO2_MB_STORE_DB": "not-used",
            ],
            "gateway": [
                "WSO2_AM_DB": "connect-only", "WSO2UM_DB": "multi-tenancy", "WSO2REG_DB": "multi-tenancy-or-multiple-gateways-with-google-analytics",
                "WSO2_STAT_DB": "not-used", "WSO2_MB_STORE_DB": "not-used",
            ],
            "traffic-manager": [
                "WSO2_AM_DB": "not-used", "WSO2UM_DB": "not-used", "WSO2REG_DB": "not-used", "WSO2_STAT_DB": "not-used", "WSO2_MB_STORE_DB": "own-per-node",
            ],
        ],
        "4.x": [
            "publisher": ["WSO2_AM_DB": "always", "WSO2_SHARED_DB": "always"],
            "devportal": ["WSO2_AM_DB": "always", "WSO2_SHARED_DB": "always"],
            "key-manager": ["WSO2_AM_DB": "always", "WSO2_SHARED_DB": "always"],
            "gateway": ["WSO2_AM_DB": "not-used", "WSO2_SHARED_DB": "multi-tenancy-or-multiple-gateways-with-google-analytics"],
            "traffic-manager": ["WSO2_AM_DB": "not-used", "WSO2_SHARED_DB": "not-used"],
        ],
    ]

    @Test("the JSON matrix of each layout is the documented one, and both are printed without --layout")
    func matrix() throws {
        var seen: [String: [String: [String: String]]] = [:]
        for layout in ["2.x", "4.x"] {
            let result = try BuiltBinary.wso2db("components", "--layout", layout, "--format", "json")
            try #require(result.status == 0, "\(result.standardError)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let layouts = try #require(document["layouts"] as? [[String: Any]])
            #expect(layouts.count == 1)
            for entry in layouts {
                var components: [String: [String: String]] = [:]
                for component in entry["components"] as? [[String: Any]] ?? [] {
                    let uses = component["uses"] as? [[String: Any]] ?? []
                    components[component["component"] as? String ?? "?"] = Dictionary(
                        uniqueKeysWithValues: uses.map { ($0["database"] as? String ?? "?", $0["use"] as? String ?? "?") })
                }
                seen[entry["layout"] as? String ?? "?"] = components
            }
        }
        #expect(seen == Self.documented)

        let both = try BuiltBinary.wso2db("components")
        #expect(both.status == 0)
        #expect(both.standardOutput.contains("API-M 2.x") && both.standardOutput.contains("API-M 3.x/4.x"))
        // The Carbon and Message Broker databases are each node's own in 3.x/4.x.
        #expect(both.standardOutput.contains("never on a shared RDBMS: WSO2_CARBON_DB, WSO2_MB_STORE_DB"))
        #expect(both.standardOutput.contains("Traffic Manager   not used    not used"))
        #expect(try BuiltBinary.wso2db("components", "--layout", "5.x").status == 64)
    }
}

/// The databases wso2db does not own are named for what they are, not mistaken for one it does.
@Suite("unmanaged databases in configuration files")
struct UnmanagedDatabaseTests {
    @Test("WSO2_CARBON_DB, WSO2_MB_STORE_DB and the statistics database are named, with why wso2db leaves them alone", arguments: [
        ("WSO2_CARBON_DB", "jdbc/WSO2CarbonDB", "WSO2_CARBON_DB"), ("WSO2_MB_STORE_DB", "jdbc/WSO2MBStoreDB", "WSO2_MB_STORE_DB"),
        ("WSO2AM_STATS_DB", "jdbc/WSO2AM_STATS_DB", "WSO2AM_STATS_DB"), ("WSO2_STAT_DB", "jdbc/WSO2_STAT_DB", "WSO2AM_STATS_DB"),
    ])
    func named(name: String, jndi: String, wso2Name: String) throws {
        let folder = try Fixtures.folder()
        let file = try Fixtures.write(
            Fixtures.masterDatasources([Fixtures.datasource(name, jndi: jndi, url: "jdbc:postgresql://127.0.0.1:1/db")]),
            to: folder + "/master-datasources.xml")
        for arguments in [["detect", "--config", file, "--datasource", name], ["create", "am", "--config", file, "--datasource", jndi]] {
            let result = try BuiltBinary.wso2db(arguments)
            #expect(result.status == 2, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains("is \(wso2Name)"), "\(result.standardError)")
            #expect(result.standardError.contains("wso2db does not create or migrate it"), "\(result.standardError)")
            #expect(!result.standardError.contains("wso2carbon</password>"))
        }
    }

    @Test("a deployment.toml's [database.local] is the Carbon database")
    func local() throws {
        let file = try Fixtures.write(Fixtures.deploymentTOML(), to: try Fixtures.folder() + "/deployment.toml")
        let result = try BuiltBinary.wso2db("detect", "--config", file, "--datasource", "local")
        #expect(result.status == 2)
        #expect(result.standardError.contains("WSO2_CARBON_DB"), "\(result.standardError)")
    }
}
