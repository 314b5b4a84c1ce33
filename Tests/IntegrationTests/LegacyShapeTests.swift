import AllDrivers
import Foundation
import LegacyData
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Migrator

/// The generator's shapes (#21): each is deterministic, has the properties it promises (value sizes,
/// NULL share, claims, permissions, uneven tenants), and merges verified with its phases timed.
@Suite("legacy data shapes")
struct LegacyShapeTests {
    static func count(_ connection: any DatabaseConnection, _ sql: String) throws -> Int {
        Int(try connection.query(SQLStatement(sql)).rows[0][0].integerValue ?? -1)
    }

    /// The lengths of `REG_CONTENT_DATA`, nil for NULL, in id order.
    static func contentLengths(_ reg: any DatabaseConnection) throws -> [Int?] {
        try reg.query(
            SQLStatement("SELECT length(\"REG_CONTENT_DATA\") FROM \"REG_CONTENT\" ORDER BY \"REG_TENANT_ID\", \"REG_CONTENT_ID\"")
        ).rows.map { $0[0].integerValue.map(Int.init) }
    }

    @Test("a shape gives the same rows for the same seed, other rows for another seed", arguments: [Shape.registry, .tenants])
    func deterministic(shape: Shape) throws {
        func fill(_ seed: UInt64) throws -> (LegacyDataReport, [Int?], [String]) {
            let (um, reg, report) = try LegacyDataTests.filled("sqlite", LegacyDataGenerator(seed: seed, scale: Scale(factor: 1), shape: shape))
            let attributes = try um.query(
                SQLStatement("SELECT \"UM_ID\", \"UM_ATTR_NAME\", \"UM_ATTR_VALUE\", \"UM_TENANT_ID\" FROM \"UM_USER_ATTRIBUTE\" ORDER BY 4, 1")
            ).rows.map { "\($0)" }
            return (report, try Self.contentLengths(reg), attributes)
        }
        let first = try fill(5)
        let again = try fill(5)
        #expect(first.0 == again.0)
        #expect(first.1 == again.1)
        #expect(first.2 == again.2)
        let other = try fill(6)
        #expect(first.1 != other.1 || first.2 != other.2, "seed 6 gave the same data as seed 5")
        // Not the uniform shape under another name.
        let uniform = try LegacyDataTests.filled("sqlite", LegacyDataGenerator(seed: 5, scale: Scale(factor: 1))).report
        #expect(first.0.rows != uniform.rows)
    }

    @Test("the registry shape: few-KB definitions, a 256 KB-1 MB tail, about 3% NULL, a very large value, many claims and permissions")
    func registryShape() throws {
        let generator = LegacyDataGenerator(seed: 1, scale: Scale(factor: 2), shape: .registry)
        let (um, reg, report) = try LegacyDataTests.filled("sqlite", generator)
        let lengths = try Self.contentLengths(reg)
        let values = lengths.compactMap { $0 }
        #expect(lengths.count == report.rows["REG_CONTENT"])
        #expect(lengths.count > 500, "\(lengths.count) REG_CONTENT rows")

        let nullShare = Double(lengths.count - values.count) / Double(lengths.count)
        #expect(nullShare > 0.01 && nullShare < 0.06, "NULL share \(nullShare)")
        let small = values.filter { $0 < 32 * 1024 }
        #expect(Double(small.count) / Double(values.count) > 0.9, "\(small.count) of \(values.count) values under 32 KB")
        let definitions = values.filter { $0 >= 2048 && $0 < 32 * 1024 }.sorted()
        let median = definitions[definitions.count / 2]
        #expect((4 * 1024...16 * 1024).contains(median), "median definition \(median) bytes")
        let tail = values.filter { (256 * 1024...1 << 20).contains($0) }
        #expect(!tail.isEmpty && Double(tail.count) / Double(values.count) < 0.05, "\(tail.count) values of 256 KB-1 MB")
        #expect((values.max() ?? 0) >= 4 << 20, "largest value \(values.max() ?? 0) bytes")

        let users = try Self.count(um, "SELECT count(*) FROM \"UM_USER\"")
        let attributes = try Self.count(um, "SELECT count(*) FROM \"UM_USER_ATTRIBUTE\"")
        #expect(Double(attributes) / Double(users) >= 30, "\(attributes) attributes for \(users) users")
        let fullest = try Self.count(
            um, "SELECT max(n) FROM (SELECT count(*) AS n FROM \"UM_ROLE_PERMISSION\" GROUP BY \"UM_ROLE_NAME\", \"UM_TENANT_ID\") t")
        #expect(fullest >= 40, "the role with the most permissions holds \(fullest)")
    }

    @Test("the tenants shape: many tenants, of very uneven size")
    func tenantsShape() throws {
        let generator = LegacyDataGenerator(seed: 1, scale: Scale(factor: 2), shape: .tenants)
        let (um, reg, _) = try LegacyDataTests.filled("sqlite", generator)
        #expect(try Self.count(um, "SELECT count(*) FROM \"UM_TENANT\"") == 39)
        let users = try um.query(SQLStatement("SELECT count(*) FROM \"UM_USER\" GROUP BY \"UM_TENANT_ID\"")).rows.compactMap { $0[0].integerValue }
        let resources = try reg.query(SQLStatement("SELECT count(*) FROM \"REG_RESOURCE\" GROUP BY \"REG_TENANT_ID\"")).rows.compactMap { $0[0].integerValue }
        #expect(users.count == 40 && resources.count == 40, "\(users.count) tenants with users, \(resources.count) with resources")
        #expect((users.max() ?? 0) >= 10 * (users.min() ?? 1), "users per tenant \(users.min() ?? 0)-\(users.max() ?? 0)")
        #expect((resources.max() ?? 0) >= 5 * (resources.min() ?? 1), "resources per tenant \(resources.min() ?? 0)-\(resources.max() ?? 0)")
        #expect(Set(users).count >= 10, "only \(Set(users).count) distinct tenant sizes")
    }

    @Test("every shape merges verified on SQLite, and the report times each phase", arguments: [Shape.registry, .tenants])
    func mergesWithPhases(shape: Shape) throws {
        AllDrivers.register()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-shape-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let um = try Connector.open(try DatabaseURL(parsing: "sqlite:\(folder)/um.db"), for: .create)
        let reg = try Connector.open(try DatabaseURL(parsing: "sqlite:\(folder)/reg.db"), for: .create)
        _ = try SchemaCreator(database: .um, schema: LegacyDataTests.schema).create(on: um)
        _ = try SchemaCreator(database: .reg, schema: LegacyDataTests.schema).create(on: reg)
        _ = try LegacyDataGenerator(seed: 3, scale: Scale(factor: 1), shape: shape).fill(um: um, reg: reg)

        let report = try LegacyMerge.run(
            um: try DatabaseURL(parsing: "sqlite:\(folder)/um.db"), reg: try DatabaseURL(parsing: "sqlite:\(folder)/reg.db"),
            to: try DatabaseURL(parsing: "sqlite:\(folder)/shared.db"), options: LegacyMerge.Options())
        #expect(report.verified == true)
        #expect(report.phases.map(\.phase) == LegacyMerge.Phase.allCases)
        #expect(report.phases.allSatisfy { $0.milliseconds >= 0 })
        #expect(report.phases.reduce(0) { $0 + $1.milliseconds } <= report.milliseconds + report.phases.count)
        for table in report.tables {
            #expect(table.copyMilliseconds != nil, "\(table.table) has no copy time")
            #expect(table.copyBytes.map { $0 > 0 } == true, "\(table.table): \(table.copyBytes ?? -1) bytes copied")
        }
    }
}
