import SQLDriver
import WSO2Schema

/// The merge's record in the target's bookkeeping, written in the same transaction as the work it
/// records: that the target was created for a merge of these sources, which tables are copied, and
/// that the merge finished. A merge started again with the same sources reads it to go on where the
/// last one stopped; one with other sources is refused.
enum MergeJournal {
    static let table = Table("merge_journal") {
        Column("entry", .serial)
        Column("step", .varchar(200), .notNull)
        Column("detail", .text)
        Column("recorded_at", .timestamp, .default(.currentTimestamp), .notNull)
        PrimaryKey("entry")
    }

    /// What the journal says.
    struct State: Sendable {
        /// The sources recorded when the target was created.
        var sources: String
        /// Tables whose copy committed.
        var copied: Set<String>
        /// Whether indexes, constraints and sequences were finished.
        var finished: Bool
        /// Whether the bare schema is complete: false only where DDL commits by itself and a run
        /// stopped while creating it (`creating` recorded, `created` not).
        var created = true
    }

    /// The sources as the `start` row records them: their URLs (masked) for people, and their
    /// identities, by which a rerun is recognised as the same merge however it spells the sources'
    /// URLs (`postgres://` or `jdbc:`, `localhost` or `127.0.0.1`, a relative or absolute path).
    struct Sources: Sendable {
        var urls: String
        var identities: String?

        init(um: DatabaseURL, reg: DatabaseURL, umIdentity: DatabaseIdentity, regIdentity: DatabaseIdentity) {
            urls = "um=\(um); reg=\(reg)"
            identities = "um=\(umIdentity), reg=\(regIdentity)"
        }

        /// Reads a recorded `start` detail; one written before identities were recorded has only URLs.
        init(recorded: String) {
            if let marker = recorded.range(of: Self.marker) {
                urls = String(recorded[..<marker.lowerBound])
                identities = String(recorded[marker.upperBound...])
            } else {
                urls = recorded
                identities = nil
            }
        }

        /// What the `start` row records.
        var recorded: String { urls + (identities.map { Self.marker + $0 } ?? "") }

        /// Whether a recorded merge is of these sources: by identity, or by URL for a journal that
        /// recorded none.
        func matches(_ recorded: Sources) -> Bool {
            if let mine = identities, let theirs = recorded.identities { return mine == theirs }
            return urls == recorded.urls
        }

        private static let marker = "; identities: "
    }

    static let start = "start"
    /// Recorded, where DDL commits by itself, before the bare schema's first statement and after its last.
    static let creating = "creating"
    static let created = "created"
    static let finish = "finished"
    static let copiedPrefix = "copied "

    /// The journal, or `nil` when the target has none.
    static func read(on connection: any DatabaseConnection) throws -> State? {
        let dialect = connection.dialect
        guard try connection.query(dialect.bookkeepingTableExists(table.name)).rows.first?.first?.integerValue == 1 else { return nil }
        let rows = try connection.query(
            "SELECT \(dialect.quoteExactly("step")), \(dialect.quoteExactly("detail")) FROM \(dialect.bookkeepingTable(table.name)) "
                + "ORDER BY \(dialect.quoteExactly("entry"))").rows
        guard let first = rows.first, first[0].textValue == start else { return nil }
        var state = State(sources: first[1].textValue ?? "", copied: [], finished: false)
        for row in rows.dropFirst() {
            let step = row[0].textValue ?? ""
            if step == finish {
                state.finished = true
            } else if step == creating {
                state.created = false
            } else if step == created {
                state.created = true
            } else if step.hasPrefix(copiedPrefix) {
                state.copied.insert(String(step.dropFirst(copiedPrefix.count)))
            }
        }
        return state
    }

    /// Statements that create the journal table (inside the caller's transaction).
    static func setup(_ dialect: any SQLDialect) -> [String] {
        dialect.bookkeepingSetup() + [dialect.createBookkeepingTable(table)]
    }

    /// Records one step, inside the caller's transaction.
    static func record(_ step: String, detail: String?, on connection: any DatabaseConnection) throws {
        let dialect = connection.dialect
        try connection.run(
            SQLStatement(
                "INSERT INTO \(dialect.bookkeepingTable(table.name)) (\(dialect.quoteExactly("step")), \(dialect.quoteExactly("detail"))) "
                    + "VALUES (\(dialect.placeholder(1)), \(dialect.placeholder(2)))",
                [.text(Secrets.scrub(step)), detail.map { SQLValue.text(Secrets.scrub($0)) } ?? .null]))
    }
}
