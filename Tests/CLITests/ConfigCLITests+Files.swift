import ConfigFixtures
import Foundation
import Testing

/// Configuration files as the attack run gave them (issue 20, item 11), to the real `wso2db`: a
/// well-formed master-datasources.xml of tens of megabytes, and a deployment.toml holding NUL bytes.
extension ConfigCLITests {
    @Test("a well-formed master-datasources.xml of over 30 MB is read: detect reaches the datasource it names")
    func largeXML() throws {
        let (server, name) = try DetectTests.databaseFromScript(MergeLegacyTests.legacyScript)
        let url = try #require(URLComponents(string: server.url(database: name)))
        let (host, port, user) = (try #require(url.host), try #require(url.port), try #require(url.user))
        let jdbc = "jdbc:postgresql://\(host):\(port)/\(name)"
        // Long comments and many datasources, as deployment tools leave them; the one asked for last.
        let padding = String(repeating: "<!-- padding left by a deployment tool, kept as the server keeps it -->\n", count: 280_000)
        let others = (0..<60_000).map { Fixtures.datasource("OTHER_\($0)", jndi: "jdbc/OTHER_\($0)", url: "jdbc:postgresql://db:5432/o\($0)") }
        let xml = Fixtures.masterDatasources(
            others + [Fixtures.datasource("WSO2UM_DB", jndi: "jdbc/WSO2UM_DB", url: jdbc, user: user)]
        ).replacingOccurrences(of: "<datasources>", with: "<datasources>\n" + padding)
        try #require(xml.utf8.count > 30_000_000)
        let path = try Fixtures.write(xml, to: try Fixtures.folder() + "/master-datasources.xml")

        let detect = try BuiltBinary.wso2db(["detect", "--config", path, "--datasource", "WSO2UM_DB"])
        #expect(detect.status == 0, "\(detect.standardError.prefix(2000))")
        #expect(!detect.standardError.contains("well-formed"), "\(detect.standardError.prefix(2000))")
        #expect(detect.standardOutput.contains("2.6.0"), "\(detect.standardOutput)")
    }

    @Test("a deployment.toml holding NUL bytes is called binary, not a file missing its section", arguments: ["drift", "create"])
    func binaryTOML(command: String) throws {
        let path = try Fixtures.write(
            "[database.shared_db]\u{0}\nurl = \"jdbc:postgresql://127.0.0.1:1/shared\"\nusername = \"u\"\n",
            to: try Fixtures.folder() + "/deployment.toml")
        let result = try BuiltBinary.wso2db([command, "shared", "--config", path])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.contains("binary") && result.standardError.contains("NUL"), "\(result.standardError)")
        #expect(!result.standardError.contains("no [database.shared_db]"), "\(result.standardError)")
    }
}
