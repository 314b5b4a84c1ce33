import Foundation

/// The benchmark's command line, `wso2db-bench [--runs N] [--json FILE] [--only PARTS] [--scale N]
/// [--scales LIST]`, parsed by hand.
///
/// Parsed by hand because this target depends on nothing but `LocalPostgres` and the catalog (which
/// names the tables the merge anchors move): a benchmark that pulls in ArgumentParser would also
/// time (and compile) code it does not measure.
struct BenchOptions: Equatable {
    /// The measured runs per tool and subject; one warm-up run comes on top and is discarded.
    var runs = 7
    /// Where to write the results as one JSON document, if anywhere.
    var jsonPath: String?
    /// Which parts of the benchmark to run; all of them by default.
    var parts: Set<BenchPart> = Set(BenchPart.allCases)
    /// The data scale of the merge rows held against their anchors (`LegacyDataGenerator`'s factor).
    var mergeScale = 40
    /// The scales of the merges' curve (both engines, and across); `mergeScale` is always among the points.
    var curveScales = [10, 40, 160]
    /// The sizes, in MB, of the one large value each large-value merge holds.
    var largeValueMegabytes = [200, 600]
    /// The generator's shapes every merge row runs on (`wso2db-generate --shape`).
    var mergeShapes = ["uniform", "registry", "tenants"]
    /// The measured runs of each create row: more than the merges', so that a 10% change shows
    /// through the noise (each run is about a second).
    var createRuns = 21
    /// Rows per table of the WSO2_AM_DB the migrate-am row migrates.
    var amRows = 500

    /// The merges' scales in the order they run: the curve's and `mergeScale`, ascending.
    var mergeScales: [Int] { Set(curveScales + [mergeScale]).sorted() }

    /// What the user asked for instead of a benchmark run.
    enum Outcome: Equatable {
        case run(BenchOptions)
        case help
        case usageError(String)
    }

    static let usage = """
        usage: wso2db-bench [--runs N] [--create-runs N] [--json FILE] [--only PARTS] [--scale N] [--scales LIST]
                            [--shapes LIST] [--large-values LIST] [--am-rows N]

        Times `wso2db create` against `psql -f` of the same DDL (and WSO2's own script, for reference)
        on a throwaway PostgreSQL server, for each database wso2db can create; `wso2db drift am`
        against migra comparing the same database with a copy of itself (goal: 5x faster); and
        `wso2db merge-legacy` of generated API-M 2.6.0 UM and REG databases into one 4.7.0 shared
        database, PostgreSQL to PostgreSQL against `pg_dump | psql` of the same tables (goal: no slower)
        and SQLite to SQLite against one sqlite3 process doing ATTACH + INSERT ... SELECT (goal: 1.5x),
        and across engines (SQLite to PostgreSQL, PostgreSQL to SQLite) against the slower of the two
        same-engine merges of the same data (goal: 1.2x), with wso2db's peak memory (goal: 256 MB) and a PostgreSQL scale curve; and the peak memory of
        merges holding one very large REG_CONTENT value, on every pair of engines (goal: 256 MB); and
        `wso2db migrate am` 2.6.0 → 4.1.0 of a filled WSO2_AM_DB against `psql -f` of WSO2's own step scripts
        on an identical copy (goal: no slower).

          --runs N       measured runs per tool and merge or drift subject (default 7; one warm-up run is added and discarded)
          --create-runs N  measured runs per tool of each create row (default 21), reported with median,
                         quartiles and the spread of the run-by-run ratio
          --json FILE    also write the results as one JSON document to FILE
          --only PARTS   run only these parts, comma-separated: create, drift, merge (both engines),
                         merge-pg, merge-sqlite, large-values,
                         mysql, migrate-am (default: all)
          --scale N      data scale of the merge rows held against their anchors (default 40)
          --scales LIST  scales of the merge rows of each engine and across engines, comma-separated
                         (default 10,40,160); --scale is always one of its points
          --shapes LIST  the generator's shapes each merge row runs on, comma-separated (default
                         uniform,registry,tenants; see wso2db-generate --help)
          --large-values LIST  sizes in MB of the one large value of the large-value merges (default 200,600)
          --am-rows N    rows per table of the WSO2_AM_DB of the migrate-am row (default 500)
          -h, --help     show this help

        Build first with `swift build -c release`: the bench runs the wso2db and wso2db-generate
        binaries next to it.
        Set WSO2DB_TEST_POSTGRES_URL to benchmark against a server you run instead of a throwaway one.
        migra is looked for on PATH, then in ~/.local/bin; without it the drift row is timed without its bar:
        pip install --user migra psycopg2-binary 'setuptools<81'
        """

    /// Parses the arguments after the program name. Accepts `--runs N` and `--runs=N` alike.
    static func parse(_ arguments: [String]) -> Outcome {
        var options = BenchOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            // Split `--name=value` so both spellings share one code path below.
            let (name, inlineValue): (String, String?) =
                if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                    (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
                } else {
                    (argument, nil)
                }
            func value() -> String? { inlineValue ?? remaining.popFirst() }

            switch name {
            case "-h", "--help":
                return .help
            case "--runs":
                guard let text = value() else { return .usageError("--runs needs a number") }
                guard let runs = Int(text), runs >= 1 else {
                    return .usageError("--runs must be a whole number of at least 1, not '\(text)'")
                }
                options.runs = runs
            case "--create-runs":
                guard let text = value() else { return .usageError("--create-runs needs a number") }
                guard let runs = Int(text), runs >= 1 else {
                    return .usageError("--create-runs must be a whole number of at least 1, not '\(text)'")
                }
                options.createRuns = runs
            case "--shapes":
                guard let text = value(), !text.isEmpty else { return .usageError("--shapes needs a list of shapes") }
                let shapes = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                // The generator knows its shapes and refuses others; here only their spelling is checked.
                guard shapes.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isLetter) }) else {
                    return .usageError("--shapes must be shape names, comma-separated, not '\(text)'")
                }
                options.mergeShapes = shapes
            case "--json":
                guard let path = value(), !path.isEmpty else { return .usageError("--json needs a file path") }
                options.jsonPath = path
            case "--only":
                guard let text = value(), !text.isEmpty else { return .usageError("--only needs a list of parts") }
                var parts: Set<BenchPart> = []
                for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                    guard let named = BenchPart.named(name) else {
                        return .usageError("--only: unknown part '\(name)'; the parts are create, drift, merge, merge-pg, merge-sqlite, large-values, mysql, migrate-am")
                    }
                    parts.formUnion(named)
                }
                options.parts = parts
            case "--scale":
                guard let text = value() else { return .usageError("--scale needs a number") }
                guard let scale = Int(text), scale >= 1 else {
                    return .usageError("--scale must be a whole number of at least 1, not '\(text)'")
                }
                options.mergeScale = scale
            case "--scales":
                guard let text = value(), !text.isEmpty else { return .usageError("--scales needs a list of numbers") }
                let scales = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard scales.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                    return .usageError("--scales must be whole numbers of at least 1, comma-separated, not '\(text)'")
                }
                options.curveScales = scales.compactMap { $0 }
            case "--large-values":
                guard let text = value(), !text.isEmpty else { return .usageError("--large-values needs a list of sizes in MB") }
                let sizes = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard sizes.allSatisfy({ (1...900).contains($0 ?? 0) }) else {
                    return .usageError("--large-values must be sizes in MB from 1 to 900 (a SQLite value holds at most 1 GB), comma-separated, not '\(text)'")
                }
                options.largeValueMegabytes = sizes.compactMap { $0 }
            case "--am-rows":
                guard let text = value(), let rows = Int(text), rows >= 1 else { return .usageError("--am-rows needs a whole number of at least 1") }
                options.amRows = rows
            default:
                return .usageError("unknown argument '\(argument)'")
            }
        }
        return .run(options)
    }
}

/// A part of the benchmark that `--only` can pick.
enum BenchPart: String, CaseIterable, Sendable {
    /// `wso2db create` against `psql -f`.
    case create
    /// `wso2db drift` against migra.
    case drift
    /// `wso2db merge-legacy` PostgreSQL to PostgreSQL against `pg_dump | psql`, and the scale curve.
    case mergePostgres = "merge-pg"
    /// `wso2db merge-legacy` SQLite to SQLite against sqlite3's ATTACH + INSERT … SELECT.
    case mergeSQLite = "merge-sqlite"
    /// The peak memory of `wso2db merge-legacy` holding one very large value, on every pair of engines.
    case largeValues = "large-values"
    /// The MySQL rows (`Benchmark+MySQL.swift`): create, drift, merges from MySQL, on a throwaway MariaDB.
    case mysql
    /// `wso2db migrate am` against WSO2's own step scripts (`Benchmark+MigrateAM.swift`).
    case migrateAM = "migrate-am"

    /// The parts a name given to `--only` stands for; nil for an unknown name.
    static func named(_ name: String) -> Set<BenchPart>? {
        if name == "merge" { return [.mergePostgres, .mergeSQLite] }
        return BenchPart(rawValue: name).map { [$0] }
    }
}
