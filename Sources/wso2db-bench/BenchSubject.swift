import Foundation

/// One row group of the benchmark: a WSO2 database, what is done with it, and what `wso2db` must beat.
struct BenchSubject: Sendable {
    /// How the row shows in the table and the JSON, e.g. `shared 4.7.0` or `drift am`.
    let label: String
    /// The `<db> [--version V]` arguments that `wso2db create`, `ddl` and `drift` take.
    let wso2dbArguments: [String]
    /// What is timed.
    let task: Task
    /// The generator's shape of a merge subject's data (`wso2db-generate --shape`).
    var shape = "uniform"
    /// A merge subject also times wso2db merging its sources into the other engine
    /// (`wso2dbMergeAcross`), held against the slower of the two same-engine merges of the same data.
    var across = false

    /// The largest ratio of a merge across engines to the slower of the two same-engine merges.
    static let acrossGoal = 1.2

    /// The job every tool of a subject does, so that their times compare.
    enum Task: Sendable {
        /// Fill a fresh empty database. `referenceScript` names WSO2's own PostgreSQL script in
        /// `reference/wso2/`, timed for reference only.
        case create(referenceScript: String)
        /// Compare a database `wso2db create` made with what it should be: `wso2db drift` against
        /// migra comparing it with a copy of itself (the anchor of the drift issue).
        case drift
        /// Merge generated API-M 2.6.0 UM and REG databases of this scale into a fresh 4.7.0 shared
        /// database: `wso2db merge-legacy` against the engine's own way of moving the same tables.
        case merge(MergeEngine, scale: Int)
    }

    /// The engine a merge subject runs on, source and target alike.
    enum MergeEngine: String, Sendable {
        case postgres
        case sqlite

        /// The engine a merge across engines writes to.
        var other: MergeEngine { self == .postgres ? .sqlite : .postgres }
        /// As the tables print it.
        var short: String { self == .postgres ? "pg" : "sqlite" }
    }

    /// Every subject the benchmark times; adding one is one line here.
    static let all: [BenchSubject] = [
        BenchSubject(
            label: "shared 4.7.0", wso2dbArguments: ["shared"], task: .create(referenceScript: "shared-postgresql-kernel-v4.11.18.sql")),
        BenchSubject(
            label: "um 2.6.0", wso2dbArguments: ["um", "--version", "2.6.0"],
            task: .create(referenceScript: "legacy-um-reg-postgresql-kernel-v4.4.35.sql")),
        BenchSubject(
            label: "am 4.7.0", wso2dbArguments: ["am"],
            task: .create(referenceScript: "apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql")),
        BenchSubject(label: "drift am", wso2dbArguments: ["am"], task: .drift),
    ]

    /// The subjects a run of the benchmark times, in order: creating, drift, then the merges (each
    /// engine at every scale of the curve, smallest first; with both engines, each also across).
    static func selected(by options: BenchOptions) -> [BenchSubject] {
        var subjects: [BenchSubject] = []
        if options.parts.contains(.create) { subjects += all.filter { if case .create = $0.task { true } else { false } } }
        if options.parts.contains(.drift) { subjects += all.filter { if case .drift = $0.task { true } else { false } } }
        // A merge across engines has its ratio only when both same-engine merges of its data ran.
        let across = options.parts.contains(.mergePostgres) && options.parts.contains(.mergeSQLite)
        for shape in options.mergeShapes {
            for engine in [MergeEngine.postgres, .sqlite] where options.parts.contains(engine == .postgres ? .mergePostgres : .mergeSQLite) {
                subjects += options.mergeScales.map { scale in
                    var subject = merge(engine, scale: scale, shape: shape)
                    subject.across = across
                    return subject
                }
            }
        }
        return subjects
    }

    /// A merge subject, labelled e.g. `merge pg 40x` (the uniform shape) or `merge pg registry 40x`.
    static func merge(_ engine: MergeEngine, scale: Int, shape: String = "uniform") -> BenchSubject {
        let named = shape == "uniform" ? "" : "\(shape) "
        return BenchSubject(
            label: "merge \(engine.short) \(named)\(scale)x", wso2dbArguments: ["merge-legacy"], task: .merge(engine, scale: scale), shape: shape)
    }

    /// The tools timed on this subject, in the order they run and print.
    var tools: [BenchTool] {
        switch task {
        case .create: [.wso2dbCreate, .psqlSameDDL, .psqlWSO2Script]
        case .drift: [.wso2dbDrift, .migra]
        case .merge(.postgres, _): [.wso2dbMerge, .pgDumpPsql, .rawCopy] + (across ? [.wso2dbMergeAcross] : [])
        case .merge(.sqlite, _): [.wso2dbMerge, .sqlite3AttachInsert] + (across ? [.wso2dbMergeAcross] : [])
        }
    }

    /// The tool being benchmarked: the numerator of the ratio.
    var measured: BenchTool {
        switch task {
        case .create: .wso2dbCreate
        case .drift: .wso2dbDrift
        case .merge: .wso2dbMerge
        }
    }

    /// The tool it is held against: the denominator of the ratio.
    var bar: BenchTool {
        switch task {
        case .create: .psqlSameDDL
        case .drift: .migra
        case .merge(.postgres, _): .pgDumpPsql
        case .merge(.sqlite, _): .sqlite3AttachInsert
        }
    }

    /// The largest ratio that meets the goal: no slower than psql running the same DDL; for drift,
    /// at least 5x faster than migra; for the merge, no slower than `pg_dump | psql` on PostgreSQL
    /// (verification included) and at most 1.5x sqlite3's own copy on SQLite.
    var goal: Double {
        switch task {
        case .create: 1.0
        case .drift: 0.2
        case .merge(.postgres, _): 1.0
        case .merge(.sqlite, _): 1.5
        }
    }
}

/// A program whose subprocess the benchmark times.
enum BenchTool: String, CaseIterable, Sendable {
    /// `wso2db create <db> --url URL`: what is being benchmarked.
    case wso2dbCreate = "wso2db create"
    /// `psql -f` of `wso2db ddl <db> --dialect postgres`, in `BEGIN;`/`COMMIT;`: the bar to meet.
    case psqlSameDDL = "psql -f (same DDL, 1 txn)"
    /// `psql -f` of WSO2's own script as shipped (autocommit): context only, not a goal.
    case psqlWSO2Script = "psql -f (WSO2 script)"
    /// `wso2db drift <db> --url A`: live database A against the catalog; what is being benchmarked.
    case wso2dbDrift = "wso2db drift"
    /// `migra --unsafe A B`, B a copy of A: the bar for drift.
    case migra = "migra"
    /// `wso2db merge-legacy --um U --reg R --to T`, verification included: what is being benchmarked.
    case wso2dbMerge = "wso2db merge-legacy"
    /// The same merge of the same sources into the other engine (PostgreSQL sources into a SQLite
    /// file, SQLite sources into a PostgreSQL database), verification included.
    case wso2dbMergeAcross = "wso2db merge-legacy across engines"
    /// `pg_dump -t 'um_*' U | psql T` then `pg_dump -t 'reg_*' R | psql T`: the PostgreSQL merge's bar.
    case pgDumpPsql = "pg_dump | psql"
    /// `pg_dump --section=data | psql` of the same tables into tables made beforehand, untimed,
    /// without keys or indexes: the COPY rate of the server with nothing else, for the throughput.
    case rawCopy = "COPY only (pg_dump --section=data | psql)"
    /// One sqlite3 process: the 4.7.0 DDL, ATTACH of both sources, INSERT … SELECT of every legacy
    /// table in one transaction: the SQLite merge's bar.
    case sqlite3AttachInsert = "sqlite3 ATTACH+INSERT..SELECT"
}

/// Where the programs and files the benchmark needs are, found once at start.
struct BenchPaths: Sendable {
    /// The `wso2db` executable that sits next to this one.
    let wso2db: String
    /// The folder of WSO2's reference scripts (it may not exist on every checkout).
    let referenceFolder: String
    /// migra, the drift row's bar; nil when it is not installed, and then that row has no bar.
    let migra: Migra?
    /// The `wso2db-generate` executable next to this one, which fills the merge rows' sources; nil
    /// when it has not been built.
    let generate: String?
    /// The sqlite3 shell, the SQLite merge's bar; nil when it is not installed.
    let sqlite3: String?

    /// Why the benchmark cannot start, said so the user knows what to run.
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// Finds `wso2db` beside the running executable, the reference folder beside the package, and migra.
    /// - Throws: `Missing` when `wso2db` has not been built next to the bench.
    static func locate(arguments: [String] = CommandLine.arguments, sourceFile: String = #filePath) throws -> BenchPaths {
        let folder = executableFolder(arguments.first ?? "")
        let wso2db = folder + "/wso2db"
        guard FileManager.default.isExecutableFile(atPath: wso2db) else {
            throw Missing(
                description: """
                    wso2db-bench: no wso2db executable next to the bench (looked for \(wso2db)).
                    Build both first: swift build -c release   (then run .build/release/wso2db-bench)
                    """)
        }
        // Sources/wso2db-bench/<file>.swift → the package root is three folders up.
        var root = URL(fileURLWithPath: sourceFile)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let reference = root.appendingPathComponent("../shared/reference/wso2").standardizedFileURL.path
        let generate = folder + "/wso2db-generate"
        return BenchPaths(
            wso2db: wso2db, referenceFolder: reference, migra: Migra.locate(),
            generate: FileManager.default.isExecutableFile(atPath: generate) ? generate : nil, sqlite3: onPath("sqlite3"))
    }

    /// The first executable `name` on PATH.
    static func onPath(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The path of one of WSO2's scripts, or nil when this checkout lacks it.
    func referenceScript(named name: String) -> String? {
        let path = referenceFolder + "/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The real folder of the running executable. `arguments[0]` may be relative or a symlink
    /// (`swift run`, a shell alias), so it is made absolute and resolved; a bare name found via
    /// PATH has no folder in it, and then the kernel's record of the executable is used instead.
    private static func executableFolder(_ argument0: String) -> String {
        var url: URL
        if argument0.contains("/") {
            url = URL(fileURLWithPath: argument0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        } else if let own = Bundle.main.executableURL {
            url = own
        } else {
            url = URL(fileURLWithPath: "/proc/self/exe")
        }
        url = url.standardizedFileURL.resolvingSymlinksInPath()
        return url.deletingLastPathComponent().path
    }
}
