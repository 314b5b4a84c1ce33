import Foundation
import LocalMariaDB
import MySQLDriver
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// WSO2's own MySQL scripts run by the `mariadb` client, read back by the inspector, and built
/// again from the model by the MySQL dialect: every table's `SHOW CREATE TABLE` must come out the
/// same, character for character (the AUTO_INCREMENT counter aside).
@Suite("MySQL inspector and dialect")
struct MySQLCreateTests {
    static let scripts = [
        "shared-mysql-kernel-v4.11.18.sql",
        "legacy-um-reg-mysql-kernel-v4.4.35.sql",
        "apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql",
        "legacy-apimgt-mysql-carbon-apimgt-v6.4.50-apim-2.6.0.sql",
    ]

    @Test("the model of WSO2's script, rendered by the dialect, builds identical tables", arguments: scripts)
    func roundTrip(script: String) throws {
        let server = try LocalMariaDB.shared()
        let wso2 = try MySQLFixtures.database(prefix: "wso2")
        try server.mariadb(database: wso2.database, file: try MySQLFixtures.referenceScript(script))
        let source = try MySQLConnection(url: wso2)
        let schema = try source.inspectSchema()
        #expect(schema.tables.count > 30)

        let built = try MySQLFixtures.database(prefix: "built")
        let target = try MySQLConnection(url: built)
        for statement in MySQLDialect().createStatements(for: schema) {
            try target.execute(statement.script)
        }
        let expected = try MySQLFixtures.createTables(source)
        let actual = try MySQLFixtures.createTables(target)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (table, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(actual[table] == text, "\(table)")
        }
        let rebuilt = try target.inspectSchema()
        #expect(rebuilt.tables.map(\.name) == schema.tables.map(\.name))
        for (table, again) in zip(schema.tables, rebuilt.tables) where table != again {
            Issue.record("\(table.name) reads back differently:\n\(table)\n\(again)")
            break
        }
    }

    /// Every MySQL schema of the catalog with the script it was generated from, and the character set WSO2's
    /// documentation creates its database in where the server's default (utf8mb4) cannot hold the script's keys.
    static let catalogScripts: [(WSO2Database, String, String, String?)] = [
        (.um, "2.1.0", "legacy-um-reg-mysql-kernel-v4.4.11-apim-2.1.0.sql", nil),
        (.um, "2.6.0", "legacy-um-reg-mysql-kernel-v4.4.35.sql", nil),
        (.shared, "3.0.0", "shared-mysql-kernel-v4.5.1-apim-3.0.0.sql", nil),
        (.shared, "3.2.0", "shared-mysql-kernel-v4.6.0-apim-3.1.0+3.2.0.sql", nil),
        (.shared, "4.1.0", "shared-mysql-kernel-v4.6.3-apim-4.1.0.sql", nil),
        (.shared, "4.2.0", "shared-mysql-kernel-v4.8.1-apim-4.2.0.sql", nil),
        (.shared, "4.7.0", "shared-mysql-kernel-v4.11.18.sql", nil),
        (.am, "2.1.0", "apimgt-mysql-carbon-apimgt-v6.1.66-apim-2.1.0.sql", "latin1"),
        (.am, "2.2.0", "apimgt-mysql-carbon-apimgt-v6.2.201-apim-2.2.0.sql", nil),
        (.am, "2.5.0", "apimgt-mysql-carbon-apimgt-v6.3.95-apim-2.5.0.sql", "latin1"),
        (.am, "2.6.0", "legacy-apimgt-mysql-carbon-apimgt-v6.4.50-apim-2.6.0.sql", nil),
        (.am, "3.0.0", "apimgt-mysql-carbon-apimgt-v6.5.349-apim-3.0.0.sql", nil),
        (.am, "3.1.0", "apimgt-mysql-carbon-apimgt-v6.6.163-apim-3.1.0.sql", nil),
        (.am, "3.2.0", "apimgt-mysql-carbon-apimgt-v6.7.206-apim-3.2.0.sql", nil),
        (.am, "4.0.0", "apimgt-mysql-carbon-apimgt-v9.0.174-apim-4.0.0.sql", nil),
        (.am, "4.1.0", "apimgt-mysql-carbon-apimgt-v9.20.74-apim-4.1.0.sql", nil),
        (.am, "4.2.0", "apimgt-mysql-carbon-apimgt-v9.28.116-apim-4.2.0.sql", "latin1"),
        (.am, "4.3.0", "apimgt-mysql-carbon-apimgt-v9.29.120-apim-4.3.0.sql", "latin1"),
        (.am, "4.4.0", "apimgt-mysql-carbon-apimgt-v9.30.67-apim-4.4.0.sql", "latin1"),
        (.am, "4.5.0", "apimgt-mysql-carbon-apimgt-v9.31.86-apim-4.5.0.sql", "latin1"),
        (.am, "4.6.0", "apimgt-mysql-carbon-apimgt-v9.32.147-apim-4.6.0.sql", "latin1"),
        (.am, "4.7.0", "apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql", nil),
    ]

    @Test(
        "the MySQL catalog builds what WSO2's MySQL script builds: every table's SHOW CREATE TABLE identical",
        arguments: catalogScripts)
    func catalogMatchesScript(database: WSO2Database, version: String, script: String, characterSet: String?) throws {
        let server = try LocalMariaDB.shared()
        let wso2 = try MySQLFixtures.database(prefix: "wso2", characterSet: characterSet)
        try server.mariadb(database: wso2.database, file: try MySQLFixtures.referenceScript(script))
        let built = try MySQLConnection(url: try MySQLFixtures.database(prefix: "catalog", characterSet: characterSet))
        for statement in MySQLDialect().createStatements(for: try Catalog.schema(for: database, version: version, engine: .mysql)) {
            try built.execute(statement.script)
        }
        let expected = try MySQLFixtures.createTables(try MySQLConnection(url: wso2))
        let actual = try MySQLFixtures.createTables(built)
        #expect(expected.count == (try Catalog.schema(for: database, version: version, engine: .mysql)).tables.count)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (table, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(actual[table] == text, "\(table)")
        }
    }

    @Test("the WSO2_SHARED_DB of 4.0.0 that no MySQL script exists of builds on MariaDB and reads back without drift")
    func derivedSchemaBuilds() throws {
        let expected = try Catalog.schema(for: .shared, version: "4.0.0", engine: .mysql)
        let built = try MySQLConnection(url: try MySQLFixtures.database(prefix: "derived"))
        for statement in MySQLDialect().createStatements(for: expected) {
            try built.execute(statement.script)
        }
        let differences = SchemaDiffer.differences(expected: MySQLDialect().inspectedForm(of: expected), actual: try built.inspectSchema())
        #expect(differences.isEmpty, "\(differences.map(\.line).joined(separator: "\n"))")
        #expect(try MySQLFixtures.createTables(built).count == 42)
    }

    @Test("columns, keys and storage details are read as WSO2's shared script declares them")
    func inspectedDetails() throws {
        let server = try LocalMariaDB.shared()
        let url = try MySQLFixtures.database()
        try server.mariadb(database: url.database, file: try MySQLFixtures.referenceScript(Self.scripts[0]))
        let schema = try MySQLConnection(url: url).inspectSchema()
        let path = try #require(schema.table(named: "REG_PATH"))
        // Declared in the script: VARCHAR(750) CHARACTER SET latin1 COLLATE latin1_general_cs NOT NULL.
        #expect(path.column(named: "REG_PATH_VALUE") == Column("REG_PATH_VALUE", .varchar(750), .notNull, .collation(Collation("latin1", "latin1_general_cs"))))
        #expect(path.column(named: "REG_PATH_ID")?.isAutoIncrement == true)
        #expect(path.primaryKey == PrimaryKey(name: nil, columns: ["REG_PATH_ID", "REG_TENANT_ID"]))
        #expect(path.uniqueConstraints == [UniqueConstraint(name: "UNIQUE_REG_PATH_TENANT_ID", columns: ["REG_PATH_VALUE", "REG_TENANT_ID"])])
        #expect(path.indexes.map(\.method) == ["HASH"])
        #expect(path.engine == "InnoDB")
        #expect(schema.tables.first?.name == "REG_CLUSTER_LOCK")
        let attribute = try #require(schema.table(named: "UM_USER_ATTRIBUTE"))
        #expect(attribute.indexes.first { $0.name == "UM_ATTR_NAME_VALUE_INDEX" }?.prefixLengths == ["UM_ATTR_VALUE": 512])
        let content = try #require(schema.table(named: "REG_CONTENT"))
        #expect(content.column(named: "REG_CONTENT_DATA")?.type == .other("longblob"))
    }
}

extension MySQLFixtures {
    /// One of WSO2's scripts in `../shared/reference/wso2/`.
    static func referenceScript(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(name)").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatabaseError(.invalidInput, "\(path) is missing: the MySQL tests compare against WSO2's scripts in ../shared/reference/wso2")
        }
        return path
    }

    /// `SHOW CREATE TABLE` of every table of the connection's database (see `LocalMariaDB.createTableStatements`).
    static func createTables(_ connection: MySQLConnection) throws -> [String: String] {
        try LocalMariaDB.shared().createTableStatements(database: connection.address.database)
    }
}
