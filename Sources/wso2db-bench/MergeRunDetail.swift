import Foundation

/// What one `wso2db merge-legacy --format json` run said about itself: how long each phase took,
/// and each table's copy. The merge measures its own phases; the bench only reads them.
struct MergeRunDetail: Sendable, Equatable {
    /// Milliseconds by phase (`checks`, `create`, `copy`, `indexes`, `finish`, `verify`), in run order.
    var phases: [(name: String, milliseconds: Double)]
    /// Each table's copy: rows, bytes of their canonical form and milliseconds.
    var tables: [String: TableCopy]

    struct TableCopy: Sendable, Equatable {
        var rows: Int
        var bytes: Int
        var milliseconds: Double
    }

    static func == (a: MergeRunDetail, b: MergeRunDetail) -> Bool {
        a.phases.map(\.name) == b.phases.map(\.name) && a.phases.map(\.milliseconds) == b.phases.map(\.milliseconds) && a.tables == b.tables
    }

    /// Reads the JSON report; nil when it is not one (a wso2db without phases, or no JSON at all).
    init?(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let phases = object["phases"] as? [[String: Any]], !phases.isEmpty
        else { return nil }
        self.phases = phases.compactMap { phase in
            guard let name = phase["phase"] as? String, let milliseconds = (phase["milliseconds"] as? NSNumber)?.doubleValue else { return nil }
            return (name, milliseconds)
        }
        var tables: [String: TableCopy] = [:]
        for table in object["tables"] as? [[String: Any]] ?? [] {
            guard let name = table["table"] as? String, let milliseconds = (table["copyMilliseconds"] as? NSNumber)?.doubleValue else { continue }
            tables[name] = TableCopy(
                rows: (table["rows"] as? NSNumber)?.intValue ?? 0, bytes: (table["copyBytes"] as? NSNumber)?.intValue ?? 0,
                milliseconds: milliseconds)
        }
        self.tables = tables
    }

    /// Rows and payload bytes copied in this run.
    var copiedRows: Int { tables.values.reduce(0) { $0 + $1.rows } }
    var copiedBytes: Int { tables.values.reduce(0) { $0 + $1.bytes } }
}

/// The phases of several runs, summarised: medians per phase and per table.
struct MergePhaseSummary: Encodable, Sendable {
    /// Phases in run order, each with its median milliseconds and its share of the medians' sum.
    struct Phase: Encodable, Sendable {
        let phase: String
        let medianMs: Double
        let share: Double
    }

    /// A table's median copy time.
    struct Table: Encodable, Sendable {
        let table: String
        let rows: Int
        let bytes: Int
        let medianMs: Double
    }

    let phases: [Phase]
    /// The tables whose copy took longest, slowest first.
    let slowestTables: [Table]
    /// Rows the copy phase moved, the bytes of their canonical form (blobs as hex: not the
    /// payload), and its row rate at the median copy phase.
    let copiedRows: Int
    let copiedBytes: Int
    let copyRowsPerSecond: Double?
    /// The copy phase's median, in milliseconds.
    var copyMs: Double? { phases.first { $0.phase == "copy" }?.medianMs }

    /// The phase with the largest median.
    var dominant: Phase? { phases.max { $0.medianMs < $1.medianMs } }

    /// Medians over `runs`; nil when no run reported phases.
    init?(_ runs: [MergeRunDetail], slowest: Int = 5) {
        guard let first = runs.first else { return nil }
        let names = first.phases.map(\.name)
        let medians = names.map { name in
            BenchReport.median(runs.compactMap { $0.phases.first { $0.name == name }?.milliseconds })
        }
        let total = max(1, medians.reduce(0, +))
        phases = zip(names, medians).map { Phase(phase: $0, medianMs: $1, share: $1 / total) }
        slowestTables = first.tables.keys.map { name in
            Table(
                table: name, rows: first.tables[name]?.rows ?? 0, bytes: first.tables[name]?.bytes ?? 0,
                medianMs: BenchReport.median(runs.compactMap { $0.tables[name]?.milliseconds }))
        }.sorted { ($0.medianMs, $1.table) > ($1.medianMs, $0.table) }.prefix(slowest).map { $0 }
        let (rows, bytes) = (first.copiedRows, first.copiedBytes)
        copiedRows = rows
        copiedBytes = bytes
        let copy = phases.first { $0.phase == "copy" }?.medianMs
        copyRowsPerSecond = copy.flatMap { $0 > 0 ? Double(rows) / ($0 / 1000) : nil }
    }
}
