import Foundation
import LocalPostgres
import Testing

/// The catalog is generated: re-running the generator on WSO2's scripts must give back exactly the committed
/// files, so they were not edited by hand and the generator still works.
@Suite("generated catalog")
struct GeneratedCatalogTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every Swift file under `folder`, by its path relative to it.
    static func files(under folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return files }
        for case let path as String in walker where path.hasSuffix(".swift") {
            files[path] = try String(contentsOfFile: folder + "/" + path, encoding: .utf8)
        }
        return files
    }

    @Test("wso2db-catalog --all reproduces every committed catalog file, and writes no other")
    func regeneratesEverything() throws {
        let reference = Self.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2").path
        try #require(FileManager.default.fileExists(atPath: reference), "\(reference) is missing: ../shared must sit beside the checkout")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try Subprocess.run(
            try BuiltBinary.path("wso2db-catalog"), ["--all", "--reference", reference, "--output", output])
        #expect(result.status == 0, "\(result.standardError)")
        // PostgreSQL: 7 kernel and 15 AM schemas; MySQL: 6 kernel from scripts, 4.6.2 derived, and 15 AM schemas.
        for (engine, schemas) in [("PostgreSQL", 22), ("MySQL", 22)] {
            let generated = try Self.files(under: output + "/" + engine)
            let committed = try Self.files(under: Self.packageRoot.appendingPathComponent("Sources/WSO2Catalog/" + engine).path)
            #expect(Set(generated.keys.map { $0.split(separator: "/").prefix(2).joined(separator: "/") }).count == schemas)
            #expect(generated.keys.sorted() == committed.keys.sorted())
            for (file, text) in generated.sorted(by: { $0.key < $1.key }) {
                #expect(text == committed[file], "\(file) differs from what the generator writes")
            }
        }
    }
}
