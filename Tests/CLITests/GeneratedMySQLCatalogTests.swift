import Foundation
import LocalMariaDB
import LocalPostgres
import Testing

/// The MySQL catalog is generated too: `wso2db-catalog --engine mysql` on WSO2's MySQL scripts,
/// loaded into a real MariaDB, must give back exactly the committed files.
@Suite("generated MySQL catalog")
struct GeneratedMySQLCatalogTests {
    @Test(
        "wso2db-catalog --engine mysql reproduces the committed MySQL catalog",
        arguments: [
            ("shared-mysql-kernel-v4.11.18.sql", "MySQLSharedKernel4_11_18", "WSO2_SHARED_DB", "4.7.0", "Shared/4.7.0",
             "carbon-kernel 4.11.18 dbscripts/mysql.sql"),
            ("legacy-um-reg-mysql-kernel-v4.4.35.sql", "MySQLLegacyKernel4_4_35", "WSO2UM_DB", "2.6.0", "Legacy/2.6.0",
             "carbon-kernel 4.4.35 dbscripts/mysql.sql"),
            ("apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql", "MySQLAPIMgt9_33_122", "WSO2_AM_DB", "4.7.0", "AM/4.7.0",
             "carbon-apimgt 9.33.122 dbscripts/apimgt/mysql.sql"),
            ("legacy-apimgt-mysql-carbon-apimgt-v6.4.50-apim-2.6.0.sql", "MySQLAPIMgt6_4_50", "WSO2_AM_DB", "2.6.0", "AM/2.6.0",
             "carbon-apimgt 6.4.50 dbscripts/apimgt/mysql.sql"),
        ])
    func regenerates(script: String, type: String, database: String, version: String, folder: String, source: String) throws {
        let root = GeneratedCatalogTests.packageRoot
        let scriptPath = root.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(script)").path
        let committed = root.appendingPathComponent("Sources/WSO2Catalog/MySQL/\(folder)").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-gen-\(UUID().uuidString)").path
        // The generator uses this suite's server rather than starting one of its own.
        let server = try LocalMariaDB.shared()
        let result = try Subprocess.run(
            try BuiltBinary.path("wso2db-catalog"),
            [
                "--engine", "mysql", "--script", scriptPath, "--type", type, "--database", database, "--version", version,
                "--source", source, "--output", output,
            ], environment: ["WSO2DB_TEST_MYSQL_URL": server.url(database: "mysql")])
        #expect(result.status == 0, "\(result.standardError)")
        let generated = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(!generated.isEmpty)
        #expect(generated == (try FileManager.default.contentsOfDirectory(atPath: committed).sorted()))
        for file in generated {
            let fresh = try String(contentsOfFile: output + "/" + file, encoding: .utf8)
            let kept = try String(contentsOfFile: committed + "/" + file, encoding: .utf8)
            #expect(fresh == kept, "\(file) differs from what the generator writes")
        }
    }
}
