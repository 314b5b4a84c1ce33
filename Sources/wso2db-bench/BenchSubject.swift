import Foundation

/// One WSO2 database the benchmark creates: how to name it to `wso2db`, and which of WSO2's own
/// PostgreSQL scripts creates the same thing.
struct BenchSubject: Sendable {
    /// How the database shows in the table and the JSON, e.g. `shared 4.7.0`.
    let label: String
    /// The `<db> [--version V]` arguments that `wso2db create` and `wso2db ddl` take.
    let wso2dbArguments: [String]
    /// The file name of WSO2's script in `reference/wso2/`, timed for reference only.
    let referenceScript: String

    /// Every database the benchmark times; adding one is one line here.
    static let all: [BenchSubject] = [
        BenchSubject(label: "shared 4.7.0", wso2dbArguments: ["shared"], referenceScript: "shared-postgresql-kernel-v4.11.18.sql"),
        BenchSubject(
            label: "um 2.6.0", wso2dbArguments: ["um", "--version", "2.6.0"],
            referenceScript: "legacy-um-reg-postgresql-kernel-v4.4.35.sql"),
        BenchSubject(label: "am 4.7.0", wso2dbArguments: ["am"], referenceScript: "apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"),
    ]
}

/// A way of creating a subject's database whose subprocess the benchmark times.
enum BenchTool: String, CaseIterable, Sendable {
    /// `wso2db create <db> --url URL`: what is being benchmarked.
    case wso2db = "wso2db create"
    /// `psql -f` of `wso2db ddl <db> --dialect postgres`, in `BEGIN;`/`COMMIT;`: the bar to meet.
    case psqlSameDDL = "psql -f (same DDL, 1 txn)"
    /// `psql -f` of WSO2's own script as shipped (autocommit): context only, not a goal.
    case psqlWSO2Script = "psql -f (WSO2 script)"
}

/// Where the programs and files the benchmark needs are, found once at start.
struct BenchPaths: Sendable {
    /// The `wso2db` executable that sits next to this one.
    let wso2db: String
    /// The folder of WSO2's reference scripts (it may not exist on every checkout).
    let referenceFolder: String

    /// Why the benchmark cannot start, said so the user knows what to run.
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// Finds `wso2db` beside the running executable and the reference folder beside the package.
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
        return BenchPaths(wso2db: wso2db, referenceFolder: reference)
    }

    /// The path of WSO2's script for a subject, or nil when this checkout lacks it.
    func referenceScript(for subject: BenchSubject) -> String? {
        let path = referenceFolder + "/" + subject.referenceScript
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
