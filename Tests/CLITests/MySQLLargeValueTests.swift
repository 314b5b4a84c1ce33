import Foundation
import LocalMariaDB
import SQLDriver
import Testing

/// `wso2db merge-legacy` with MySQL on one side or both, of generated legacy data plus one
/// REG_CONTENT value of 200 MB: the run's peak resident memory (of the real `wso2db` process)
/// stays within the 256 MB goal, as MySQL reads and writes the value in pieces, and the value
/// arrives byte for byte. A value the MySQL target can never take (longer than its
/// `max_allowed_packet`) is refused before the first write, with table, key, column and the
/// setting to raise.
@Suite("merge-legacy with MySQL holding a 200 MB value, in bounded memory")
struct MySQLLargeValueTests {
    typealias Engine = MySQLMergeTests.Engine
    static let contentID = LargeValueMergeTests.contentID

    /// This suite's server for values of 200 MB: `max_allowed_packet` of 256 MB (MariaDB's default,
    /// which the shared server keeps, is 16 MB: no value above it can be stored).
    static let roomy = Result { try LocalMariaDB.startPrivate(serverOptions: ["--max-allowed-packet=256M"]) }
    /// A server that takes no value above 12 MB.
    static let narrow = Result { try LocalMariaDB.startPrivate(serverOptions: ["--max-allowed-packet=12M"]) }

    static func database(_ url: String) -> String { String(url.split(separator: "/").last!) }

    /// Generated UM and REG databases of `engine` (on MySQL on `server`), the REG one holding one more
    /// REG_CONTENT row of the super tenant with `valueBytes` incompressible bytes made by the engine itself.
    static func sources(_ engine: Engine, valueBytes: Int, on server: LocalMariaDB) throws -> (um: String, reg: String) {
        let sources = try MySQLMergeTests.sources(engine, on: server)
        switch engine {
        case .mysql:
            // 64 bytes of SHA-512 per row of MariaDB's sequence engine, joined into one value.
            try server.mariadb(
                database: database(sources.reg),
                command: """
                    SET SESSION group_concat_max_len = 4294967295;
                    INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID)
                      SELECT \(contentID), SUBSTRING(GROUP_CONCAT(UNHEX(SHA2(seq, 512)) SEPARATOR ''), 1, \(valueBytes)), -1234
                      FROM seq_1_to_\(valueBytes / 64 + 1)
                    """)
        case .postgres:
            try MySQLMergeTests.open(sources.reg, read: false).run(
                SQLStatement(
                    "INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID) "
                        + "SELECT $1, substring(string_agg(sha512(int8send(i)), ''::bytea) from 1 for \(valueBytes)), -1234 "
                        + "FROM generate_series(1, \(valueBytes / 64 + 1)) i", [.integer(contentID)]))
        case .sqlite:
            try MySQLMergeTests.open(sources.reg, read: false).run(
                SQLStatement(
                    "INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID) VALUES (?, randomblob(?), -1234)",
                    [.integer(contentID), .integer(Int64(valueBytes))]))
        }
        return sources
    }

    /// The large value's length and md5, `LENGTH MD5`: by the server on MySQL and PostgreSQL, here
    /// on SQLite (which has no digest function).
    static func fingerprint(_ url: String, _ engine: Engine, on server: LocalMariaDB) throws -> String {
        let condition = "REG_CONTENT_ID = \(contentID)"
        switch engine {
        case .mysql:
            return try server.mariadb(
                database: database(url), command: "SELECT LENGTH(REG_CONTENT_DATA), MD5(REG_CONTENT_DATA) FROM REG_CONTENT WHERE \(condition)"
            ).trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\t", with: " ")
        case .postgres:
            let row = try MySQLMergeTests.open(url).query("SELECT octet_length(REG_CONTENT_DATA), md5(REG_CONTENT_DATA) FROM REG_CONTENT WHERE \(condition)")
            return (row.rows.first ?? []).map { $0.integerValue.map(String.init) ?? $0.textValue ?? "?" }.joined(separator: " ")
        case .sqlite:
            let row = try MySQLMergeTests.open(url).query("SELECT REG_CONTENT_DATA FROM REG_CONTENT WHERE \(condition)")
            guard case .blob(let bytes)? = row.rows.first?.first else { return "missing" }
            return "\(bytes.count) \(try PeakMemory.md5(bytes))"
        }
    }

    @Test(
        "a merge with MySQL holding one 200 MB REG_CONTENT value stays within bounded memory and moves the value byte for byte",
        arguments: [(Engine.mysql, Engine.mysql), (.postgres, .mysql), (.mysql, .postgres), (.sqlite, .mysql)])
    func boundedMemory(sources engine: Engine, target targetEngine: Engine) throws {
        let server = try Self.roomy.get()
        let sources = try Self.sources(engine, valueBytes: PeakMemory.valueBytes, on: server)
        let target = try MySQLMergeTests.emptyDatabase(targetEngine, legacy: false, on: server)
        let run = try PeakMemory.measuredRun(["merge-legacy", "--um", sources.um, "--reg", sources.reg, "--to", target, "--format", "json"])
        try #require(run.status == 0, "merge-legacy failed: \(run.error.suffix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output.prefix(2000))")
        #expect(report["verified"] as? Bool == true, "the merge verifies every row, the large one included: \(run.output.prefix(3000))")

        #expect(
            run.peakKiB <= PeakMemory.goalKiB,
            "peak RSS \(run.peakKiB / 1024) MB for a value of \(PeakMemory.valueBytes / 1_000_000) MB, \(engine) → \(targetEngine); limit \(PeakMemory.goalKiB / 1024) MB"
        )

        let expected = try Self.fingerprint(sources.reg, engine, on: server)
        #expect(expected.hasPrefix("\(PeakMemory.valueBytes) "), "the source holds the value: \(expected)")
        #expect(try Self.fingerprint(target, targetEngine, on: server) == expected, "the target holds the same bytes")
    }

    @Test("a value longer than the MySQL target's max_allowed_packet: refused before the first write, with table, key, column and the setting to raise")
    func longerThanMaxAllowedPacket() throws {
        let server = try Self.narrow.get()
        let sources = try Self.sources(.sqlite, valueBytes: 20_000_000, on: server)
        let target = try MySQLMergeTests.emptyDatabase(.mysql, legacy: false, on: server)
        let result = try MySQLMergeTests.merge(sources, to: target)
        #expect(result.status == 2, "\(result.standardOutput.suffix(1000))\(result.standardError.suffix(2000))")
        let line = result.standardError.split(separator: "\n").first { $0.contains("REG_CONTENT_DATA") }.map(String.init) ?? ""
        #expect(
            line.contains("REG_CONTENT (REG_CONTENT_ID=\(Self.contentID), REG_TENANT_ID=-1234) REG_CONTENT_DATA: 19 MB (20000000 bytes)")
                && line.contains("longer than the 12 MB (12582912 bytes) the target server's max_allowed_packet"),
            "\(result.standardError.suffix(3000))")
        #expect(result.standardError.contains("hint: raise max_allowed_packet on the MySQL target server"), "\(result.standardError.suffix(3000))")
        #expect(try server.mariadb(database: Self.database(target), command: "SHOW TABLES").isEmpty, "nothing was written")
    }

    @Test("upgrade: an AM value longer than the new MySQL AM database's max_allowed_packet: refused before the first write, named, with the setting to raise")
    func upgradeLongerThanMaxAllowedPacket() throws {
        let server = try Self.narrow.get()
        let folder = try MergeLegacyTests.folder()
        let (am, shared) = ("sqlite:\(folder)/am.db", "sqlite:\(folder)/shared.db")
        for (database, url) in [("am", am), ("shared", shared)] {
            let created = try BuiltBinary.wso2db("create", database, "--version", "4.0.0", "--url", url)
            try #require(created.status == 0, "\(created.standardError)")
        }
        // MEDIUMBLOB in WSO2's MySQL script: 16 MB fit the column, not the server's 12 MB packet.
        try {
            _ = try MySQLMergeTests.open(am, read: false).run(
                SQLStatement("INSERT INTO AM_TENANT_THEMES (TENANT_ID, THEME) VALUES (?, randomblob(?))", [.integer(7), .integer(13_000_000)]))
        }()
        let newAM = server.url(database: try server.createDatabase(prefix: "newam", characterSet: "latin1"))
        let newShared = server.url(database: try server.createDatabase(prefix: "newshared"))
        let result = try BuiltBinary.wso2db(["upgrade", "--am", am, "--shared", shared, "--to-am", newAM, "--to-shared", newShared])
        #expect(result.status == 2, "\(result.standardOutput.suffix(1000))\(result.standardError.suffix(2000))")
        let output = result.standardOutput + result.standardError
        let line = output.split(separator: "\n").first { $0.contains("AM_TENANT_THEMES") }.map(String.init) ?? ""
        #expect(
            line.contains("(TENANT_ID=7) THEME: 12 MB (13000000 bytes)")
                && line.contains("longer than the 12 MB (12582912 bytes) the target server's max_allowed_packet"),
            "\(output.suffix(3000))")
        #expect(output.contains("max_allowed_packet"), "\(output.suffix(3000))")
        for url in [newAM, newShared] {
            #expect(try server.mariadb(database: Self.database(url), command: "SHOW TABLES").isEmpty, "nothing was written")
        }
    }
}
