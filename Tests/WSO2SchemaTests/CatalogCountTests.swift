import Testing
import WSO2Schema
@testable import WSO2Catalog

/// What one of WSO2's PostgreSQL scripts declares. Every number and name here was counted from the
/// script itself (grep and a short Python count over the .sql file, comments excluded), never read back
/// from the catalog, so a transcription slip in the catalog shows up as a mismatch.
struct ScriptCounts: Sendable, CustomTestStringConvertible {
    var script: String
    var schema: Schema
    var tables: Int
    var columns: Int
    var notNullColumns: Int
    var columnsWithDefault: Int
    var sequences: Int
    /// Distinct sequences named by some column's NEXTVAL default.
    var sequencesDrawnFrom: Int
    var sequenceDefaults: Int
    var indexes: Int
    var uniqueIndexes: Int
    var foreignKeys: Int
    var cascadingForeignKeys: Int
    var primaryKeys: Int
    var namedPrimaryKeys: Int
    var uniqueConstraints: Int
    var namedUniqueConstraints: Int
    var namedForeignKeys: Int
    var namedConstraints: Int
    var unnamedConstraints: Int
    var seeds: Int
    var tablesWithoutPrimaryKey: [String]
    var tableNames: [String]

    var testDescription: String { script }
}

// Table order shared by both kernels for the registry and the first UM_ tables.
private let registryTables = [
    "REG_CLUSTER_LOCK", "REG_LOG", "REG_PATH", "REG_CONTENT", "REG_CONTENT_HISTORY", "REG_RESOURCE",
    "REG_RESOURCE_HISTORY", "REG_COMMENT", "REG_RESOURCE_COMMENT", "REG_RATING", "REG_RESOURCE_RATING", "REG_TAG",
    "REG_RESOURCE_TAG", "REG_PROPERTY", "REG_RESOURCE_PROPERTY", "REG_ASSOCIATION", "REG_SNAPSHOT",
]

private let userManagementTablesUpToHybridUserRole = [
    "UM_TENANT", "UM_DOMAIN", "UM_USER", "UM_SYSTEM_USER", "UM_ROLE", "UM_MODULE", "UM_MODULE_ACTIONS",
    "UM_PERMISSION", "UM_ROLE_PERMISSION", "UM_USER_PERMISSION", "UM_USER_ROLE", "UM_SHARED_USER_ROLE",
    "UM_ACCOUNT_MAPPING", "UM_USER_ATTRIBUTE", "UM_DIALECT", "UM_CLAIM", "UM_PROFILE_CONFIG", "UM_CLAIM_BEHAVIOR",
    "UM_HYBRID_ROLE", "UM_HYBRID_USER_ROLE",
]

/// Counted from shared-postgresql-kernel-v4.11.18.sql (WSO2's dbscripts/postgresql.sql for API-M 4.3.0-4.7.0).
let sharedKernel4_11_18Counts = ScriptCounts(
    script: "WSO2_SHARED_DB, kernel 4.11.18",
    schema: Kernel4_11_18.schema,
    tables: 51,
    columns: 257,
    notNullColumns: 102,
    columnsWithDefault: 87,
    sequences: 41,
    sequencesDrawnFrom: 39,
    sequenceDefaults: 41,
    indexes: 28,
    uniqueIndexes: 1,
    foreignKeys: 43,
    cascadingForeignKeys: 22,
    primaryKeys: 48,
    namedPrimaryKeys: 10,
    uniqueConstraints: 23,
    namedUniqueConstraints: 1,
    namedForeignKeys: 18,
    namedConstraints: 29,
    unnamedConstraints: 85,
    seeds: 2,
    tablesWithoutPrimaryKey: ["UM_ORG_ROLE_USER", "UM_ORG_ROLE_GROUP", "UM_ORG_ROLE_PERMISSION"],
    tableNames: registryTables + userManagementTablesUpToHybridUserRole + [
        "UM_HYBRID_GROUP_ROLE", "UM_SYSTEM_ROLE", "UM_SYSTEM_USER_ROLE", "UM_HYBRID_REMEMBER_ME",
        "UM_UUID_DOMAIN_MAPPER", "UM_GROUP_UUID_DOMAIN_MAPPER",
        "UM_ORG", "UM_ORG_ATTRIBUTE", "UM_ORG_ROLE", "UM_ORG_PERMISSION", "UM_ORG_ROLE_USER", "UM_ORG_ROLE_GROUP",
        "UM_ORG_ROLE_PERMISSION", "UM_ORG_HIERARCHY",
    ]
)

/// Counted from legacy-um-reg-postgresql-kernel-v4.4.35.sql (WSO2's dbscripts/postgresql.sql for API-M 2.6.0).
let legacyKernel4_4_35Counts = ScriptCounts(
    script: "WSO2UM_DB/WSO2REG_DB, kernel 4.4.35",
    schema: Kernel4_4_35.schema,
    tables: 40,
    columns: 208,
    notNullColumns: 71,
    columnsWithDefault: 71,
    sequences: 31,
    sequencesDrawnFrom: 31,
    sequenceDefaults: 31,
    indexes: 23,
    uniqueIndexes: 0,
    foreignKeys: 30,
    cascadingForeignKeys: 9,
    primaryKeys: 35,
    namedPrimaryKeys: 10,
    uniqueConstraints: 13,
    namedUniqueConstraints: 0,
    namedForeignKeys: 13,
    namedConstraints: 23,
    unnamedConstraints: 55,
    seeds: 0,
    tablesWithoutPrimaryKey: [
        "REG_RESOURCE_COMMENT", "REG_RESOURCE_RATING", "REG_RESOURCE_TAG", "REG_RESOURCE_PROPERTY",
        "UM_SHARED_USER_ROLE",
    ],
    tableNames: registryTables + userManagementTablesUpToHybridUserRole + [
        "UM_SYSTEM_ROLE", "UM_SYSTEM_USER_ROLE", "UM_HYBRID_REMEMBER_ME",
    ]
)

/// Counted from shared-postgresql-kernel-v4.6.2.sql (WSO2's dbscripts/postgresql.sql for API-M 4.0.0).
let sharedKernel4_6_2Counts = ScriptCounts(
    script: "WSO2_SHARED_DB, kernel 4.6.2",
    schema: Kernel4_6_2.schema,
    tables: 42,
    columns: 219,
    notNullColumns: 79,
    columnsWithDefault: 75,
    sequences: 33,
    sequencesDrawnFrom: 32,
    sequenceDefaults: 33,
    indexes: 24,
    uniqueIndexes: 0,
    foreignKeys: 33,
    cascadingForeignKeys: 12,
    primaryKeys: 37,
    namedPrimaryKeys: 10,
    uniqueConstraints: 20,
    namedUniqueConstraints: 1,
    namedForeignKeys: 13,
    namedConstraints: 24,
    unnamedConstraints: 66,
    seeds: 0,
    tablesWithoutPrimaryKey: [
        "REG_RESOURCE_COMMENT", "REG_RESOURCE_RATING", "REG_RESOURCE_TAG", "REG_RESOURCE_PROPERTY",
        "UM_SHARED_USER_ROLE",
    ],
    tableNames: registryTables + userManagementTablesUpToHybridUserRole + [
        "UM_HYBRID_GROUP_ROLE", "UM_SYSTEM_ROLE", "UM_SYSTEM_USER_ROLE", "UM_HYBRID_REMEMBER_ME",
        "UM_UUID_DOMAIN_MAPPER",
    ]
)

@Suite("Catalog counts match WSO2's PostgreSQL scripts")
struct CatalogCountTests {
    static let scripts = [sharedKernel4_11_18Counts, legacyKernel4_4_35Counts, sharedKernel4_6_2Counts]

    @Test("tables, columns and sequences", arguments: scripts)
    func tablesColumnsAndSequences(_ expected: ScriptCounts) {
        let schema = expected.schema
        let columns = schema.tables.flatMap(\.columns)
        #expect(schema.tables.count == expected.tables)
        #expect(schema.tables.map(\.name) == expected.tableNames)
        #expect(columns.count == expected.columns)
        #expect(columns.filter { !$0.isNullable }.count == expected.notNullColumns)
        #expect(columns.filter { $0.defaultValue != nil }.count == expected.columnsWithDefault)
        #expect(schema.sequences.count == expected.sequences)
        let drawn = schema.tables.flatMap(\.sequenceBackedColumns).map(\.sequence)
        #expect(drawn.count == expected.sequenceDefaults)
        #expect(Set(drawn).count == expected.sequencesDrawnFrom)
        #expect(schema.seeds.count == expected.seeds)
    }

    @Test("indexes and foreign keys", arguments: scripts)
    func indexesAndForeignKeys(_ expected: ScriptCounts) {
        let schema = expected.schema
        #expect(schema.indexes.count == expected.indexes)
        #expect(schema.indexes.filter(\.isUnique).count == expected.uniqueIndexes)
        #expect(schema.foreignKeys.count == expected.foreignKeys)
        #expect(schema.foreignKeys.filter { $0.onDelete == .cascade }.count == expected.cascadingForeignKeys)
        #expect(schema.foreignKeys.allSatisfy { $0.onUpdate == .noAction })
    }

    @Test("named and unnamed constraints", arguments: scripts)
    func namedAndUnnamedConstraints(_ expected: ScriptCounts) {
        let schema = expected.schema
        let primaryKeys = schema.tables.compactMap(\.primaryKey)
        let uniques = schema.tables.flatMap(\.uniqueConstraints)
        let foreignKeys = schema.foreignKeys
        #expect(primaryKeys.count == expected.primaryKeys)
        #expect(primaryKeys.filter { $0.name != nil }.count == expected.namedPrimaryKeys)
        #expect(uniques.count == expected.uniqueConstraints)
        #expect(uniques.filter { $0.name != nil }.count == expected.namedUniqueConstraints)
        #expect(foreignKeys.filter { $0.name != nil }.count == expected.namedForeignKeys)

        let names = primaryKeys.map(\.name) + uniques.map(\.name) + foreignKeys.map(\.name)
        #expect(names.filter { $0 != nil }.count == expected.namedConstraints)
        #expect(names.filter { $0 == nil }.count == expected.unnamedConstraints)
        #expect(
            schema.tables.filter { $0.primaryKey == nil }.map(\.name) == expected.tablesWithoutPrimaryKey
        )
    }

    @Test("every reference resolves inside the schema", arguments: scripts)
    func referencesResolve(_ expected: ScriptCounts) {
        let schema = expected.schema
        #expect(Set(schema.tables.map { $0.name.uppercased() }).count == schema.tables.count)
        #expect(Set(schema.sequences.map { $0.name.uppercased() }).count == schema.sequences.count)
        #expect(Set(schema.indexes.map { $0.name.uppercased() }).count == schema.indexes.count)

        for (position, table) in schema.tables.enumerated() {
            for (column, sequence) in table.sequenceBackedColumns {
                #expect(schema.sequence(named: sequence) != nil, "\(table.name).\(column.name) draws from \(sequence)")
            }
            let keyed = (table.primaryKey?.columns ?? []) + table.uniqueConstraints.flatMap(\.columns)
            for name in keyed {
                #expect(table.column(named: name) != nil, "\(table.name) key column \(name)")
            }
            for index in table.indexes {
                for case .column(let name) in index.keys {
                    #expect(table.column(named: name) != nil, "\(index.name) on \(table.name) keys \(name)")
                }
            }
            for foreignKey in table.foreignKeys {
                let label = "\(table.name) \(foreignKey.name ?? "FK") -> \(foreignKey.referencedTable)"
                #expect(foreignKey.columns.count == foreignKey.referencedColumns.count, "\(label)")
                for name in foreignKey.columns {
                    #expect(table.column(named: name) != nil, "\(label): own column \(name)")
                }
                guard let target = schema.table(named: foreignKey.referencedTable),
                    let targetPosition = schema.tables.firstIndex(where: { $0.name == target.name })
                else {
                    Issue.record("\(label): referenced table is not declared")
                    continue
                }
                // PostgreSQL needs the referenced table to exist already when the key is created.
                #expect(targetPosition <= position, "\(label): referenced table declared later")
                for name in foreignKey.referencedColumns {
                    #expect(target.column(named: name) != nil, "\(label): referenced column \(name)")
                }
                // PostgreSQL also needs the referenced columns to be exactly a primary key or a unique constraint.
                let referenced = foreignKey.referencedColumns.map { $0.uppercased() }
                let candidateKeys = ([target.primaryKey?.columns].compactMap { $0 } + target.uniqueConstraints.map(\.columns))
                    .map { $0.map { $0.uppercased() } }
                #expect(candidateKeys.contains { Set($0) == Set(referenced) }, "\(label): no key on referenced columns")
            }
        }
        for seed in schema.seeds {
            #expect(seed.columns.count == seed.values.count)
            guard let table = schema.table(named: seed.table) else {
                Issue.record("seed row into undeclared table \(seed.table)")
                continue
            }
            for name in seed.columns {
                #expect(table.column(named: name) != nil, "seed into \(seed.table) names \(name)")
            }
        }
    }

    // MARK: Spot checks, copied column by column from the scripts.

    @Test func sharedTenantTable() throws {
        let tenant = try #require(Kernel4_11_18.schema.table(named: "UM_TENANT"))
        #expect(
            tenant.columns == [
                Column("UM_ID", .integer, .default(.nextval("UM_TENANT_PK_SEQ"))),
                Column("UM_TENANT_UUID", .varchar(36), .notNull),
                Column("UM_DOMAIN_NAME", .varchar(255), .notNull),
                Column("UM_EMAIL", .varchar(255)),
                Column("UM_ACTIVE", .boolean, .default(false)),
                Column("UM_CREATED_DATE", .timestamp, .notNull),
                Column("UM_USER_CONFIG", .binary),
                Column("UM_ORG_UUID", .varchar(36), .default(.null)),
            ])
        #expect(tenant.primaryKey == PrimaryKey("UM_ID"))
        #expect(tenant.uniqueConstraints == [UniqueConstraint("UM_DOMAIN_NAME"), UniqueConstraint("UM_TENANT_UUID")])
        #expect(tenant.indexes == [Index("INDEX_UM_TENANT_UM_DOMAIN_NAME", on: "UM_TENANT", ["UM_DOMAIN_NAME"])])
        #expect(tenant.foreignKeys.isEmpty)
    }

    @Test func legacyTenantTable() throws {
        let tenant = try #require(Kernel4_4_35.schema.table(named: "UM_TENANT"))
        #expect(
            tenant.columns == [
                Column("UM_ID", .integer, .default(.nextval("UM_TENANT_PK_SEQ"))),
                Column("UM_DOMAIN_NAME", .varchar(255), .notNull),
                Column("UM_EMAIL", .varchar(255)),
                Column("UM_ACTIVE", .boolean, .default(false)),
                Column("UM_CREATED_DATE", .timestamp, .notNull),
                Column("UM_USER_CONFIG", .binary),
            ])
        #expect(tenant.uniqueConstraints == [UniqueConstraint("UM_DOMAIN_NAME")])
    }

    @Test("REG_RESOURCE carries the index WSO2 named after REG_RESOURCE_HISTORY", arguments: scripts)
    func registryResourceIndexes(_ expected: ScriptCounts) throws {
        let schema = expected.schema
        let resource = try #require(schema.table(named: "REG_RESOURCE"))
        #expect(
            resource.indexes.map(\.name) == [
                "REG_RESOURCE_IND_BY_NAME", "REG_RESOURCE_IND_BY_PATH_ID_NAME", "REG_RESOURCE_IND_BY_UUID",
                "REG_RESOURCE_IND_BY_TENANT", "REG_RESOURCE_IND_BY_TYPE", "REG_RESOURCE_HISTORY_IND_BY_PATH_ID_NAME",
            ])
        let misnamed = try #require(resource.indexes.last)
        #expect(misnamed.table == "REG_RESOURCE")
        #expect(misnamed.keys == ["REG_PATH_ID", "REG_NAME", "REG_TENANT_ID"])
        #expect(!misnamed.isUnique)
        let history = try #require(schema.table(named: "REG_RESOURCE_HISTORY"))
        #expect(history.indexes.map(\.name) == ["REG_RESOURCE_HISTORY_IND_BY_NAME"])
        #expect(
            resource.foreignKeys == [
                ForeignKey(
                    ["REG_PATH_ID", "REG_TENANT_ID"], references: "REG_PATH", ["REG_PATH_ID", "REG_TENANT_ID"],
                    name: "REG_RESOURCE_FK_BY_PATH_ID"),
                ForeignKey(
                    ["REG_CONTENT_ID", "REG_TENANT_ID"], references: "REG_CONTENT", ["REG_CONTENT_ID", "REG_TENANT_ID"],
                    name: "REG_RESOURCE_FK_BY_CONTENT_ID"),
            ])
        #expect(resource.primaryKey == PrimaryKey("REG_VERSION", "REG_TENANT_ID", name: "PK_REG_RESOURCE"))
    }

    @Test func registryDifferencesBetweenKernels() throws {
        let shared = Kernel4_11_18.schema
        let legacy = Kernel4_4_35.schema
        let sharedPath = try #require(shared.table(named: "REG_PATH"))
        let legacyPath = try #require(legacy.table(named: "REG_PATH"))
        #expect(
            sharedPath.uniqueConstraints == [
                UniqueConstraint("REG_PATH_VALUE", "REG_TENANT_ID", name: "UNIQUE_REG_PATH_TENANT_ID")
            ])
        #expect(sharedPath.indexes.map(\.name) == ["REG_PATH_IND_BY_PATH_PARENT_ID"])
        #expect(legacyPath.uniqueConstraints.isEmpty)
        #expect(legacyPath.indexes.map(\.name) == ["REG_PATH_IND_BY_PATH_VALUE", "REG_PATH_IND_BY_PATH_PARENT_ID"])

        for table in ["REG_LOG", "REG_COMMENT", "REG_RATING", "REG_TAG"] {
            #expect(shared.table(named: table)?.column(named: "REG_USER_ID")?.type == .varchar(255))
            #expect(legacy.table(named: table)?.column(named: "REG_USER_ID")?.type == .varchar(31))
        }
        let legacyResourceTag = try #require(legacy.table(named: "REG_RESOURCE_TAG"))
        #expect(legacyResourceTag.column(named: "ID") == nil)
        let sharedResourceTag = try #require(shared.table(named: "REG_RESOURCE_TAG"))
        #expect(sharedResourceTag.columns.first == Column("ID", .integer, .default(.nextval("REG_RESOURCE_TAG_PK_SEQ"))))
        #expect(sharedResourceTag.primaryKey == PrimaryKey("ID"))
    }

    @Test func userTableHasConstraintAndRedundantUniqueIndex() throws {
        let user = try #require(Kernel4_11_18.schema.table(named: "UM_USER"))
        #expect(user.uniqueConstraints == [UniqueConstraint("UM_USER_ID"), UniqueConstraint("UM_USER_NAME", "UM_TENANT_ID")])
        #expect(
            user.indexes == [
                Index("INDEX_UM_USERNAME_UM_TENANT_ID", on: "UM_USER", ["UM_USER_NAME", "UM_TENANT_ID"], unique: true)
            ])
        #expect(user.column(named: "UM_USER_ID") == Column("UM_USER_ID", .varchar(255), .notNull))
    }

    @Test func uuidMappersDrawFromTheRememberMeSequence() throws {
        let schema = Kernel4_11_18.schema
        for name in ["UM_UUID_DOMAIN_MAPPER", "UM_GROUP_UUID_DOMAIN_MAPPER"] {
            let table = try #require(schema.table(named: name))
            #expect(table.column(named: "UM_ID")?.defaultValue == .nextValue("UM_HYBRID_REMEMBER_ME_PK_SEQ"))
            #expect(table.primaryKey == PrimaryKey("UM_ID"))
            // Their own sequences are declared, and nothing draws from them.
            let ownSequence = name + "_PK_SEQ"
            #expect(schema.sequence(named: ownSequence) != nil)
            let drawn = schema.tables.flatMap(\.sequenceBackedColumns).map(\.sequence)
            #expect(!drawn.contains(ownSequence))
        }
    }

    @Test func organizationTreeAndSeeds() throws {
        let schema = Kernel4_11_18.schema
        let org = try #require(schema.table(named: "UM_ORG"))
        #expect(org.column(named: "UM_STATUS") == Column("UM_STATUS", .varchar(255), .default("ACTIVE"), .notNull))
        #expect(org.foreignKeys == [ForeignKey(["UM_PARENT_ID"], references: "UM_ORG", ["UM_ID"], onDelete: .cascade)])

        let superOrg = "10084a8d-113f-4211-a0d5-efe36b082211"
        #expect(schema.seeds.map(\.table) == ["UM_ORG", "UM_ORG_HIERARCHY"])
        #expect(schema.seeds.allSatisfy { $0.ignoresConflicts })
        let orgRow = schema.seeds[0]
        #expect(
            orgRow.columns == [
                "UM_ID", "UM_ORG_NAME", "UM_ORG_DESCRIPTION", "UM_CREATED_TIME", "UM_LAST_MODIFIED", "UM_STATUS",
                "UM_ORG_TYPE",
            ])
        #expect(
            orgRow.values == [
                .string(superOrg), "Super", "This is the super organization.", .currentTimestamp, .currentTimestamp,
                "ACTIVE", "TENANT",
            ])
        let hierarchyRow = schema.seeds[1]
        #expect(hierarchyRow.columns == ["UM_PARENT_ID", "UM_ID", "DEPTH"])
        #expect(hierarchyRow.values == [.string(superOrg), .string(superOrg), .integer(0)])

        let rolePermission = try #require(schema.table(named: "UM_ORG_ROLE_PERMISSION"))
        #expect(
            rolePermission.foreignKeys.map(\.name) == [
                "FK_UM_ORG_ROLE_PERMISSION_UM_ORG_ROLE", "FK_UM_ORG_ROLE_PERMISSION_UM_ORG_PERMISSION",
            ])
    }

    @Test func kernel4_6_2TenantAndUserTables() throws {
        let schema = Kernel4_6_2.schema
        let tenant = try #require(schema.table(named: "UM_TENANT"))
        #expect(tenant.column(named: "UM_TENANT_UUID") == Column("UM_TENANT_UUID", .varchar(36), .notNull))
        #expect(tenant.column(named: "UM_ORG_UUID") == nil)
        #expect(tenant.uniqueConstraints == [UniqueConstraint("UM_DOMAIN_NAME"), UniqueConstraint("UM_TENANT_UUID")])
        let user = try #require(schema.table(named: "UM_USER"))
        #expect(user.column(named: "UM_USER_ID") == Column("UM_USER_ID", .varchar(255), .notNull))
        #expect(user.uniqueConstraints == [UniqueConstraint("UM_USER_ID", "UM_TENANT_ID")])
        #expect(user.indexes.isEmpty)
        #expect(schema.table(named: "UM_SHARED_USER_ROLE")?.primaryKey == nil)
        #expect(schema.table(named: "REG_RESOURCE_TAG")?.column(named: "ID") == nil)
        #expect(schema.table(named: "REG_TAG")?.column(named: "REG_USER_ID")?.type == .varchar(255))
    }

    @Test func catalogResolvesAPIM4_0_0ToKernel4_6_2() throws {
        #expect(Catalog.defaultVersion(of: .shared) == "4.7.0")
        let schema = try Catalog.schema(for: .shared, version: "4.0.0")
        #expect(schema.version == "4.0.0")
        #expect(schema.tables == Kernel4_6_2.schema.tables)
    }

    @Test func legacySharedUserRoleHasNoKey() throws {
        let table = try #require(Kernel4_4_35.schema.table(named: "UM_SHARED_USER_ROLE"))
        #expect(table.primaryKey == nil)
        #expect(table.columns.map(\.name) == ["UM_ROLE_ID", "UM_USER_ID", "UM_USER_TENANT_ID", "UM_ROLE_TENANT_ID"])
        #expect(table.foreignKeys.count == 2)
        #expect(table.foreignKeys.allSatisfy { $0.onDelete == .cascade && $0.name == nil })
    }
}
