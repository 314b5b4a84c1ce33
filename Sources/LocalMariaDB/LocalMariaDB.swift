import Foundation
import LocalPostgres
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway MariaDB server for tests and benchmarks: `mariadb-install-db` into a temporary
/// folder, `mariadbd` on a free loopback port with its own socket, anonymous users dropped, a test
/// user for `'%'` and `'localhost'`, killed when the process exits. As root the server runs as the
/// `mysql` user on a folder that user owns.
///
/// Set `WSO2DB_TEST_MYSQL_URL` (for example `mysql://root:secret@127.0.0.1:3306/mysql`, a user
/// who may create databases) to use a server you run instead; databases are then created in it.
public final class LocalMariaDB: Sendable {
    /// Why no server could be had, with what to install.
    public struct Unavailable: Error, CustomStringConvertible {
        public let reason: String
        public var description: String {
            """
            could not start a throwaway MariaDB server for the MySQL tests: \(reason)
            These tests need MariaDB's server and client programs: install them with
            `apt-get install -y mariadb-server mariadb-client libmariadb-dev`, or run a server yourself
            and set WSO2DB_TEST_MYSQL_URL=mysql://USER:PASSWORD@127.0.0.1:3306/mysql (a user who may create databases)
            """
        }
    }

    /// The test user's name and password on a server this process started.
    public static let testUser = "wso2db"
    public static let testPassword = "wso2db-test-pw"

    /// `mysql://USER:PASSWORD@HOST:PORT`, without a database.
    public let baseURL: String
    /// Host, port, user and password, for the `mariadb` client.
    public let host: String
    public let port: Int
    public let user: String
    public let password: String
    /// The server's socket, when this process started it.
    public let socket: String?
    /// The folder holding the data directory, log and socket, when this process started the server.
    public let folder: String?

    private static let started = Result { try LocalMariaDB.start() }

    /// The process-wide server, started on first use.
    /// - Throws: `Unavailable` with what to install when no server could be started.
    public static func shared() throws -> LocalMariaDB { try started.get() }

    /// A `mysql://` URL for one database of the server.
    public func url(database: String) -> String { baseURL + "/" + database }

    /// Creates a fresh, empty database with a unique name and returns its name; in `characterSet` (and `collation`) when given
    /// (WSO2's documentation creates API-M databases in `latin1`, and several of its MySQL scripts exceed
    /// InnoDB's 3072-byte key limit in any wider character set), else in the server's default.
    public func createDatabase(prefix: String = "t", characterSet: String? = nil, collation: String? = nil) throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try mariadb(
            command: "CREATE DATABASE `\(name)`" + (characterSet.map { " CHARACTER SET \($0)" } ?? "") + (collation.map { " COLLATE \($0)" } ?? ""))
        return name
    }

    /// Runs the `mariadb` client as the test user, as a DBA would: a command, or a script fed on
    /// standard input (`mysql DB < script.sql`). Returns what it printed (tab-separated, no headers).
    @discardableResult
    public func mariadb(database: String? = nil, command: String? = nil, file: String? = nil) throws -> String {
        // utf8mb4 whatever the locale (without one the client talks latin1 and turns emoji into `?`).
        var arguments = [
            "--no-defaults", "--batch", "--skip-column-names", "--default-character-set=utf8mb4", "-h", host, "-P", String(port), "-u", user,
        ]
        if let database { arguments.append(database) }
        if let command { arguments += ["-e", command] }
        let input = try file.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let result = try Subprocess.run(Self.client, arguments, input: input, environment: ["MYSQL_PWD": password])
        guard result.status == 0 else {
            throw CommandFailure(
                program: "mariadb", status: result.status, standardError: result.standardError, standardOutput: result.standardOutput)
        }
        return result.standardOutput
    }

    /// Every table's `SHOW CREATE TABLE` in `database`, by table name, with the `AUTO_INCREMENT=`
    /// counter taken out: what two databases built the same way must agree on, character for
    /// character. Read with the `mariadb` client, as a DBA would compare them.
    public func createTableStatements(database: String) throws -> [String: String] {
        let tables = try mariadb(database: database, command: "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")
            .split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) }
        guard !tables.isEmpty else { return [:] }
        let output = try mariadb(
            database: database, command: tables.map { "SHOW CREATE TABLE `\($0.replacingOccurrences(of: "`", with: "``"))`;" }.joined())
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            result[String(parts[0])] = String(parts[1]).replacingOccurrences(of: #" AUTO_INCREMENT=\d+"#, with: "", options: .regularExpression)
        }
        return result
    }

    private init(host: String, port: Int, user: String, password: String, socket: String?, folder: String?) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.socket = socket
        self.folder = folder
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        baseURL = "mysql://\(user):\(encoded)@\(host):\(port)"
    }

    static let client = "/usr/bin/mariadb"
    static let installer = "/usr/bin/mariadb-install-db"
    static let server = "/usr/sbin/mariadbd"

    private static func start() throws -> LocalMariaDB {
        if let external = ProcessInfo.processInfo.environment["WSO2DB_TEST_MYSQL_URL"], !external.isEmpty {
            return try LocalMariaDB(external: external)
        }
        return try startServer()
    }

    /// A server given by `WSO2DB_TEST_MYSQL_URL`: `mysql://USER:PASSWORD@HOST:PORT/ANY`.
    private convenience init(external: String) throws {
        guard let components = URLComponents(string: external), components.scheme == "mysql" || components.scheme == "mariadb",
            let host = components.host, let user = components.user
        else {
            throw Unavailable(reason: "WSO2DB_TEST_MYSQL_URL must read mysql://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard FileManager.default.isExecutableFile(atPath: Self.client) else {
            throw Unavailable(reason: "the mariadb client is missing at \(Self.client)")
        }
        self.init(
            host: host, port: components.port ?? 3306, user: user, password: components.password?.removingPercentEncoding ?? "",
            socket: nil, folder: nil)
    }

    /// A server of this process's own, apart from `shared()`: for a test that kills or restarts
    /// its server, or needs it started with other settings (`serverOptions`, such as
    /// `--lower-case-table-names=1` or `--default-time-zone=+05:30`, which only take effect at
    /// start). Killed when the process exits.
    /// - Throws: `Unavailable` when no server could be started.
    public static func startPrivate(serverOptions: [String] = []) throws -> LocalMariaDB { try startServer(serverOptions) }

    private static func startServer(_ serverOptions: [String] = []) throws -> LocalMariaDB {
        for program in [client, installer, server] where !FileManager.default.isExecutableFile(atPath: program) {
            throw Unavailable(reason: "\(program) is missing")
        }
        let root = getuid() == 0
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-mariadb-\(getpid())-\(UUID().uuidString.prefix(6))").path
        let data = folder + "/data"
        // Its own temporary folder: servers bootstrapping at once in one /tmp remove each other's temporary tables.
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        if root { try LocalPostgres.run("/bin/chown", ["-R", "mysql:mysql", folder]) }
        let user = root ? ["--user=mysql"] : []
        do {
            try LocalPostgres.run(
                installer,
                ["--no-defaults", "--datadir=\(data)", "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
                 "--tmpdir=\(temporary)"]
                    + user)
        } catch {
            throw Unavailable(reason: "mariadb-install-db failed: \(error)")
        }
        let socket = folder + "/mariadb.sock"
        var lastError = ""
        for _ in 0..<5 {
            let port = Subprocess.freeLoopbackPort()
            let arguments =
                ["--no-defaults", "--datadir=\(data)", "--tmpdir=\(temporary)", "--socket=\(socket)", "--port=\(port)", "--bind-address=127.0.0.1",
                 "--log-error=\(folder)/error.log", "--pid-file=\(folder)/mariadbd.pid", "--skip-name-resolve",
                 "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci", "--max-connections=300",
                 "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--innodb-buffer-pool-size=128M",
                 "--local-infile=1"] + serverOptions + user
            try Data().write(to: URL(fileURLWithPath: folder + "/mariadbd.in"))
            let pid = try Subprocess.spawn(server, arguments, stem: folder + "/mariadbd")
            stopAtExit(pid: pid, folder: folder)
            if try waitUntilReady(pid: pid, socket: socket) {
                try setUpUsers(socket: socket)
                return LocalMariaDB(
                    host: "127.0.0.1", port: port, user: testUser, password: testPassword, socket: socket, folder: folder)
            }
            lastError = ((try? String(contentsOfFile: folder + "/error.log", encoding: .utf8)) ?? "").suffix(800).description
        }
        throw Unavailable(reason: "mariadbd did not start: \(lastError)")
    }

    /// Waits for the server to answer on its socket; false when it exited (a port taken, say).
    private static func waitUntilReady(pid: pid_t, socket: String) throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return false }
            if FileManager.default.fileExists(atPath: socket),
                (try? Subprocess.run(client, ["--no-defaults", "-S", socket, "-u", "root", "-e", "SELECT 1"]))?.status == 0
            {
                return true
            }
            usleep(50_000)
        }
        throw Unavailable(reason: "mariadbd did not accept connections within 60 s")
    }

    /// Drops the anonymous users (they would shadow the test user from localhost) and creates the
    /// test user for both `'%'` and `'localhost'`, allowed everything.
    private static func setUpUsers(socket: String) throws {
        let user = "'\(testUser)'", password = "'\(testPassword)'"
        let sql = """
            DELETE FROM mysql.global_priv WHERE User = '';
            FLUSH PRIVILEGES;
            CREATE USER \(user)@'%' IDENTIFIED BY \(password);
            CREATE USER \(user)@'localhost' IDENTIFIED BY \(password);
            GRANT ALL ON *.* TO \(user)@'%' WITH GRANT OPTION;
            GRANT ALL ON *.* TO \(user)@'localhost' WITH GRANT OPTION;
            """
        try LocalPostgres.run(client, ["--no-defaults", "-S", socket, "-u", "root", "-e", sql])
    }

    /// Kills the server at once (SIGKILL, as a crash would) and waits for it to go.
    public func kill() throws {
        guard let folder, let text = try? String(contentsOfFile: folder + "/mariadbd.pid", encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw Unavailable(reason: "this server was not started by this process") }
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// The server process and folder of every server this process started, killed and removed at exit.
    private static let servers = Mutex<[(pid: pid_t, folder: String)]>([])

    private static func stopAtExit(pid: pid_t, folder: String) {
        let first = servers.withLock { list in
            list.append((pid, folder))
            return list.count == 1
        }
        guard first else { return }
        atexit {
            for server in LocalMariaDB.servers.withLock({ $0 }) {
                Glibc.kill(server.pid, SIGKILL)
                var status: Int32 = 0
                waitpid(server.pid, &status, 0)
                try? FileManager.default.removeItem(atPath: server.folder)
            }
        }
    }
}
