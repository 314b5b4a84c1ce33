import Foundation
import LocalMariaDB
import MySQLDriver
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// Drift on MySQL against a real MariaDB: the MySQL catalog held against databases built by WSO2's
/// own script, with and without hand-made changes, and the repair statements run for real.
@Suite("MySQL drift")
struct MySQLDriftTests {
    static let sharedScript = "shared-mysql-kernel-v4.11.18.sql"

    /// A database built by WSO2's shared MySQL script with the `mariadb` client.
    static func builtByWSO2() throws -> MySQLConnection {
        let url = try MySQLFixtures.database(prefix: "wso2")
        try LocalMariaDB.shared().mariadb(database: url.database, file: try MySQLFixtures.referenceScript(sharedScript))
        return try MySQLConnection(url: url)
    }

    @Test(
        "a database built by WSO2's MySQL script has no drift from the MySQL catalog",
        arguments: [
            (WSO2Database.shared, "4.7.0", "shared-mysql-kernel-v4.11.18.sql"),
            (.um, "2.6.0", "legacy-um-reg-mysql-kernel-v4.4.35.sql"),
            (.am, "4.7.0", "apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"),
            (.am, "2.6.0", "legacy-apimgt-mysql-carbon-apimgt-v6.4.50-apim-2.6.0.sql"),
        ])
    func noDrift(database: WSO2Database, version: String, script: String) throws {
        let url = try MySQLFixtures.database(prefix: "wso2")
        try LocalMariaDB.shared().mariadb(database: url.database, file: try MySQLFixtures.referenceScript(script))
        let differences = SchemaDiffer.differences(
            expected: try Catalog.schema(for: database, version: version, engine: .mysql), actual: try MySQLConnection(url: url).inspectSchema())
        #expect(differences.isEmpty, "\(differences.map(\.line).joined(separator: "\n"))")
    }

    @Test("each hand-made change is found and named, and the repair statements undo every one")
    func mutationsFoundAndRepaired() throws {
        let expected = try Catalog.schema(for: .shared, engine: .mysql)
        let connection = try Self.builtByWSO2()
        try connection.execute(
            """
            DROP INDEX REG_LOG_IND_BY_REGLOG ON REG_LOG;
            ALTER TABLE REG_LOG MODIFY REG_ACTION_DATA VARCHAR(400);
            ALTER TABLE REG_PATH MODIFY REG_PATH_VALUE VARCHAR(750) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL;
            ALTER TABLE REG_RESOURCE DROP FOREIGN KEY REG_RESOURCE_FK_BY_CONTENT_ID;
            ALTER TABLE UM_USER ADD COLUMN EXTRA_NOTE VARCHAR(10)
            """)
        let differences = SchemaDiffer.differences(expected: expected, actual: try connection.inspectSchema())
        let lines = differences.map(\.line).sorted()
        #expect(
            lines == [
                "changed  column REG_LOG.REG_ACTION_DATA: length 500 expected, 400 found",
                "changed  column REG_PATH.REG_PATH_VALUE: collation latin1 / latin1_general_cs expected, the table's found",
                "extra    column UM_USER.EXTRA_NOTE",
                "missing  foreign key REG_RESOURCE_FK_BY_CONTENT_ID",
                "missing  index REG_LOG_IND_BY_REGLOG",
            ], "\(lines.joined(separator: "\n"))")

        let dialect = MySQLDialect()
        let repair = dialect.changeStatements(
            for: differences, expected: expected, actual: try connection.inspectSchema(), allowingDestructive: true)
        #expect(repair.filter { $0.destroys != nil }.map(\.sql) == ["ALTER TABLE `UM_USER` DROP COLUMN `EXTRA_NOTE`"])
        for statement in repair where !statement.isComment {
            try connection.execute(statement.sql)
        }
        let after = SchemaDiffer.differences(expected: expected, actual: try connection.inspectSchema())
        #expect(after.isEmpty, "\(after.map(\.line).joined(separator: "\n"))")
        // Repaired, the tables are again what WSO2's script builds, line for line; only the place of a
        // foreign key added back may differ (MySQL lists foreign keys in the order they were added).
        let pristine = try MySQLFixtures.createTables(try Self.builtByWSO2())
        let repaired = try MySQLFixtures.createTables(connection)
        func sortedLines(_ text: String?) -> [String] {
            (text ?? "").components(separatedBy: "\\n").map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }.sorted()
        }
        for (table, text) in pristine.sorted(by: { $0.key < $1.key }) {
            #expect(sortedLines(repaired[table]) == sortedLines(text), "\(table)")
        }
    }
}
