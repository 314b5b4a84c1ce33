import Foundation

/// The benchmark's outcome: the printed table and the `--json` document are two views of this value.
struct BenchReport: Encodable {
    /// Where the numbers were taken.
    let machine: Machine
    /// Measured runs per tool and subject (the warm-up run is not counted).
    let runs: Int
    let results: [Row]
    let ratios: [Ratio]
    /// The merge subjects: data moved, times, throughput and wso2db's peak memory, one per engine and
    /// scale (the PostgreSQL ones, smallest scale first, are the scale curve).
    let merges: [Merge]
    /// Lines printed under the table (skipped rows, mismatches); not part of the JSON.
    let notes: [String]
    /// `migrate am` against WSO2's step scripts, when that row ran.
    var migrateAM: Benchmark.MigrateAMResult? = nil

    /// Peak resident memory wso2db merge-legacy may use at any scale, in MB (a goal, not an assertion).
    static let mergeMemoryGoalMB = 256.0

    /// One merge subject, as the merge table prints it.
    struct Merge: Encodable {
        /// The sources' engine, `postgres` or `sqlite`.
        let engine: String
        /// The target's engine: `engine`, or the other one for a merge across engines.
        var target: String? = nil
        let scale: Int
        /// The generator's shape.
        var shape = "uniform"
        /// Rows in the sources' legacy tables, as generated.
        let rows: Int
        /// Their payload bytes (text and binary values).
        let bytes: Int
        /// The sources' size on disk.
        let sourceBytes: Int
        /// wso2db merge-legacy's median, or nil when it was not timed.
        let wso2dbMedianMs: Double?
        /// The anchor, e.g. `pg_dump | psql`.
        let anchor: String
        let anchorMedianMs: Double?
        /// wso2db over the anchor, medians.
        let ratio: Double?
        let goal: Double
        /// The largest peak resident set of wso2db over the measured runs, in MB (MiB: ru_maxrss / 1024).
        let peakRSSMB: Double?
        /// The anchor's peak (the largest of the processes it ran), in MB, for comparison.
        let anchorPeakRSSMB: Double?
        /// Where wso2db's time went, from its own report (medians over the measured runs).
        var phases: MergePhaseSummary? = nil
        /// CPU time (user and system) of wso2db and of the anchor's processes, medians in ms: where
        /// the anchor is one process doing all the work (sqlite3), the two compare as work done, which
        /// a busy machine does not change; a PostgreSQL server's own CPU is in neither.
        var wso2dbCPUMedianMs: Double? = nil
        var anchorCPUMedianMs: Double? = nil
        /// The median of `pg_dump --section=data | psql` of the same tables: the server's COPY rate.
        var rawCopyMedianMs: Double? = nil

        /// The raw COPY's rate in rows and payload MB per second (the rows wso2db's copy moved, the
        /// generator's payload bytes).
        var rawCopyRowsPerSecond: Double? {
            guard let ms = rawCopyMedianMs, ms > 0, let phases else { return nil }
            return Double(phases.copiedRows) / (ms / 1000)
        }
        var rawCopyMBPerSecond: Double? {
            guard let ms = rawCopyMedianMs, ms > 0 else { return nil }
            return Double(bytes) / 1_048_576 / (ms / 1000)
        }
        /// wso2db's copy phase in payload MB per second.
        var copyMBPerSecond: Double? {
            guard let ms = phases?.copyMs, ms > 0 else { return nil }
            return Double(bytes) / 1_048_576 / (ms / 1000)
        }

        /// Whether the target is on the sources' engine.
        var sameEngine: Bool { target == nil || target == engine }

        /// `pg -> pg`, `sqlite -> pg` and so on.
        var pair: String {
            let short = { (engine: String) in engine == "postgres" ? "pg" : engine }
            return short(engine) + " -> " + short(target ?? engine)
        }

        /// Rows moved per second by wso2db, at its median.
        var rowsPerSecond: Double? { wso2dbMedianMs.map { Double(rows) / ($0 / 1000) } }

        private enum CodingKeys: String, CodingKey {
            case engine, target, scale, rows, bytes, sourceBytes, wso2dbMedianMs, anchor, anchorMedianMs, ratio, goal, peakRSSMB,
                anchorPeakRSSMB, rowsPerSecond, memoryGoalMB, shape, phases, rawCopyMedianMs, rawCopyRowsPerSecond, rawCopyMBPerSecond,
                copyMBPerSecond, wso2dbCPUMedianMs, anchorCPUMedianMs
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(engine, forKey: .engine)
            try container.encode(target ?? engine, forKey: .target)
            try container.encode(scale, forKey: .scale)
            try container.encode(rows, forKey: .rows)
            try container.encode(bytes, forKey: .bytes)
            try container.encode(sourceBytes, forKey: .sourceBytes)
            try container.encode(wso2dbMedianMs.map { BenchReport.round($0, 3) }, forKey: .wso2dbMedianMs)
            try container.encode(anchor, forKey: .anchor)
            try container.encode(anchorMedianMs.map { BenchReport.round($0, 3) }, forKey: .anchorMedianMs)
            try container.encode(ratio.map { BenchReport.round($0, 4) }, forKey: .ratio)
            try container.encode(goal, forKey: .goal)
            try container.encode(peakRSSMB.map { BenchReport.round($0, 1) }, forKey: .peakRSSMB)
            try container.encode(anchorPeakRSSMB.map { BenchReport.round($0, 1) }, forKey: .anchorPeakRSSMB)
            try container.encode(rowsPerSecond.map { BenchReport.round($0, 0) }, forKey: .rowsPerSecond)
            try container.encode(BenchReport.mergeMemoryGoalMB, forKey: .memoryGoalMB)
            try container.encode(shape, forKey: .shape)
            try container.encode(phases, forKey: .phases)
            try container.encode(rawCopyMedianMs.map { BenchReport.round($0, 3) }, forKey: .rawCopyMedianMs)
            try container.encode(rawCopyRowsPerSecond.map { BenchReport.round($0, 0) }, forKey: .rawCopyRowsPerSecond)
            try container.encode(rawCopyMBPerSecond.map { BenchReport.round($0, 2) }, forKey: .rawCopyMBPerSecond)
            try container.encode(copyMBPerSecond.map { BenchReport.round($0, 2) }, forKey: .copyMBPerSecond)
            try container.encode(wso2dbCPUMedianMs.map { BenchReport.round($0, 1) }, forKey: .wso2dbCPUMedianMs)
            try container.encode(anchorCPUMedianMs.map { BenchReport.round($0, 1) }, forKey: .anchorCPUMedianMs)
        }
    }

    /// One tool on one subject (`database` is the subject's label, e.g. `am 4.7.0` or `drift am`).
    struct Row: Encodable {
        let database: String
        let tool: String
        let medianMs: Double
        let minMs: Double
        /// The quartiles and the largest run: the spread that says whether a difference is noise.
        var p25Ms: Double = 0
        var p75Ms: Double = 0
        var maxMs: Double = 0

        init(database: String, tool: String, samples: [Double]) {
            self.database = database
            self.tool = tool
            medianMs = BenchReport.median(samples)
            minMs = samples.min() ?? 0
            p25Ms = BenchReport.quantile(samples, 0.25)
            p75Ms = BenchReport.quantile(samples, 0.75)
            maxMs = samples.max() ?? 0
        }

        /// Every figure rounded to `places` decimals, for the JSON.
        func rounded(_ places: Int) -> Row {
            var row = self
            for path in [\Row.p25Ms, \Row.p75Ms, \Row.maxMs] { row[keyPath: path] = BenchReport.round(row[keyPath: path], places) }
            return Row(copyOf: row, median: BenchReport.round(medianMs, places), min: BenchReport.round(minMs, places))
        }

        private init(copyOf row: Row, median: Double, min: Double) {
            database = row.database
            tool = row.tool
            medianMs = median
            minMs = min
            p25Ms = row.p25Ms
            p75Ms = row.p75Ms
            maxMs = row.maxMs
        }
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
        /// The quartiles of the run-by-run ratios (run i of wso2db over run i of the bar, taken
        /// back to back): with interleaved runs, the noise both share cancels, so this spread is the
        /// one that says whether a change of the ratio is real. Nil when the runs do not pair.
        var runRatioP25: Double? = nil
        var runRatioP75: Double? = nil

        var meetsGoal: Bool { ratio <= goal }

        private enum CodingKeys: String, CodingKey {
            case database, ratio, goal, runRatioP25, runRatioP75
        }
    }

    private enum CodingKeys: String, CodingKey {
        case machine, runs, results, ratios, merge, mergeCurve, migrateAM
    }

    /// The PostgreSQL merge's medians fitted to `fixed + rows x per-row`, for the JSON; nil with fewer than two scales.
    struct CurveFit: Encodable {
        let fixedSeconds: Double
        let microsecondsPerRow: Double
        let r2: Double
        let peakRSSMBMax: Double?
    }

    var curveFit: CurveFit? {
        let curve = merges.filter { $0.engine == "postgres" && $0.sameEngine && $0.shape == "uniform" && $0.wso2dbMedianMs != nil }
        guard Set(curve.map(\.scale)).count >= 2 else { return nil }
        let fit = Self.linearFit(curve.map { (x: Double($0.rows), y: ($0.wso2dbMedianMs ?? 0) / 1000) })
        return CurveFit(
            fixedSeconds: Self.round(fit.intercept, 3), microsecondsPerRow: Self.round(fit.slope * 1e6, 2), r2: Self.round(fit.r2, 4),
            peakRSSMBMax: curve.compactMap(\.peakRSSMB).max().map { Self.round($0, 1) })
    }

    /// Summarises the raw timings: medians, minimums, ratios and anything that looks wrong.
    init(machine: Machine, runs: Int, subjects: [Benchmark.SubjectResult]) {
        var rows: [Row] = []
        var ratios: [Ratio] = []
        var notes: [String] = []
        var merges: [Merge] = []
        for result in subjects {
            if let data = result.data {
                let subject = result.subject
                let ours = result.milliseconds[subject.measured].map(Self.median)
                let bar = result.milliseconds[subject.bar].map(Self.median)
                let mib = { (tool: BenchTool) in result.peakRSSKiB[tool]?.max().map { Double($0) / 1024 } }
                merges.append(
                    Merge(
                        engine: data.engine.rawValue, scale: data.scale, shape: data.shape, rows: data.rows, bytes: data.bytes,
                        sourceBytes: data.sourceBytes, wso2dbMedianMs: ours, anchor: subject.bar.rawValue, anchorMedianMs: bar,
                        ratio: ours.flatMap { ours in bar.map { ours / $0 } }, goal: subject.goal,
                        peakRSSMB: mib(subject.measured), anchorPeakRSSMB: mib(subject.bar), phases: MergePhaseSummary(result.mergeRuns),
                        wso2dbCPUMedianMs: result.cpuMilliseconds[subject.measured].map(Self.median),
                        anchorCPUMedianMs: result.cpuMilliseconds[subject.bar].map(Self.median),
                        rawCopyMedianMs: result.milliseconds[.rawCopy].map(Self.median)))
            }
            let label = result.subject.label
            for tool in result.subject.tools {
                if let reason = result.skipped[tool] {
                    notes.append("\(label), \(tool.rawValue): \(reason)")
                    continue
                }
                guard let samples = result.milliseconds[tool], !samples.isEmpty else { continue }
                rows.append(Row(database: label, tool: tool.rawValue, samples: samples))
            }
            let subject = result.subject
            if let ours = result.milliseconds[subject.measured], let bar = result.milliseconds[subject.bar] {
                let paired = ours.count == bar.count ? zip(ours, bar).map { $0 / max($1, 0.001) } : []
                ratios.append(
                    Ratio(
                        database: label, ratio: Self.median(ours) / Self.median(bar), goal: subject.goal,
                        measured: subject.measured.rawValue, bar: subject.bar.rawValue,
                        runRatioP25: paired.isEmpty ? nil : Self.quantile(paired, 0.25),
                        runRatioP75: paired.isEmpty ? nil : Self.quantile(paired, 0.75)))
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
        merges += Self.acrossMerges(subjects, sameEngine: merges)
        self.machine = machine
        self.runs = runs
        self.results = rows
        self.ratios = ratios
        self.merges = merges
        self.notes = notes
    }

    /// The merges across engines: each subject's sources merged into the other engine, held against
    /// the slower of the two same-engine merges of the same shape and scale (the generator makes the
    /// same rows on both engines), when both ran.
    static func acrossMerges(_ subjects: [Benchmark.SubjectResult], sameEngine: [Merge]) -> [Merge] {
        subjects.compactMap { result in
            guard let data = result.data, let samples = result.milliseconds[.wso2dbMergeAcross], !samples.isEmpty else { return nil }
            let ours = median(samples)
            let pairs = sameEngine.filter { $0.shape == data.shape && $0.scale == data.scale && $0.sameEngine }
            let slower = pairs.max { ($0.wso2dbMedianMs ?? 0) < ($1.wso2dbMedianMs ?? 0) }
            let bar = Set(pairs.map(\.engine)).count == 2 ? slower?.wso2dbMedianMs : nil
            return Merge(
                engine: data.engine.rawValue, target: data.engine.other.rawValue, scale: data.scale, shape: data.shape, rows: data.rows,
                bytes: data.bytes, sourceBytes: data.sourceBytes, wso2dbMedianMs: ours,
                anchor: "slower same-engine merge" + (bar == nil ? "" : " (\(slower!.pair))"), anchorMedianMs: bar,
                ratio: bar.map { ours / $0 }, goal: BenchSubject.acrossGoal,
                peakRSSMB: result.peakRSSKiB[.wso2dbMergeAcross]?.max().map { Double($0) / 1024 }, anchorPeakRSSMB: slower?.peakRSSMB,
                phases: MergePhaseSummary(result.mergeRunsAcross),
                wso2dbCPUMedianMs: result.cpuMilliseconds[.wso2dbMergeAcross].map(median), anchorCPUMedianMs: nil)
        }
    }

    /// The table as printed: one row per subject and tool, the ratio and its goal on the wso2db row,
    /// `bar` on the row it is divided by. Empty when no create, drift or merge subject ran.
    var table: String {
        guard !results.isEmpty else { return "" }
        let header = ["database", "tool", "median ms", "IQR ms", "min-max ms", "wso2db / bar (run-by-run IQR)"]
        var lines: [[String]] = [header]
        for row in results {
            var ratioText = ""
            if let ratio = ratios.first(where: { $0.database == row.database }) {
                if row.tool == ratio.measured {
                    let spread = ratio.runRatioP25.flatMap { low in ratio.runRatioP75.map { String(format: " (%.2f-%.2f)", low, $0) } } ?? ""
                    ratioText = String(format: "%.2f", ratio.ratio) + spread + String(format: " goal <= %.2f ", ratio.goal)
                        + (ratio.meetsGoal ? "meets goal" : "misses goal")
                } else if row.tool == ratio.bar {
                    ratioText = "bar"
                }
            }
            lines.append([
                row.database, row.tool, Self.format(row.medianMs), Self.format(row.p25Ms) + "-" + Self.format(row.p75Ms),
                Self.format(row.minMs) + "-" + Self.format(row.maxMs), ratioText,
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        // Text columns flush left, numbers flush right, so the digits line up.
        let rightAligned: Set<Int> = [2, 3, 4]
        let rendered = lines.map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([rendered[0], rule] + rendered.dropFirst()).joined(separator: "\n")
    }

    /// The merge table: per engine and scale, the data, wso2db's median and throughput, its peak
    /// memory, the anchor's median and the ratio; then what the PostgreSQL curve shows. Empty when
    /// no merge subject ran.
    var mergeTable: String {
        guard !merges.isEmpty else { return "" }
        let header = [
            "merge", "shape", "scale", "rows", "payload MB", "wso2db s", "rows/s", "peak RSS MB", "anchor", "anchor s", "wso2db / anchor",
            "CPU s wso2db/anchor",
        ]
        var lines: [[String]] = [header]
        for merge in merges {
            let ratio = merge.ratio.map {
                String(format: "%.2f (goal <= %.2f) ", $0, merge.goal) + ($0 <= merge.goal ? "meets goal" : "misses goal")
            }
            let memory = merge.peakRSSMB.map {
                String(format: "%.0f", $0) + ($0 <= Self.mergeMemoryGoalMB ? "" : " (over \(Int(Self.mergeMemoryGoalMB)))")
            }
            lines.append([
                merge.pair, merge.shape, "\(merge.scale)x", "\(merge.rows)",
                String(format: "%.1f", Double(merge.bytes) / 1_048_576),
                merge.wso2dbMedianMs.map { String(format: "%.2f", $0 / 1000) } ?? "-",
                merge.rowsPerSecond.map { String(format: "%.0f", $0) } ?? "-", memory ?? "-", merge.anchor,
                merge.anchorMedianMs.map { String(format: "%.2f", $0 / 1000) } ?? "-", ratio ?? "-",
                [merge.wso2dbCPUMedianMs, merge.anchorCPUMedianMs].map { $0.map { String(format: "%.2f", $0 / 1000) } ?? "-" }
                    .joined(separator: " / "),
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        let rightAligned: Set<Int> = [2, 3, 4, 5, 6, 7, 9]
        let rendered = lines.map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        let summary = curveSummary
        return ([rendered[0], rule] + rendered.dropFirst() + (summary.isEmpty ? [] : [""] + summary)).joined(separator: "\n")
    }

    /// What the PostgreSQL scale curve shows: the medians fitted to `fixed + rows x per-row` (time
    /// grows linearly when the fit is close and the cost of each added row stays put from step to
    /// step), and the peak memory from the smallest scale to the largest.
    var curveSummary: [String] {
        let curve = merges.filter { $0.engine == "postgres" && $0.sameEngine && $0.shape == "uniform" && $0.wso2dbMedianMs != nil }.sorted { $0.scale < $1.scale }
        guard curve.count >= 2, let first = curve.first, let last = curve.last, let firstMs = first.wso2dbMedianMs,
            let lastMs = last.wso2dbMedianMs
        else { return [] }
        let points = curve.map { (x: Double($0.rows), y: ($0.wso2dbMedianMs ?? 0) / 1000) }
        let fit = Self.linearFit(points)
        // What each step's added rows cost, in microseconds per row.
        let steps = zip(curve, curve.dropFirst()).map { low, high in
            let seconds = ((high.wso2dbMedianMs ?? 0) - (low.wso2dbMedianMs ?? 0)) / 1000
            return String(format: "%.1f", seconds * 1e6 / Double(max(1, high.rows - low.rows))) + " (\(low.scale)x->\(high.scale)x)"
        }
        var lines = [
            String(
                format: "curve: rows x%.1f (%dx -> %dx), time x%.1f; fit: %.2f s + %.1f us per row (r^2 %.3f); each added row: ",
                Double(last.rows) / Double(max(1, first.rows)), first.scale, last.scale, lastMs / firstMs, fit.intercept,
                fit.slope * 1e6, fit.r2)
                + steps.joined(separator: ", ") + " us"
        ]
        let memory = curve.compactMap(\.peakRSSMB)
        if let low = memory.min(), let high = memory.max() {
            lines.append(
                String(format: "curve: wso2db peak RSS %.0f-%.0f MB across the scales (goal <= %.0f MB at every scale)", low, high, Self.mergeMemoryGoalMB))
        }
        return lines
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
        try container.encode(results.map { $0.rounded(3) }, forKey: .results)
        try container.encode(
            ratios.map {
                Ratio(
                    database: $0.database, ratio: Self.round($0.ratio, 4), goal: $0.goal, measured: $0.measured, bar: $0.bar,
                    runRatioP25: $0.runRatioP25.map { Self.round($0, 4) }, runRatioP75: $0.runRatioP75.map { Self.round($0, 4) })
            },
            forKey: .ratios)
        try container.encode(merges, forKey: .merge)
        try container.encode(curveFit, forKey: .mergeCurve)
        try container.encodeIfPresent(migrateAM, forKey: .migrateAM)
    }

    /// The least-squares line through `points`, and how much of the variation it explains.
    static func linearFit(_ points: [(x: Double, y: Double)]) -> (intercept: Double, slope: Double, r2: Double) {
        let n = Double(points.count)
        let meanX = points.map(\.x).reduce(0, +) / n
        let meanY = points.map(\.y).reduce(0, +) / n
        let sxx = points.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +)
        let sxy = points.map { ($0.x - meanX) * ($0.y - meanY) }.reduce(0, +)
        let syy = points.map { ($0.y - meanY) * ($0.y - meanY) }.reduce(0, +)
        guard sxx > 0 else { return (meanY, 0, 0) }
        let slope = sxy / sxx
        return (meanY - slope * meanX, slope, syy > 0 ? (sxy * sxy) / (sxx * syy) : 1)
    }

    /// The median; for an even count, the mean of the two middle values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `q` quantile (0…1), interpolated between the two nearest runs.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    private static func format(_ milliseconds: Double) -> String { String(format: "%.1f", milliseconds) }

    static func round(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
