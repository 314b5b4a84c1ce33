import MySQLDriver
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema
@testable import WSO2Migrator

/// `create` on MySQL, where each CREATE commits by itself: what a failed verification says.
@Suite("MySQL create's verification")
struct MySQLCreateResumeTests {
    @Test("a verification that fails after every statement ran says that nothing was rolled back, and how to go on")
    func verificationFailureTellsTheTruth() throws {
        let connection = try MySQLFixtures.connection()
        let schema = try Catalog.schema(for: .shared, version: "4.7.0", engine: connection.dialect.catalogEngine)
        let creator = SchemaCreator(database: .shared, schema: schema)
        // Every statement run and journalled, as by a run stopped before its check; then a table goes missing.
        let statements = connection.dialect.createStatements(for: schema)
        try DDLJournal.run(
            "create shared \(schema.version)", statements.map { DDLJournal.Entry(object: $0.object, statement: $0.statement) },
            on: connection, during: "test")
        try connection.execute("DROP TABLE `REG_CLUSTER_LOCK`")

        #expect {
            try creator.create(on: connection)
        } throws: { error in
            let text = "\(error)"
            return text.contains("table REG_CLUSTER_LOCK") && text.contains("nothing was rolled back") && text.contains("kept")
                && text.contains("--fix-sql") && !text.contains("the transaction was rolled back")
        }
        // What it says holds: the other tables are there, and no history row was written.
        #expect(try connection.existingObjects().contains { $0.name == "UM_USER" })
        #expect(try connection.query("SELECT COUNT(*) FROM `wso2db_schema_history`").rows.first?.first?.integerValue == 0)
    }
}
