import Migrations
import SQLDriver
import WSO2Schema

/// Where DDL commits by itself (`SQLDialect.supportsTransactionalDDL` is false: MySQL, MariaDB), a
/// `create` or a migration step cannot be one transaction. Each of its statements is then
/// journalled as it completes, in wso2db's bookkeeping (`ddl_journal`), and a run that stopped
/// part-way is resumed by running the same command again: the statements journalled are not run
/// again, the rest are, and the history row is written only once the whole result verifies.
///
/// The journal holds a checksum of every statement's text, so a rerun with another plan (another
/// wso2db version) is refused rather than mixed. A statement of data and its journal row commit
/// together; a DDL statement commits by itself, before its journal row: a stop between them leaves
/// the statement done but not journalled. A rerun then runs it again;
/// if that fails and the object it creates is there, or the engine says the change is in place
/// (`DatabaseError.Code.alreadyInPlace`), it counts as done (a table, index, trigger, view or sequence of `create`). Otherwise the run
/// stops naming the statement, and says to check it.
enum DDLJournal {
    /// The journal table.
    static let table = Table("ddl_journal") {
        Column("operation", .varchar(100), .notNull)
        Column("position", .integer, .notNull)
        Column("object", .varchar(200), .notNull)
        Column("checksum", .varchar(64), .notNull)
        PrimaryKey("operation", "position")
    }

    /// One statement of a journalled operation.
    struct Entry {
        /// What it creates or changes, for messages and the resume check (`table UM_USER`).
        var object: String
        /// What to run.
        var statement: SQLStatement
        /// Whether the engine may have made the change by itself before it runs (`RepairStatement.mayBeDoneAlready`).
        var mayBeDoneAlready = false
    }

    /// The checksums journalled for `operation`, by position (-1 is the start, holding the whole
    /// plan's checksum); empty when it never started or finished.
    static func journalled(_ operation: String, on connection: any DatabaseConnection) throws -> [String] {
        let dialect = connection.dialect
        guard try connection.query(dialect.bookkeepingTableExists(table.name)).rows.first?.first?.integerValue == 1 else { return [] }
        let column = dialect.quoteExactly
        return try connection.query(
            SQLStatement(
                "SELECT \(column("checksum")) FROM \(dialect.bookkeepingTable(table.name)) WHERE \(column("operation")) = "
                    + "\(dialect.placeholder(1)) ORDER BY \(column("position"))", [.text(operation)])
        ).rows.map { $0.first?.textValue ?? "" }
    }

    /// Runs the entries of `operation` not yet journalled, journalling each as it completes.
    /// - Throws: `DatabaseError` naming the statement that failed, or, when an earlier run of the
    ///   operation planned other statements, a refusal to mix the two.
    /// `progress` hears of each statement once it is journalled (a kill after it resumes after it).
    static func run(
        _ operation: String, _ entries: [Entry], on connection: any DatabaseConnection, during context: String,
        progress: (String) -> Void = { _ in }
    ) throws {
        let dialect = connection.dialect
        for sql in SchemaHistory.setup(dialect) + [dialect.createBookkeepingTable(table)] { try connection.execute(sql) }
        let plan = Checksum.of(entries.map(\.statement.sql).joined(separator: "\n"))
        let rows = try journalled(operation, on: connection)
        if rows.isEmpty {
            try record(operation, position: -1, object: "start", checksum: plan, on: connection)
        } else if rows[0] != plan {
            throw DatabaseError(
                .invalidInput, "\(context): an earlier run of it stopped part-way, and planned other statements than this run would",
                hint: "finish it with the wso2db version that started it")
        }
        let done = max(0, rows.count - 1)
        let resumed = !rows.isEmpty
        // What is there already, named as `create`'s statements name what they make (an engine
        // without sequences keeps them as rows that only the inspector reads back).
        let existing: Set<String> =
            resumed
            ? Set(try connection.existingObjects().map { "\($0.kind.rawValue) \($0.name.uppercased())" })
                .union(try connection.inspectSchema().sequences.map { "sequence \(dialect.storedName($0.name).uppercased())" }) : []
        for position in done..<entries.count {
            let entry = entries[position]
            let first = resumed && position == done
            do {
                // One transaction with its journal row: a statement of data (a step's UPDATE, a seed row's
                // INSERT) and the row that says it ran commit together, so a stop between them cannot
                // make a rerun apply it twice. DDL commits by itself inside it, as everywhere here.
                try connection.exclusiveTransaction {
                    try connection.run(entry.statement)
                    try record(operation, position: position, object: entry.object, checksum: Checksum.of(entry.statement.sql), on: connection)
                }
            } catch let error as DatabaseError {
                // The earlier run may have stopped between this statement and its journal row: then
                // what it creates is there, or the engine says the change is in place already.
                let inPlace = error.code == .alreadyInPlace
                guard (first && (existing.contains(objectKey(entry.object, dialect)) || inPlace)) || (entry.mayBeDoneAlready && inPlace) else {
                    throw error.during(
                        "\(context): \(entry.object)"
                            + (first ? " (the first statement after an earlier run stopped: if that run did it, check it by hand)" : ""))
                }
                try record(operation, position: position, object: entry.object, checksum: Checksum.of(entry.statement.sql), on: connection)
            }
            progress("\(context): statement \(position + 1) of \(entries.count) done")
        }
    }

    private static func record(_ operation: String, position: Int, object: String, checksum: String, on connection: any DatabaseConnection) throws {
        let dialect = connection.dialect
        try connection.run(
            dialect.insertStatement(
                .seeds, "journal entry", into: dialect.bookkeepingTable(table.name), columns: ["operation", "position", "object", "checksum"],
                values: [.text(operation), .integer(Int64(position)), .text(String(object.prefix(200))), .text(checksum)].map(InsertValue.value)
            ).statement)
    }

    /// Removes the journal of a finished operation (with its history row, in one transaction).
    static func clear(_ operation: String, on connection: any DatabaseConnection) throws {
        let dialect = connection.dialect
        try connection.run(
            SQLStatement(
                "DELETE FROM \(dialect.bookkeepingTable(table.name)) WHERE \(dialect.quoteExactly("operation")) = \(dialect.placeholder(1))",
                [.text(operation)]))
    }

    /// `table UM_USER` as `existingObjects` names it, folded as the engine stores names.
    private static func objectKey(_ object: String, _ dialect: any SQLDialect) -> String {
        let words = object.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2 else { return object }
        return "\(words[0]) \(dialect.storedName(words[1]).uppercased())"
    }
}
