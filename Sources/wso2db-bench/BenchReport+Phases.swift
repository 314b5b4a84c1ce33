import Foundation

extension BenchReport {
    /// Where wso2db's merge time went, one row per merge subject: each phase's median in seconds,
    /// the phase that dominates, the copy phase's rate, and on PostgreSQL the server's raw COPY rate
    /// of the same rows; then each subject's slowest tables. Empty when no merge reported phases.
    var phaseTable: String {
        let reported = merges.filter { $0.phases != nil }
        guard !reported.isEmpty else { return "" }
        let names = ["checks", "create", "copy", "indexes", "finish", "verify"]
        let header = ["merge", "shape", "scale"] + names.map { $0 + " s" }
            + ["dominant", "copy rows/s", "copy MB/s", "raw COPY rows/s", "raw MB/s", "copy / raw"]
        var lines: [[String]] = [header]
        var slowest: [String] = []
        for merge in reported {
            guard let phases = merge.phases else { continue }
            let seconds = names.map { name in phases.phases.first { $0.phase == name }.map { String(format: "%.2f", $0.medianMs / 1000) } ?? "-" }
            let dominant = phases.dominant.map { "\($0.phase) \(Int(($0.share * 100).rounded()))%" } ?? "-"
            let ratio = phases.copyRowsPerSecond.flatMap { copy in merge.rawCopyRowsPerSecond.map { String(format: "%.2f", $0 / copy) } }
            let label = merge.pair
            lines.append(
                [label, merge.shape, "\(merge.scale)x"] + seconds + [
                    dominant, phases.copyRowsPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                    merge.copyMBPerSecond.map { String(format: "%.1f", $0) } ?? "-",
                    merge.rawCopyRowsPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                    merge.rawCopyMBPerSecond.map { String(format: "%.1f", $0) } ?? "-", ratio ?? "-",
                ])
            let tables = phases.slowestTables.map { "\($0.table) \(String(format: "%.2f", $0.medianMs / 1000)) s (\($0.rows) rows)" }
            slowest.append("\(label) \(merge.shape) \(merge.scale)x, slowest copies: " + tables.joined(separator: ", "))
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        let rendered = lines.map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 || column == 9 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        let legend = [
            "phases: medians of wso2db's own report (merge-legacy --format json); on SQLite the read-back runs beside the copy, "
                + "and verify is what is left of it. copy / raw: the server's raw COPY rate (pg_dump --section=data | psql "
                + "into tables without keys) over wso2db's copy phase, both over the same rows and the generator's payload bytes.",
        ]
        return ([rendered[0], rule] + rendered.dropFirst() + [""] + slowest + legend).joined(separator: "\n")
    }
}
