import Foundation
import Migrations
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Schema
@testable import WSO2Migrator

/// SQLite's dialect with one capability switched off: DDL that commits by itself, as on MySQL.
/// Everything else is SQLite's own, so the statements really run.
struct NonTransactionalDDL<Base: SQLDialect>: SQLDialect {
    let base: Base

    var engineName: String { base.engineName }
    var engineID: String { base.engineID }
    var supportsTransactionalDDL: Bool { false }
    var hasNativeSequences: Bool { base.hasNativeSequences }
    func placeholder(_ position: Int) -> String { base.placeholder(position) }
    func storedName(_ name: String) -> String { base.storedName(name) }
    func booleanLiteral(_ flag: Bool) -> String { base.booleanLiteral(flag) }
    func blobLiteral(_ bytes: [UInt8]) -> String { base.blobLiteral(bytes) }
    func quoteExactly(_ name: String) -> String { base.quoteExactly(name) }
    func quote(_ name: String) -> String { base.quote(name) }
    func stringLiteral(_ text: String) -> String { base.stringLiteral(text) }
    func literal(_ value: SQLValue) -> String { base.literal(value) }
    func insertSQL(into quotedTable: String, columns: [String], values: [String], ignoringConflicts: Bool) -> String {
        base.insertSQL(into: quotedTable, columns: columns, values: values, ignoringConflicts: ignoringConflicts)
    }
    func createIndexStatement(_ index: Index) -> DDLStatement { base.createIndexStatement(index) }
    func dropIndexSQL(_ name: String, table: String) -> String { base.dropIndexSQL(name, table: table) }
    func createSequenceStatements(_ sequence: DatabaseSequence) -> [DDLStatement] { base.createSequenceStatements(sequence) }
    func restartSequenceSQL(_ sequence: String, next: Int64) -> String { base.restartSequenceSQL(sequence, next: next) }
    func renameTableStatements(from old: String, to table: Table) -> [RepairStatement] { base.renameTableStatements(from: old, to: table) }
    func renameColumnStatements(in table: Table, from old: String, to new: String) -> [RepairStatement] {
        base.renameColumnStatements(in: table, from: old, to: new)
    }
    func renameIndexStatements(from old: String, to index: Index) -> [RepairStatement] { base.renameIndexStatements(from: old, to: index) }
    func createStatements(for schema: Schema) -> [DDLStatement] { base.createStatements(for: schema) }
    func bookkeepingSetup() -> [String] { base.bookkeepingSetup() }
    func bookkeepingTable(_ name: String) -> String { base.bookkeepingTable(name) }
    func bookkeepingTableExists(_ name: String) -> SQLStatement { base.bookkeepingTableExists(name) }
    func columnDefinition(_ column: Column, in table: Table) -> String { base.columnDefinition(column, in: table) }
    func inspectedForm(of schema: Schema) -> Schema { base.inspectedForm(of: schema) }
    func changeStatements(
        for differences: [SchemaDifference], expected: Schema, actual: Schema, allowingDestructive: Bool
    ) -> [RepairStatement] {
        base.changeStatements(for: differences, expected: expected, actual: actual, allowingDestructive: allowingDestructive)
    }
    var addsConstraintsToExistingTables: Bool { base.addsConstraintsToExistingTables }
    var beginTransactionSQL: String { base.beginTransactionSQL }
    var snapshotTransactionSQL: String { base.snapshotTransactionSQL }
    var foreignKeySwitch: ForeignKeySwitch? { base.foreignKeySwitch }
    var uuidExpression: String { base.uuidExpression }
    func nextSequenceValuesQuery(_ sequences: [String]) -> SQLStatement { base.nextSequenceValuesQuery(sequences) }
    func restartSequenceStatement(_ sequence: String, next: Int64) -> SQLStatement { base.restartSequenceStatement(sequence, next: next) }
    func fillFromSequenceStatements(table: String, column: String, sequence: String) -> [RepairStatement] {
        base.fillFromSequenceStatements(table: table, column: column, sequence: sequence)
    }
}

/// A real SQLite connection whose DDL is declared non-transactional, and that stops the run the way
/// a kill does: after `stopAfter` statements of the work (not counting the journal's own rows),
/// either before the next statement or, with `betweenStatementAndJournal`, after the statement
/// committed and before its journal row. Nothing is rolled back: every statement ran outside a
/// transaction and is committed, as on an engine whose DDL commits by itself.
final class StoppingConnection: DatabaseConnection {
    struct Stopped: Error {}

    let inner: SQLiteConnection
    let dialect: any SQLDialect
    var url: DatabaseURL { inner.url }
    private var remaining: Int?
    private let betweenStatementAndJournal: Bool
    private var stopAtJournal = false

    init(path: String, stopAfter: Int? = nil, betweenStatementAndJournal: Bool = false) throws {
        inner = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
        dialect = NonTransactionalDDL(base: SQLiteDialect())
        remaining = stopAfter
        self.betweenStatementAndJournal = betweenStatementAndJournal
    }

    func execute(_ sql: String) throws { try inner.execute(sql) }
    func identity() throws -> DatabaseIdentity { try inner.identity() }

    @discardableResult func run(_ statement: SQLStatement) throws -> Int {
        if statement.sql.contains(DDLJournal.table.name) || statement.sql.contains(SchemaHistory.table.name) {
            if stopAtJournal { throw Stopped() }
            return try inner.run(statement)
        }
        if let left = remaining {
            if left == 0 && !betweenStatementAndJournal { throw Stopped() }
            remaining = left - 1
            if left == 1 && betweenStatementAndJournal {
                let changed = try inner.run(statement)
                stopAtJournal = true
                return changed
            }
        }
        return try inner.run(statement)
    }

    func query(_ statement: SQLStatement) throws -> QueryResult { try inner.query(statement) }
    func beginExclusiveTransaction() throws { try inner.beginExclusiveTransaction() }
    func acquireRunLock(timeout: Duration) throws { try inner.acquireRunLock(timeout: timeout) }
    func releaseRunLock() { inner.releaseRunLock() }
    func commit() throws { try inner.commit() }
    func rollback() { inner.rollback() }
    func existingObjects() throws -> [ExistingObject] { try inner.existingObjects() }
    func inspectSchema() throws -> Schema { try inner.inspectSchema() }
    func inspectScript(_ sql: String) throws -> Schema { try inner.inspectScript(sql) }
}

/// Where DDL commits by itself, `create` and each migration step are journalled statement by
/// statement: stopped anywhere, the same call goes on after the last statement done, and the
/// history row appears only once the result verifies. Run for real on SQLite files.
@Suite("DDL that commits by itself: journalled and resumable")
struct NonTransactionalDDLTests {
    static let shared = try! Catalog.schema(for: .shared, version: "4.7.0")

    static func journalRows(_ path: String) throws -> Int {
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readOnly)
        return Int(try connection.query("SELECT count(*) FROM \"wso2db_ddl_journal\"").rows.first?.first?.integerValue ?? -1)
    }

    static func history(_ path: String) throws -> [String] {
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readOnly)
        return try SchemaHistory.entries(on: connection).map { "\($0.kind) \($0.version)" }
    }

    @Test(
        "create stopped part-way (before a statement, or between a statement and its journal row) goes on when run again, and is stamped once",
        arguments: [(40, false), (41, true), (1, true), (200, false)])
    func createResumes(stopAfter: Int, betweenStatementAndJournal: Bool) throws {
        let path = try Fixtures.sqlitePath()
        let creator = SchemaCreator(database: .shared, schema: Self.shared)
        let statements = SQLiteDialect().createStatements(for: Self.shared).count
        try #require(stopAfter < statements, "the stop falls inside the \(statements) statements")
        try {
            let stopping = try StoppingConnection(path: path, stopAfter: stopAfter, betweenStatementAndJournal: betweenStatementAndJournal)
            #expect(throws: StoppingConnection.Stopped.self) { try creator.create(on: stopping) }
        }()
        #expect(try Self.history(path) == [], "no history row before the schema verifies")
        let journalled = try Self.journalRows(path)
        #expect(journalled == stopAfter + (betweenStatementAndJournal ? 0 : 1), "the start and every statement done, and no more")

        let again = try StoppingConnection(path: path)
        let report = try creator.create(on: again)
        #expect(report.tables == 51)
        #expect(try Self.history(path) == ["create 4.7.0"])
        #expect(try Self.journalRows(path) == 0)
        let differences = SchemaDiffer.differences(expected: SQLiteDialect().inspectedForm(of: Self.shared), actual: try again.inspectSchema())
        #expect(differences.map(\.line) == [])
        #expect(try again.query("SELECT count(*) FROM \"UM_ORG\"").rows == [[.integer(1)]], "the seed row went in once")
        // A third run finds everything there and refuses, as create does.
        #expect(throws: SchemaCreator.Failure.self) { try creator.create(on: try StoppingConnection(path: path)) }
    }

    /// The steps from 2.6.0, with the statements each runs on SQLite.
    static let fromLegacy = MigrationSteps.shared.drop { $0.from != "2.6.0" }
    static let firstStep = try! Migrator.statements(of: fromLegacy.first!, for: SQLiteDialect()).filter { !$0.isComment }.count

    @Test("a migration step stopped part-way goes on when run again; history and data as after one run", arguments: [3, 17, firstStep + 5])
    func migrationResumes(stopAfter: Int) throws {
        let path = try Fixtures.sqlitePath()
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        try {
            let plain = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
            _ = try SchemaCreator(database: .um, schema: legacy).create(on: plain)
            try plain.execute(
                """
                INSERT INTO "UM_TENANT" ("UM_ID", "UM_DOMAIN_NAME", "UM_CREATED_DATE") VALUES (1, 'a.com', CURRENT_TIMESTAMP);
                INSERT INTO "UM_USER" ("UM_ID", "UM_USER_NAME", "UM_USER_PASSWORD", "UM_CHANGED_TIME", "UM_TENANT_ID")
                  VALUES (1, 'alice', 'x', CURRENT_TIMESTAMP, 1), (2, 'bob', 'y', CURRENT_TIMESTAMP, 1);
                INSERT INTO "REG_TAG" ("REG_ID", "REG_TAG_NAME", "REG_USER_ID", "REG_TAGGED_TIME", "REG_TENANT_ID")
                  VALUES (5, 'red', 'alice', CURRENT_TIMESTAMP, 1);
                INSERT INTO "REG_RESOURCE_TAG" ("REG_TAG_ID", "REG_VERSION", "REG_TENANT_ID") VALUES (5, 1, 1), (5, 2, 1)
                """)
        }()
        try {
            let stopping = try StoppingConnection(path: path, stopAfter: stopAfter)
            #expect(throws: StoppingConnection.Stopped.self) {
                try Migrator.run(on: stopping, to: nil, baselineAnyway: false, lockTimeout: .seconds(5))
            }
        }()
        #expect(try Self.journalRows(path) > 0)
        let all = Self.fromLegacy.map { "migrate " + $0.version }
        let done = stopAfter < Self.firstStep ? 0 : 1
        let recorded = ["create 2.6.0"] + all.prefix(done)
        #expect(try Self.history(path) == recorded, "no step is recorded before it verifies")

        let again = try StoppingConnection(path: path)
        let report = try Migrator.run(on: again, to: nil, baselineAnyway: false, lockTimeout: .seconds(5))
        #expect(report.applied.map(\.version) == Self.fromLegacy.dropFirst(done).map(\.version))
        #expect(try Self.history(path) == ["create 2.6.0"] + all)
        #expect(try Self.journalRows(path) == 0)
        let differences = SchemaDiffer.differences(expected: SQLiteDialect().inspectedForm(of: Self.shared), actual: try again.inspectSchema())
        #expect(differences.map(\.line) == [])
        let users = try again.query("SELECT \"UM_USER_NAME\", length(\"UM_USER_ID\") FROM \"UM_USER\" ORDER BY \"UM_ID\"").rows
        #expect(users == [[.text("alice"), .integer(36)], [.text("bob"), .integer(36)]])
        let tags = try again.query("SELECT count(DISTINCT \"ID\"), count(*) FROM \"REG_RESOURCE_TAG\"").rows
        #expect(tags == [[.integer(2), .integer(2)]])
    }
}
