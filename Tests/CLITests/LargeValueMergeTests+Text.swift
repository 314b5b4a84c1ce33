import Foundation
import LocalPostgres
import Testing

/// Large text: `wso2db upgrade` copying a WSO2_AM_DB whose `TEXT` column holds a value of 200 MB
/// (`IDN_REMOTE_FETCH_REVISIONS.DEPLOY_ERR_LOG`, API-M 4.0.0 and later, unbounded on PostgreSQL),
/// PostgreSQL → PostgreSQL: read, hashed, written and verified in pieces, within the 256 MB goal.
extension LargeValueMergeTests {
    /// Text of about `valueBytes` bytes, incompressible hex with characters of two to four bytes among it.
    static let textUnit = "é€😀"
    static var textUnits: Int { valueBytes / (32 + textUnit.utf8.count) + 1 }

    /// The value's length in bytes and md5, computed by the server.
    static func textFingerprint(_ place: Place) throws -> String {
        let row = try place.connect(readOnly: true).query(
            "SELECT octet_length(deploy_err_log), md5(deploy_err_log) FROM idn_remote_fetch_revisions WHERE id = 'large'")
        return (row.rows.first ?? []).map { $0.textValue ?? "?" }.joined(separator: " ")
    }

    @Test("upgrade copying a WSO2_AM_DB that holds a 200 MB TEXT value stays within bounded memory and copies the text byte for byte")
    func largeTextCopied() throws {
        let server = try LocalPostgres.shared()
        let am = Place(engine: .postgres, url: server.url(database: try server.createDatabase(prefix: "am")))
        let created = try BuiltBinary.wso2db(["create", "am", "--version", "4.0.0", "--url", am.url])
        try #require(created.status == 0, "\(created.standardError)")
        try am.connect().execute(
            """
            INSERT INTO idn_remote_fetch_config (id, tenant_id, is_enabled, repo_manager_type, action_listener_type, config_deployer_type,
                remote_fetch_name, remote_resource_uri, attributes_json)
            VALUES ('config', -1234, '1', 'GIT', 'POLLING', 'APP', 'apps', 'https://git.example.com/apps.git', '{"branch": "main"}');
            INSERT INTO idn_remote_fetch_revisions (id, config_id, file_path, item_name, deploy_err_log)
            SELECT 'large', 'config', 'apps/a.xml', 'a', string_agg(md5(i::text) || '\(Self.textUnit)', '') FROM generate_series(1, \(Self.textUnits)) i;
            INSERT INTO idn_remote_fetch_revisions (id, config_id, file_path, item_name, deploy_err_log)
            VALUES ('small', 'config', 'apps/b.xml', 'b', 'error: \\ not deployed')
            """)
        let expected = try Self.textFingerprint(am)
        #expect(expected.hasPrefix("\(Self.textUnits * (32 + Self.textUnit.utf8.count)) "), "the source holds the value: \(expected)")
        let (um, reg) = try MergeLegacyTests.awkwardSources(.postgres)
        let newAM = try MergeLegacyTests.emptyTarget(.postgres)
        let newShared = try MergeLegacyTests.emptyTarget(.postgres)

        let run = try PeakMemory.measuredRun(
            ["upgrade", "--am", am.url, "--um", um.url, "--reg", reg.url, "--to-am", newAM.url, "--to-shared", newShared.url, "--format", "json"])
        try #require(run.status == 0, "upgrade failed: \(run.error.suffix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output.prefix(2000))")
        #expect(report["verified"] as? Bool == true, "\(run.output.prefix(3000))")
        let copied = (report["am"] as? [String: Any])?["copied"] as? [[String: Any]] ?? []
        #expect(copied.contains { ($0["table"] as? String)?.uppercased() == "IDN_REMOTE_FETCH_REVISIONS" && $0["match"] as? Bool == true }, "\(copied.prefix(3))")

        #expect(
            run.peakKiB <= Self.goalKiB,
            "peak RSS \(run.peakKiB / 1024) MB for a text value of \(Self.valueBytes / 1_000_000) MB; limit \(Self.goalKiB / 1024) MB")
        #expect(try Self.textFingerprint(newAM) == expected, "the new WSO2_AM_DB holds the same text")
    }
}
