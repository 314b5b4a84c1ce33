import Foundation
import Testing

/// `wso2db upgrade --to RELEASE`: an upgrade that stops at a release other than the newest, copied into the
/// new deployment or in place, and the releases it refuses (unknown, older than the old deployment's, or
/// one whose shared database a merge does not make), each before anything is written.
@Suite("wso2db upgrade --to")
struct UpgradeReleaseTests {
    typealias Deployment = UpgradeTests.Deployment

    /// The release a database's wso2db history records, as `status` reports it.
    static func recordedRelease(_ database: String, _ url: String) throws -> String? {
        let status = try BuiltBinary.wso2db(["status", database, "--url", url])
        guard let line = status.standardOutput.split(separator: "\n").first, let range = line.range(of: " is at ") else { return nil }
        return line[range.upperBound...].split(separator: " ").first.map(String.init)
    }

    @Test("a 3.2.0 deployment copied --to 4.3.0: the new AM database is exactly 4.3.0, the shared one recorded at 4.3.0; a rerun only verifies")
    func copyToIntermediateRelease() throws {
        let deployment = try UpgradeTests.sqlite320()
        let fingerprints = try deployment.fingerprints()

        let planned = try UpgradeTests.upgrade(deployment, ["--to", "4.3.0", "--dry-run"])
        try #require(planned.status == 0, "\(planned.standardError.suffix(3000))")
        let plan = try UpgradeTests.json(planned)
        #expect(plan["to"] as? String == "4.3.0")
        let steps = try #require((plan["am"] as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.compactMap { $0["version"] as? String } == ["4.0.0", "4.1.0", "4.2.0", "4.3.0"], "the steps stop at 4.3.0")
        #expect(try deployment.newAM.objects() == [] && (try deployment.newShared.objects()) == [], "a dry run writes nothing")

        let upgraded = try UpgradeTests.upgrade(deployment, ["--to", "4.3.0"])
        try #require(upgraded.status == 0, "\(upgraded.standardOutput.prefix(2000))\(upgraded.standardError.suffix(3000))")
        let report = try UpgradeTests.json(upgraded)
        #expect(report["verified"] as? Bool == true)
        #expect(report["to"] as? String == "4.3.0")
        let am = try #require(report["am"] as? [String: Any])
        #expect(am["to"] as? String == "4.3.0")
        #expect((am["differences"] as? [String]) == [])
        #expect((am["applied"] as? [[String: Any]])?.compactMap { $0["version"] as? String }.last == "4.3.0")
        // Exactly 4.3.0's schema, which 4.7.0's is not (4.4.0 and later change the AM database).
        let drift = try BuiltBinary.wso2db(["drift", "am", "--version", "4.3.0", "--url", deployment.newAM.url])
        #expect(drift.status == 0, "\(drift.standardOutput.prefix(2000))")
        let newer = try BuiltBinary.wso2db(["drift", "am", "--version", "4.7.0", "--url", deployment.newAM.url])
        #expect(newer.status == 1, "the AM database is not 4.7.0's")
        #expect(try Self.recordedRelease("am", deployment.newAM.url) == "4.3.0")
        #expect(try Self.recordedRelease("shared", deployment.newShared.url) == "4.3.0", "the merged shared database is recorded at 4.3.0")
        let shared = try BuiltBinary.wso2db(["drift", "shared", "--version", "4.3.0", "--url", deployment.newShared.url])
        #expect(shared.status == 0, "\(shared.standardOutput.prefix(2000))")
        #expect(try deployment.fingerprints() == fingerprints, "the old databases are unchanged")

        let again = try UpgradeTests.upgrade(deployment, ["--to", "4.3.0"], format: "text")
        #expect(again.status == 0, "\(again.standardError.suffix(2000))")
        #expect(again.standardOutput.contains("upgrade: API-M 3.2.0 → 4.3.0"), "\(again.standardOutput.prefix(1000))")
        #expect(again.standardOutput.contains("already upgraded by an earlier run; verified it again"), "\(again.standardOutput.prefix(2000))")
    }

    @Test("--in-place --to 4.0.0: the old AM and shared databases end at 4.0.0, verified")
    func inPlaceToRelease() throws {
        let deployment = try UpgradeTests.sqlite320()
        let result = try BuiltBinary.wso2db(
            ["upgrade", "--am", deployment.am.url, "--shared", deployment.um.url, "--in-place", "--allow-destructive", "--to", "4.0.0",
             "--format", "json"])
        try #require(result.status == 0, "\(result.standardError.suffix(3000))")
        let report = try UpgradeTests.json(result)
        #expect(report["verified"] as? Bool == true)
        #expect(report["to"] as? String == "4.0.0")
        #expect((report["am"] as? [String: Any])?["to"] as? String == "4.0.0")
        #expect((report["shared"] as? [[String: Any]])?.first?["to"] as? String == "4.0.0")
        for database in ["am", "shared"] {
            let url = database == "am" ? deployment.am.url : deployment.um.url
            let drift = try BuiltBinary.wso2db(["drift", database, "--version", "4.0.0", "--url", url])
            #expect(drift.status == 0, "\(database): \(drift.standardOutput.prefix(2000))")
            #expect(try Self.recordedRelease(database, url) == "4.0.0")
        }
    }

    @Test(
        "--to refused before anything is written, saying what to give: an unknown release, one older than the old deployment's, one a merge cannot make",
        arguments: [
            (["--to", "4.8.0"], "--to 4.8.0 is no API-M release wso2db can upgrade to"),
            (["--to", "4.0.0"], "--to 4.0.0: the new shared database is made by merging"),
            (["--to", "3.0.0", "--in-place", "--allow-destructive"], "is at 3.2.0, newer than --to 3.0.0"),
        ])
    func refused(arguments: [String], message: String) throws {
        let deployment = try UpgradeTests.sqlite320()
        let fingerprints = try deployment.fingerprints()
        let result =
            arguments.contains("--in-place")
            ? try BuiltBinary.wso2db(["upgrade", "--am", deployment.am.url, "--shared", deployment.um.url] + arguments)
            : try UpgradeTests.upgrade(deployment, arguments, format: "text")
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.contains("hint:"))
        #expect(result.standardOutput.isEmpty)
        #expect(try deployment.fingerprints() == fingerprints, "the old databases are unchanged")
        #expect(try deployment.newAM.objects() == [] && (try deployment.newShared.objects()) == [], "nothing written to the new ones")
    }
}
