import Foundation
import LocalPostgres
import Testing

/// The AM catalog is generated: re-running the generator on WSO2's scripts must give back exactly
/// the committed files, so they were not edited by hand and the generator still works.
@Suite("generated catalog")
struct GeneratedCatalogTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "wso2db-catalog reproduces the committed AM catalog",
        arguments: [
            ("apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql", "APIMgt9_33_122", "4.7.0", "carbon-apimgt 9.33.122"),
            ("legacy-apimgt-postgresql-carbon-apimgt-v6.4.50-apim-2.6.0.sql", "APIMgt6_4_50", "2.6.0", "carbon-apimgt 6.4.50"),
        ])
    func regenerates(script: String, type: String, version: String, source: String) throws {
        let scriptPath = Self.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(script)").path
        let committed = Self.packageRoot.appendingPathComponent("Sources/WSO2Catalog/AM/\(version)").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-gen-\(UUID().uuidString)").path
        let result = try Subprocess.run(
            try BuiltBinary.path("wso2db-catalog"),
            [
                "--script", scriptPath, "--type", type, "--database", "WSO2_AM_DB", "--version", version,
                "--source", "\(source) dbscripts/apimgt/postgresql.sql", "--output", output,
            ])
        #expect(result.status == 0, "\(result.standardError)")
        let generated = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(generated == (try FileManager.default.contentsOfDirectory(atPath: committed).sorted()))
        for file in generated {
            let fresh = try String(contentsOfFile: output + "/" + file, encoding: .utf8)
            let kept = try String(contentsOfFile: committed + "/" + file, encoding: .utf8)
            #expect(fresh == kept, "\(file) differs from what the generator writes")
        }
    }
}
