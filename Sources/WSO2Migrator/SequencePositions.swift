import SQLDriver
import WSO2Schema

/// Sequences that stand behind the ids already in their tables: structure that matches and still
/// breaks the next insert (its id collides). A sequence is behind when the value it hands out next
/// is not above the largest value of every column that draws from it (WSO2 lets several tables
/// share one sequence). Part of what `drift` and the merge's verification check.
public enum SequencePositions {
    /// One sequence behind its rows.
    public struct Behind: Sendable, Hashable {
        /// The sequence.
        public var sequence: DatabaseSequence
        /// The value it would hand out next.
        public var next: Int64
        /// The largest id drawn from it, and where.
        public var largest: Int64
        public var table: String
        public var column: String

        /// The position that repairs it: one step past the largest id.
        public var repairedNext: Int64 { largest + Int64(max(1, sequence.increment)) }

        /// The drift it is, in the differ's terms: a changed sequence whose position differs.
        public var difference: SchemaDifference {
            SchemaDifference(
                .changed, table: nil, expected: .sequence(sequence), actual: .sequence(sequence),
                changes: [
                    .init(.position, expected: "past \(largest) (the largest \(table).\(column))", actual: "next value \(next)")
                ])
        }
    }

    /// Every sequence of `expected` that the live database has and that stands behind its rows,
    /// in the order of `expected`'s sequences; two queries whatever the number of sequences.
    public static func behind(expected: Schema, live: Schema, on connection: any DatabaseConnection) throws -> [Behind] {
        let dialect = connection.dialect
        // Every (sequence, table, column) where both the column and the sequence are live.
        let drawn = expected.tables.flatMap { table in
            table.sequenceBackedColumns.compactMap { column, sequence -> (sequence: String, table: String, column: String)? in
                guard live.table(named: table.name)?.column(named: column.name) != nil, live.sequence(named: sequence) != nil else { return nil }
                return (sequence, table.name, column.name)
            }
        }
        guard !drawn.isEmpty else { return [] }
        let largest = try connection.query(
            drawn.enumerated().map { position, use in
                "SELECT \(position), max(\(dialect.quote(use.column))) FROM \(dialect.quote(use.table))"
            }.joined(separator: " UNION ALL ")
        ).rows.reduce(into: [Int: Int64]()) { values, row in
            if let position = row[0].integerValue, let value = row[1].integerValue { values[Int(position)] = value }
        }
        let sequences = expected.sequences.filter { sequence in drawn.contains { $0.sequence.sameSQLName(as: sequence.name) } }
        guard !sequences.isEmpty else { return [] }
        let next = try connection.query(dialect.nextSequenceValuesQuery(sequences.map(\.name))).rows.reduce(into: [Int: Int64]()) { values, row in
            if let position = row[0].integerValue, let value = row[1].integerValue { values[Int(position)] = value }
        }
        return sequences.enumerated().compactMap { position, sequence -> Behind? in
            guard let next = next[position] else { return nil }
            let highest = drawn.indices.filter { drawn[$0].sequence.sameSQLName(as: sequence.name) }
                .compactMap { index in largest[index].map { (index, $0) } }.max { $0.1 < $1.1 }
            guard let (index, value) = highest, next <= value else { return nil }
            return Behind(sequence: sequence, next: next, largest: value, table: drawn[index].table, column: drawn[index].column)
        }
    }
}
