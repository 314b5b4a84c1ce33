import Foundation
import SQLDriver
import Testing

/// Values a SQLite source holds that the target would refuse or change (issue 20, items 3 and 7):
/// found by the checks before the first write and named with their table, key and column; carried
/// exactly into a SQLite target, which keeps them as they are, and verified there byte for byte.
@Suite("wso2db merge-legacy: values that do not fit the target")
struct MergeValueFitTests {
    typealias Engine = MergeLegacyTests.Engine

    enum Unfit: String, CaseIterable, Sendable, CustomStringConvertible {
        case invalidUTF8, nul, sevenFractionDigits, offset, megabyteInVarchar, notANumber, beyondInteger
        var description: String { rawValue }

        /// The SQL (SQLite) that puts the value in the UM source, the table, the key and column named,
        /// and words the reason holds.
        var row: (sql: String, table: String, key: String, column: String, reason: String) {
            let domain = "INSERT INTO UM_DOMAIN (UM_DOMAIN_ID, UM_DOMAIN_NAME, UM_TENANT_ID) VALUES"
            let tenant = "INSERT INTO UM_TENANT (UM_ID, UM_DOMAIN_NAME, UM_ACTIVE, UM_CREATED_DATE) VALUES"
            switch self {
            case .invalidUTF8:
                return ("\(domain) (7, CAST(x'61ff62' AS TEXT), 1)", "UM_DOMAIN", "UM_DOMAIN_ID=7, UM_TENANT_ID=1", "UM_DOMAIN_NAME", "not valid UTF-8")
            case .nul:
                return ("\(domain) (8, CAST(x'610062' AS TEXT), 1)", "UM_DOMAIN", "UM_DOMAIN_ID=8, UM_TENANT_ID=1", "UM_DOMAIN_NAME", "NUL")
            case .sevenFractionDigits:
                return ("\(tenant) (5, 'five.com', 1, '2019-03-01 10:15:00.1234567')", "UM_TENANT", "UM_ID=5", "UM_CREATED_DATE", "7 digits")
            case .offset:
                return ("\(tenant) (6, 'six.com', 1, '2019-03-01T10:15:00+05:30')", "UM_TENANT", "UM_ID=6", "UM_CREATED_DATE", "offset +05:30")
            case .megabyteInVarchar:
                return (
                    "\(domain) (9, (SELECT group_concat('x', '') FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1048576) SELECT i FROM n)), 1)",
                    "UM_DOMAIN", "UM_DOMAIN_ID=9, UM_TENANT_ID=1", "UM_DOMAIN_NAME", "1048576 characters, longer than the 255"
                )
            case .notANumber:
                return ("\(domain) (10, 'ten', 'abc')", "UM_DOMAIN", "UM_DOMAIN_ID=10, UM_TENANT_ID=abc", "UM_TENANT_ID", "'abc' is not an integer")
            case .beyondInteger:
                return ("\(domain) (11, 'eleven', 3e9)", "UM_DOMAIN", "UM_DOMAIN_ID=11, UM_TENANT_ID=3000000000", "UM_TENANT_ID", "out of range for INTEGER")
            }
        }
    }

    /// Empty 2.6.0 SQLite sources, the UM one holding `rows`.
    static func sources(_ rows: [Unfit]) throws -> (um: MergeLegacyTests.Place, reg: MergeLegacyTests.Place) {
        let um = try MergeLegacyTests.legacyDatabase(.sqlite, "um")
        let reg = try MergeLegacyTests.legacyDatabase(.sqlite, "reg")
        try {
            let connection = try um.connect()
            for unfit in rows { try connection.execute(unfit.row.sql) }
        }()
        return (um, reg)
    }

    @Test("a value PostgreSQL would refuse or change is refused before the first write, with its table, key and column", arguments: Unfit.allCases)
    func refusedForPostgres(unfit: Unfit) throws {
        let (um, reg) = try Self.sources([unfit])
        let target = try MergeLegacyTests.emptyTarget(.postgres)
        let before = try MergeLegacyTests.before(um: um, reg: reg)
        let result = try MergeLegacyTests.merge(um: um, reg: reg, to: target, format: "text")
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        let row = unfit.row
        let line = result.standardError.split(separator: "\n").first { $0.contains("\(row.table) (\(row.key)) \(row.column):") }
        #expect(line?.contains(row.reason) == true, "\(row.table) (\(row.key)) \(row.column) named with '\(row.reason)': \(result.standardError.prefix(3000))")
        #expect(result.standardError.contains("nothing was written"))
        #expect(try target.objects() == [], "the target is untouched")
        #expect(try um.fingerprint() == before.umFingerprint && reg.fingerprint() == before.regFingerprint)
    }

    @Test("into SQLite every one of those values is carried exactly and verified")
    func carriedIntoSQLite() throws {
        let (um, reg) = try Self.sources(Unfit.allCases)
        let target = try MergeLegacyTests.emptyTarget(.sqlite)
        let result = try MergeLegacyTests.merge(um: um, reg: reg, to: target)
        #expect(result.status == 0, "\(result.standardOutput.prefix(2000))\(result.standardError)")
        #expect(try MergeLegacyTests.json(result)["verified"] as? Bool == true)
        let source = try um.connect(readOnly: true)
        let merged = try target.connect(readOnly: true)
        for (table, key, columns) in [
            ("UM_DOMAIN", "UM_DOMAIN_ID", "hex(UM_DOMAIN_NAME), typeof(UM_DOMAIN_NAME), hex(UM_TENANT_ID), typeof(UM_TENANT_ID)"),
            ("UM_TENANT", "UM_ID", "hex(UM_CREATED_DATE), typeof(UM_CREATED_DATE)"),
        ] {
            let select = "SELECT \(key), \(columns) FROM \(table) ORDER BY \(key)"
            let expected = try source.query(select).rows
            #expect(expected.count >= 2)
            #expect(try merged.query(select).rows == expected, "\(table): every byte as in the source")
        }
    }
}
