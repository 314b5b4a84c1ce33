import Foundation

/// The benchmark's outcome: the printed table and the `--json` document are two views of this value.
struct BenchReport: Encodable {
    /// Where the numbers were taken.
    let machine: Machine
    /// Measured runs per tool and subject (the warm-up run is not counted).
    let runs: Int
    let results: [Row]
    let ratios: [Ratio]
    /// Lines printed under the table (skipped rows, mismatches); not part of the JSON.
    let notes: [String]

    /// One tool on one subject (`database` is the subject's label, e.g. `am 4.7.0` or `drift am`).
    struct Row: Encodable {
        let database: String
        let tool: String
        let medianMs: Double
        let minMs: Double
    }

    /// The wso2db tool's median over its bar's median, for one subject: `wso2db create` over `psql -f`
    /// of the same DDL, `wso2db drift` over migra.
    struct Ratio: Encodable {
        let database: String
        let ratio: Double
        /// The largest ratio that meets the goal: 1 for create (no slower than psql), 0.2 for drift
        /// (5x faster than migra).
        let goal: Double
        /// The tools divided, for the table; the JSON names only the subject, as it always has.
        let measured: String
        let bar: String

        var meetsGoal: Bool { ratio <= goal }

        private enum CodingKeys: String, CodingKey {
            case database, ratio, goal
        }
    }

    private enum CodingKeys: String, CodingKey {
        case machine, runs, results, ratios
    }

    /// Summarises the raw timings: medians, minimums, ratios and anything that looks wrong.
    init(machine: Machine, runs: Int, subjects: [Benchmark.SubjectResult]) {
        var rows: [Row] = []
        var ratios: [Ratio] = []
        var notes: [String] = []
        for result in subjects {
            let label = result.subject.label
            for tool in result.subject.tools {
                if let reason = result.skipped[tool] {
                    notes.append("\(label), \(tool.rawValue): \(reason)")
                    continue
                }
                guard let samples = result.milliseconds[tool], !samples.isEmpty else { continue }
                rows.append(Row(database: label, tool: tool.rawValue, medianMs: Self.median(samples), minMs: samples.min() ?? 0))
            }
            let subject = result.subject
            if let ours = result.milliseconds[subject.measured], let bar = result.milliseconds[subject.bar] {
                ratios.append(
                    Ratio(
                        database: label, ratio: Self.median(ours) / Self.median(bar), goal: subject.goal,
                        measured: subject.measured.rawValue, bar: subject.bar.rawValue))
            }
            // Differing table counts mean the tools did not do the same job, and the ratio lies.
            let counts = Set(result.tablesCreated.values)
            if counts.count > 1 {
                let listed = result.subject.tools.compactMap { tool in result.tablesCreated[tool].map { "\(tool.rawValue) \($0)" } }
                notes.append("\(label): tools created different numbers of tables: " + listed.joined(separator: ", "))
            } else if let count = counts.first {
                notes.append("\(label): every tool created \(count) tables in schema public")
            }
            notes += result.notes
        }
        self.machine = machine
        self.runs = runs
        self.results = rows
        self.ratios = ratios
        self.notes = notes
    }

    /// The table as printed: one row per subject and tool, the ratio and its goal on the wso2db row,
    /// `bar` on the row it is divided by.
    var table: String {
        let header = ["database", "tool", "median ms", "min ms", "wso2db / bar"]
        var lines: [[String]] = [header]
        for row in results {
            var ratioText = ""
            if let ratio = ratios.first(where: { $0.database == row.database }) {
                if row.tool == ratio.measured {
                    ratioText = String(format: "%.2f (goal <= %.2f) ", ratio.ratio, ratio.goal) + (ratio.meetsGoal ? "meets goal" : "misses goal")
                } else if row.tool == ratio.bar {
                    ratioText = "bar"
                }
            }
            lines.append([row.database, row.tool, Self.format(row.medianMs), Self.format(row.minMs), ratioText])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        // Text columns flush left, numbers flush right, so the digits line up.
        let rightAligned: Set<Int> = [2, 3]
        let rendered = lines.map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([rendered[0], rule] + rendered.dropFirst()).joined(separator: "\n")
    }

    /// The `--json` document, keys sorted so two runs diff cleanly.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(machine, forKey: .machine)
        try container.encode(runs, forKey: .runs)
        // Sub-microsecond digits are noise; rounding keeps the document readable.
        try container.encode(
            results.map { Row(database: $0.database, tool: $0.tool, medianMs: Self.round($0.medianMs, 3), minMs: Self.round($0.minMs, 3)) },
            forKey: .results)
        try container.encode(
            ratios.map { Ratio(database: $0.database, ratio: Self.round($0.ratio, 4), goal: $0.goal, measured: $0.measured, bar: $0.bar) },
            forKey: .ratios)
    }

    /// The median; for an even count, the mean of the two middle values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private static func format(_ milliseconds: Double) -> String { String(format: "%.1f", milliseconds) }

    private static func round(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
