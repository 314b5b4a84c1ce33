import Foundation
import LocalMariaDB
import Testing

/// `wso2db ddl --dialect mysql` piped into the `mariadb` client builds what WSO2's MySQL script builds.
@Suite("wso2db ddl --dialect mysql")
struct MySQLDDLTests {
    @Test(
        "wso2db ddl piped to mariadb gives every table the SHOW CREATE TABLE of WSO2's MySQL script",
        arguments: [
            ("shared", "4.7.0", "shared-mysql-kernel-v4.11.18.sql"), ("um", "2.6.0", "legacy-um-reg-mysql-kernel-v4.4.35.sql"),
            ("am", "4.7.0", "apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"),
            ("am", "2.6.0", "legacy-apimgt-mysql-carbon-apimgt-v6.4.50-apim-2.6.0.sql"),
        ])
    func pipedToMariaDB(database: String, version: String, script: String) throws {
        let server = try LocalMariaDB.shared()
        let ddl = try BuiltBinary.wso2db(["ddl", database, "--version", version, "--dialect", "mysql"])
        #expect(ddl.status == 0, "\(ddl.standardError)")
        #expect(ddl.standardOutput.hasPrefix("-- "))
        #expect(!ddl.standardOutput.contains("\"")) // identifiers in backticks, which the mysql client reads without ANSI_QUOTES
        let fromDDL = try server.createDatabase(prefix: "ddl")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-ddl-\(UUID().uuidString).sql").path
        try ddl.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try server.mariadb(database: fromDDL, file: file)

        let fromWSO2 = try server.createDatabase(prefix: "wso2")
        let reference = GeneratedCatalogTests.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(script)")
        try server.mariadb(database: fromWSO2, file: reference.path)

        let expected = try server.createTableStatements(database: fromWSO2)
        let actual = try server.createTableStatements(database: fromDDL)
        #expect(expected.count > 30)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (table, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(actual[table] == text, "\(table)")
        }
    }
}
