import Foundation
import LocalPostgres

/// The benchmark program: `wso2db create` against `psql -f` of the same DDL, and `wso2db drift` against
/// migra, side by side in one run on one throwaway PostgreSQL server. It is a benchmark, not a test: it reports, and exits 0 whether
/// or not the goal is met; it exits 2 when it cannot run and 1 when a tool fails while being timed.
enum BenchMain {
    static func run(_ arguments: [String]) -> Int32 {
        let options: BenchOptions
        switch BenchOptions.parse(arguments) {
        case .help:
            print(BenchOptions.usage)
            return 0
        case .usageError(let message):
            printError("wso2db-bench: \(message)\n\n\(BenchOptions.usage)")
            return 64
        case .run(let parsed):
            options = parsed
        }

        let paths: BenchPaths
        let server: LocalPostgres
        let machine: Machine
        do {
            paths = try BenchPaths.locate()
            server = try LocalPostgres.shared()
            machine = try Machine.current(server: server)
        } catch {
            printError("\(error)")
            return 2
        }

        print(machine.summary)
        print("wso2db:   \(paths.wso2db)")
        if let migra = paths.migra {
            print("migra:    \(migra.path)")
        } else {
            // Said up front as well as under the table: the drift row's bar is the point of that row.
            print("migra:    NOT FOUND on PATH or in ~/.local/bin: the drift row will have no bar;")
            print(Migra.installHint.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
        }
        print(
            """
            method:   per database and tool, a fresh empty database each run; only the subprocess is timed
                      (wall clock, process start to exit); 1 warm-up run discarded, then \(options.runs) runs,
                      tools interleaved run by run. wso2db create and psql -f of the same DDL (from
                      `wso2db ddl <db> --dialect postgres`, wrapped in BEGIN;/COMMIT;) each run ONE transaction;
                      WSO2's own script runs as shipped (autocommit), for reference only.
                      drift: A made once by `wso2db create`, B = CREATE DATABASE B TEMPLATE A; each run times
                      `wso2db drift <db> --url A` (must find no drift) and `migra --unsafe A B` on the same pair.

            """)
        // Flush before the long run so the header shows at once even when stdout is a pipe.
        fflush(nil)

        let benchmark = Benchmark(server: server, paths: paths, runs: options.runs, progress: { printError("  \($0)") })
        var results: [Benchmark.SubjectResult] = []
        for subject in BenchSubject.all {
            do {
                results.append(try benchmark.measure(subject))
            } catch {
                printError("wso2db-bench: \(subject.label): \(error)")
                return 1
            }
        }

        let report = BenchReport(machine: machine, runs: options.runs, subjects: results)
        print(report.table)
        if !report.notes.isEmpty {
            print("")
            report.notes.forEach { print("note: \($0)") }
        }
        if let jsonPath = options.jsonPath {
            do {
                try report.json().write(to: URL(fileURLWithPath: jsonPath))
                print("\nwrote \(jsonPath)")
            } catch {
                printError("wso2db-bench: could not write \(jsonPath): \(error)")
                return 2
            }
        }
        return 0
    }

    /// Progress and errors go to stderr so stdout holds only the report.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

// exit() rather than falling off the end: it runs LocalPostgres's atexit hook that stops the server.
exit(BenchMain.run(Array(CommandLine.arguments.dropFirst())))
