import Foundation
import LocalPostgres
import SQLDriver
import Testing

/// `wso2db merge-legacy` of sources holding one REG_CONTENT value of 200 MB: the run's peak resident
/// memory (the peak resident set of the real `wso2db` process) stays within the 256 MB goal, and the
/// value arrives whole.
///
/// On a SQLite target this holds because wso2db stores binary columns last: SQLite expands a
/// zero-filled blob that is not the last field of its row (in WSO2's order REG_CONTENT_DATA is
/// followed by REG_TENANT_ID) into two whole copies of the value in memory.
///
/// A 200 MB `TEXT` value copied by `wso2db upgrade`: `LargeValueMergeTests+Text.swift`.
@Suite("merge-legacy holding a 200 MB value, in bounded memory")
struct LargeValueMergeTests {
    typealias Engine = MergeLegacyTests.Engine
    typealias Place = MergeLegacyTests.Place

    static let valueBytes = PeakMemory.valueBytes
    static let goalKiB = PeakMemory.goalKiB
    static let contentID: Int64 = 990_001

    /// The awkward legacy sources, and one more REG_CONTENT row of the super tenant holding a value
    /// of `valueBytes` incompressible bytes, made by the engine itself.
    static func sources(_ engine: Engine) throws -> (um: Place, reg: Place) {
        try MergeLegacyTests.awkwardSources(engine) { _, reg in
            switch engine {
            case .postgres:
                try reg.run(
                    SQLStatement(
                        "INSERT INTO reg_content (reg_content_id, reg_content_data, reg_tenant_id) "
                            + "SELECT $1, substring(string_agg(sha512(int8send(i)), ''::bytea) from 1 for \(valueBytes)), -1234 "
                            + "FROM generate_series(1, \(valueBytes / 64 + 1)) i", [.integer(contentID)]))
            case .sqlite:
                try reg.run(
                    SQLStatement(
                        "INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID) VALUES (?, randomblob(?), -1234)",
                        [.integer(contentID), .integer(Int64(valueBytes))]))
            }
        }
    }

    /// The large value's length and a digest of it, computed by the engine (PostgreSQL's md5) or
    /// here in pieces (SQLite has no digest function).
    static func fingerprint(_ place: Place) throws -> String {
        let connection = try place.connect(readOnly: true)
        let dialect = connection.dialect
        let column = dialect.quote("REG_CONTENT_DATA")
        let condition = "\(dialect.quote("REG_CONTENT_ID")) = \(contentID)"
        switch place.engine {
        case .postgres:
            let row = try connection.query("SELECT octet_length(\(column)), md5(\(column)) FROM \(dialect.quote("REG_CONTENT")) WHERE \(condition)")
            return (row.rows.first ?? []).map { $0.textValue ?? "?" }.joined(separator: " ")
        case .sqlite:
            // The value whole, once, in the test's own memory, with PostgreSQL's md5 spelling for comparison.
            let row = try connection.query("SELECT \(column) FROM \(dialect.quote("REG_CONTENT")) WHERE \(condition)")
            guard case .blob(let bytes)? = row.rows.first?.first else { return "missing" }
            return "\(bytes.count) \(try PeakMemory.md5(bytes))"
        }
    }

    @Test(
        "a merge holding one 200 MB REG_CONTENT value stays within bounded memory and moves the value byte for byte",
        arguments: [(Engine.postgres, Engine.postgres), (.sqlite, .sqlite), (.postgres, .sqlite), (.sqlite, .postgres)])
    func boundedMemory(sources engine: Engine, target targetEngine: Engine) throws {
        let (um, reg) = try Self.sources(engine)
        let target = try MergeLegacyTests.emptyTarget(targetEngine)
        let run = try PeakMemory.measuredRun(["merge-legacy", "--um", um.url, "--reg", reg.url, "--to", target.url, "--format", "json"])
        try #require(run.status == 0, "merge-legacy failed: \(run.error.suffix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output.prefix(2000))")
        #expect(report["verified"] as? Bool == true, "the merge verifies every row, the large one included: \(run.output.prefix(3000))")

        #expect(
            run.peakKiB <= Self.goalKiB,
            "peak RSS \(run.peakKiB / 1024) MB for a value of \(Self.valueBytes / 1_000_000) MB, \(engine) → \(targetEngine); limit \(Self.goalKiB / 1024) MB")

        let expected = try Self.fingerprint(reg)
        #expect(expected.hasPrefix("\(Self.valueBytes) "), "the source holds the value: \(expected)")
        #expect(try Self.fingerprint(target) == expected, "the target holds the same bytes")
    }
}
