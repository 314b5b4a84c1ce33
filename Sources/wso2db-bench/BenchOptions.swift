import Foundation

/// The benchmark's command line, `wso2db-bench [--runs N] [--json FILE]`, parsed by hand.
///
/// Parsed by hand because this target deliberately depends on nothing but `LocalPostgres`: a
/// benchmark that pulls in ArgumentParser would also time (and compile) code it does not measure.
struct BenchOptions: Equatable {
    /// The measured runs per tool and subject; one warm-up run comes on top and is discarded.
    var runs = 7
    /// Where to write the results as one JSON document, if anywhere.
    var jsonPath: String?

    /// What the user asked for instead of a benchmark run.
    enum Outcome: Equatable {
        case run(BenchOptions)
        case help
        case usageError(String)
    }

    static let usage = """
        usage: wso2db-bench [--runs N] [--json FILE]

        Times `wso2db create` against `psql -f` of the same DDL (and WSO2's own script, for reference)
        on a throwaway PostgreSQL server, for each database wso2db can create; and `wso2db drift am`
        against migra comparing the same database with a copy of itself (goal: 5x faster).

          --runs N     measured runs per tool and database (default 7; one warm-up run is added and discarded)
          --json FILE  also write the results as one JSON document to FILE
          -h, --help   show this help

        Build first with `swift build -c release`: the bench runs the wso2db binary next to it.
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
            case "--json":
                guard let path = value(), !path.isEmpty else { return .usageError("--json needs a file path") }
                options.jsonPath = path
            default:
                return .usageError("unknown argument '\(argument)'")
            }
        }
        return .run(options)
    }
}
