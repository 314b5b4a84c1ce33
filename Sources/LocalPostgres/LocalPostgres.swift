import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary folder, started
/// on a free loopback port, stopped when the process exits. As root, the server programs run as the
/// `postgres` user (initdb refuses root).
///
/// Set `WSO2DB_TEST_POSTGRES_URL` (for example `postgres://postgres:postgres@127.0.0.1:5432/postgres`
/// from `docker compose up -d`) to use a server you run instead; databases are then created in it.
public final class LocalPostgres: Sendable {
    /// Why no server could be had, with what to install.
    public struct Unavailable: Error, CustomStringConvertible {
        public let reason: String
        public var description: String {
            """
            could not start a throwaway PostgreSQL server for the integration tests: \(reason)
            These tests need PostgreSQL 15 server programs: install them with `apt-get install -y postgresql`
            (they are looked for in /usr/lib/postgresql/*/bin), or run a server yourself (`docker compose up -d`)
            and set WSO2DB_TEST_POSTGRES_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres
            """
        }
    }

    /// Host, port and user of the server, as a libpq URI prefix without the database.
    public let baseURL: String
    /// The cluster's data folder, when this process started the server.
    public let dataDirectory: String?
    /// The folder holding `psql`, `pg_ctl` and the other programs.
    public let binDirectory: String

    private static let started = Result { try LocalPostgres.start() }

    /// The process-wide server, started on first use.
    /// - Throws: `Unavailable` with what to install when no server could be started.
    public static func shared() throws -> LocalPostgres { try started.get() }

    /// A libpq URI for one database of the server.
    public func url(database: String) -> String { baseURL + "/" + database }

    /// Creates a fresh, empty database with a unique name and returns its name.
    public func createDatabase(prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try psql(database: "postgres", command: "CREATE DATABASE \"\(name)\"")
        return name
    }

    /// Runs `psql` with ON_ERROR_STOP against a database: a command, or a file with `-f`.
    @discardableResult
    public func psql(database: String, command: String? = nil, file: String? = nil, extraArguments: [String] = []) throws -> String {
        var arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(database: database)]
        if let command { arguments += ["-c", command] }
        if let file { arguments += ["-f", file] }
        return try Self.run(binDirectory + "/psql", arguments + extraArguments)
    }

    /// The `-o` options the server was started with, to start it again.
    private let startOptions: String?

    private init(baseURL: String, dataDirectory: String?, binDirectory: String, startOptions: String? = nil) {
        self.baseURL = baseURL
        self.dataDirectory = dataDirectory
        self.binDirectory = binDirectory
        self.startOptions = startOptions
    }

    private static func start() throws -> LocalPostgres {
        let environment = ProcessInfo.processInfo.environment
        let bin = try findBinaries()
        if let external = environment["WSO2DB_TEST_POSTGRES_URL"], !external.isEmpty {
            guard let slash = external.range(of: "/", options: .backwards), slash.lowerBound.utf16Offset(in: external) > 12 else {
                throw Unavailable(reason: "WSO2DB_TEST_POSTGRES_URL must end in /DATABASE")
            }
            return LocalPostgres(baseURL: String(external[..<slash.lowerBound]), dataDirectory: nil, binDirectory: bin)
        }
        return try startCluster(bin: bin, password: nil)
    }

    /// A cluster of this process's own, apart from `shared()`: for a test that stops or restarts
    /// its server, or needs password authentication (with `password`, the `postgres` user has it
    /// and every connection must give it: the URLs carry it). Stopped when the process exits.
    /// - Throws: `Unavailable` when no server could be started.
    public static func startPrivate(password: String? = nil) throws -> LocalPostgres {
        try startCluster(bin: try findBinaries(), password: password)
    }

    /// Stops the server at once (`pg_ctl stop -m immediate`, as a crash would): every connection is cut.
    public func stop() throws {
        guard let dataDirectory else { throw Unavailable(reason: "this server was not started by this process") }
        try Self.asServerUser(bin: binDirectory, "pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"])
    }

    /// Starts the server again after `stop()`, on the same port, and waits until it accepts connections.
    public func start() throws {
        guard let dataDirectory, let startOptions else { throw Unavailable(reason: "this server was not started by this process") }
        let folder = (dataDirectory as NSString).deletingLastPathComponent
        try Self.asServerUser(
            bin: binDirectory, "pg_ctl", ["-D", dataDirectory, "-l", folder + "/server.log", "-w", "-t", "60", "-o", startOptions, "start"])
    }

    /// Runs a server program (as `postgres` when this process is root).
    @discardableResult
    private static func asServerUser(bin: String, _ program: String, _ arguments: [String]) throws -> String {
        getuid() == 0
            ? try run("/usr/sbin/runuser", ["-u", "postgres", "--", bin + "/" + program] + arguments)
            : try run(bin + "/" + program, arguments)
    }

    private static func startCluster(bin: String, password: String?) throws -> LocalPostgres {
        let root = getuid() == 0
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-pg-\(getpid())-\(UUID().uuidString.prefix(6))").path
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if root {
            try run("/bin/chown", ["postgres", folder])
        }
        var initOptions = ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]
        if let password {
            let file = folder + "/password"
            try Data(password.utf8).write(to: URL(fileURLWithPath: file))
            if root { try run("/bin/chown", ["postgres", file]) }
            initOptions += ["--pwfile", file, "--auth-host", "scram-sha-256", "--auth-local", "scram-sha-256"]
        }
        do {
            try asServerUser(bin: bin, "initdb", initOptions)
        } catch {
            throw Unavailable(reason: "initdb failed: \(error)")
        }
        var lastError: Error?
        for _ in 0..<5 {
            let port = Subprocess.freeLoopbackPort()
            let options = "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories=\(data) -c fsync=off -c max_connections=200"
            do {
                try asServerUser(bin: bin, "pg_ctl", ["-D", data, "-l", folder + "/server.log", "-w", "-t", "60", "-o", options, "start"])
                let user = password.map { "postgres:\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "postgres"
                let server = LocalPostgres(
                    baseURL: "postgresql://\(user)@127.0.0.1:\(port)", dataDirectory: data, binDirectory: bin, startOptions: options)
                stopAtExit(data: data, bin: bin, root: root)
                return server
            } catch {
                lastError = error
            }
        }
        let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
        throw Unavailable(reason: "pg_ctl start failed: \(lastError.map { "\($0)" } ?? "") \(log.suffix(800))")
    }

    private static func findBinaries() throws -> String {
        let candidates = ["15", "16", "17", "14", "13"].map { "/usr/lib/postgresql/\($0)/bin" }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate + "/pg_ctl") {
            return candidate
        }
        throw Unavailable(reason: "no PostgreSQL server programs (pg_ctl, initdb) found in /usr/lib/postgresql/*/bin")
    }

    /// The `pg_ctl stop` command of every cluster this process started, run at exit.
    private static let stopCommands = Mutex<[[String]]>([])

    private static func stopAtExit(data: String, bin: String, root: Bool) {
        let stop = [bin + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]
        let first = stopCommands.withLock { commands in
            commands.append(root ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + stop : stop)
            return commands.count == 1
        }
        guard first else { return }
        atexit {
            for command in LocalPostgres.stopCommands.withLock({ $0 }) {
                _ = try? LocalPostgres.run(command[0], Array(command.dropFirst()))
                if let data = command.firstIndex(of: "-D").map({ command[$0 + 1] }) {
                    try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
                }
            }
        }
    }

    /// Runs a program and returns its standard output; throws with its standard error when it fails.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], input: Data? = nil) throws -> String {
        let result = try Subprocess.run(program, arguments, input: input)
        guard result.status == 0 else {
            throw CommandFailure(
                program: (program as NSString).lastPathComponent, status: result.status,
                standardError: result.standardError, standardOutput: result.standardOutput)
        }
        return result.standardOutput
    }
}

/// A program that exited with a non-zero status.
public struct CommandFailure: Error, CustomStringConvertible {
    public let program: String
    public let status: Int32
    public let standardError: String
    public let standardOutput: String
    public var description: String { "\(program) exited with \(status): \(standardError.suffix(2000))" }

    public init(program: String, status: Int32, standardError: String, standardOutput: String) {
        self.program = program
        self.status = status
        self.standardError = standardError
        self.standardOutput = standardOutput
    }
}
