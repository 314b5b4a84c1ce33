import ConfigFixtures
import Foundation
import Testing
import WSO2Config

/// Configuration files as they are found, not as they should be: very large, or not text at all.
@Suite("configuration files of any size, and files that are not text")
struct ConfigFileSizeTests {
    @Test("a well-formed master-datasources.xml of 40 MB (long comments and many datasources) is read")
    func largeXML() throws {
        let padding = String(repeating: "<!-- padding left by a deployment tool, kept as the server keeps it -->\n", count: 280_000)
        let others = (0..<60_000).map { Fixtures.datasource("OTHER_\($0)", jndi: "jdbc/OTHER_\($0)", url: "jdbc:postgresql://db:5432/o\($0)") }
        let xml = Fixtures.masterDatasources(
            others + [Fixtures.datasource("WSO2UM_DB", jndi: "jdbc/WSO2UM_DB", url: "jdbc:postgresql://db:5432/userdb")]
        ).replacingOccurrences(of: "<datasources>", with: "<datasources>\n" + padding)
        #expect(xml.utf8.count > 30_000_000)
        let path = try Fixtures.write(xml, to: try Fixtures.folder() + "/master-datasources.xml")
        let config = try ConfigFile.load(path)
        guard case .datasources(let datasources) = config else { Issue.record("not read as XML"); return }
        #expect(datasources.datasources.count == 60_002)
        #expect(try config.choose(for: .um, named: nil).datasource.name == "WSO2UM_DB")
    }

    @Test("a file holding NUL bytes is called binary, whatever its first bytes look like", arguments: [
        "<?xml version=\"1.0\"?>\u{0}<datasources-configuration/>",
        "[database.shared_db]\u{0}\nurl = \"jdbc:postgresql://h/shared\"\n",
        "\u{0}\u{1}\u{2}ELF",
    ])
    func binaryFile(_ content: String) throws {
        let path = try Fixtures.write(content, to: try Fixtures.folder() + "/deployment.toml")
        let error = try #require(throws: ConfigError.self) { try ConfigFile.load(path) }
        #expect(error.description.contains("binary"), "\(error)")
        #expect(error.description.contains("NUL"), "\(error)")
        #expect(!error.description.contains("no [database"), "\(error)")
    }
}
