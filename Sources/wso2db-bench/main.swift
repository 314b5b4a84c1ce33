import Foundation
import LocalMariaDB
import LocalPostgres

/// The benchmark program: `wso2db create` against `psql -f` of the same DDL, `wso2db drift` against
/// migra, and `wso2db merge-legacy` against `pg_dump | psql` and sqlite3's own copy, side by side in
/// one run on one throwaway PostgreSQL server. It is a benchmark, not a test: it reports, and exits 0 whether
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
        let subjects = BenchSubject.selected(by: options)
        let merging = subjects.contains { if case .merge = $0.task { true } else { false } }
        if merging {
            print("generate: \(paths.generate ?? "NOT FOUND next to the bench: build it with swift build -c release")")
            print("sqlite3:  \(paths.sqlite3 ?? "NOT FOUND on PATH: the SQLite merge row will have no bar (apt-get install -y sqlite3)")")
        }
        if !options.parts.contains(.drift) {
            // No drift row, nothing to say about migra.
        } else if let migra = paths.migra {
            print("migra:    \(migra.path)")
        } else {
            // Said up front as well as under the table: the drift row's bar is the point of that row.
            print("migra:    NOT FOUND on PATH or in ~/.local/bin: the drift row will have no bar;")
            print(Migra.installHint.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
        }
        print(
            """
            method:   per database and tool, a fresh empty database each run; only the subprocess is timed
                      (wall clock, process start to exit); 1 warm-up run discarded, then \(options.runs) runs
                      (\(options.createRuns) for create), tools interleaved run by run (create: the order flips each run;
                      spread: quartiles of each tool, and of the run-by-run ratio wso2db / bar). wso2db create and psql -f of the same DDL (from
                      `wso2db ddl <db> --dialect postgres`, wrapped in BEGIN;/COMMIT;) each run ONE transaction;
                      WSO2's own script runs as shipped (autocommit), for reference only.
                      drift: A made once by `wso2db create`, B = CREATE DATABASE B TEMPLATE A; each run times
                      `wso2db drift <db> --url A` (must find no drift) and `migra --unsafe A B` on the same pair.
                      merge: UM and REG sources filled once per shape and scale by `wso2db-generate --seed 1 --shape S`; each run, a
                      fresh empty target per tool: `wso2db merge-legacy --um U --reg R --to T` (verification
                      included) against `pg_dump -t 'um_*' U | psql T; pg_dump -t 'reg_*' R | psql T` (and the raw COPY:
                      the same with --section=data into tables made untimed by --section=pre-data), or against
                      one sqlite3 process (4.7.0 DDL, ATTACH, INSERT ... SELECT of every legacy table, new ID
                      and UUID columns filled, one transaction); and across engines, the same sources merged by
                      wso2db into the other engine, against the slower of the two same-engine merges of the
                      same shape and scale. Peak RSS and CPU time from wait4's rusage.

            """)
        // Flush before the long run so the header shows at once even when stdout is a pipe.
        fflush(nil)

        let benchmark = Benchmark(
            server: server, paths: paths, runs: options.runs, createRuns: options.createRuns, progress: { printError("  \($0)") })
        var results: [Benchmark.SubjectResult] = []
        for subject in subjects {
            do {
                results.append(try benchmark.measure(subject))
            } catch {
                printError("wso2db-bench: \(subject.label): \(error)")
                return 1
            }
        }

        var largeValues: [Benchmark.LargeValueResult] = []
        if options.parts.contains(.largeValues) {
            do {
                // MySQL stores no value above its max_allowed_packet: a server of the bench's own takes 1 GB, the most there is.
                var mariadb: LocalMariaDB?
                do {
                    mariadb = try LocalMariaDB.startPrivate(serverOptions: ["--max-allowed-packet=1G"])
                } catch {
                    printError("wso2db-bench: large values: no MySQL pairs, no MariaDB server: \(error)")
                }
                largeValues = try benchmark.measureLargeValues(megabytes: options.largeValueMegabytes, mariadb: mariadb)
            } catch {
                printError("wso2db-bench: large values: \(error)")
                return 1
            }
        }

        var mysqlRows: [MySQLBenchmark.Row] = []
        if options.parts.contains(.mysql) {
            do {
                mysqlRows = try MySQLBenchmark(
                    mariadb: try LocalMariaDB.shared(), postgres: server, paths: paths, runs: options.runs, scale: options.mergeScale,
                    progress: { printError("  \($0)") }
                ).measure()
            } catch {
                printError("wso2db-bench: MySQL: \(error)")
                return 1
            }
        }

        var migrateAM: Benchmark.MigrateAMResult?
        if options.parts.contains(.migrateAM) {
            do {
                migrateAM = try benchmark.measureMigrateAM(rowsPerTable: options.amRows)
            } catch {
                printError("wso2db-bench: migrate am: \(error)")
                return 1
            }
        }

        var report = BenchReport(machine: machine, runs: options.runs, subjects: results)
        report.migrateAM = migrateAM
        // Only the parts that ran: `--only mysql` or `--only migrate-am` runs no PostgreSQL subject, and
        // an empty table's header would only say so confusingly.
        let sections = [
            report.table, report.mergeTable, report.phaseTable,
            largeValues.isEmpty ? "" : Benchmark.largeValueTable(largeValues),
            mysqlRows.isEmpty ? "" : MySQLBenchmark.table(mysqlRows),
            migrateAM.map(Benchmark.migrateAMTable) ?? "",
        ].filter { !$0.isEmpty }
        print(sections.joined(separator: "\n\n"))
        print("\nload:     \(Machine.loadAverage()) (1, 5, 15 min) at end")
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
