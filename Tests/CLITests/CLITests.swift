import Foundation
import LocalPostgres
import Testing

/// The command-line contract: exit statuses, stdout for results, stderr for errors, no password ever shown.
@Suite("wso2db command line")
struct CLITests {
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        let version = try BuiltBinary.wso2db("--version")
        #expect(version.status == 0)
        #expect(version.standardOutput == "0.1.0\n")
        let help = try BuiltBinary.wso2db("--help")
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("create"))
        #expect(help.standardOutput.contains("ddl"))
    }

    @Test("ddl prints the schema to stdout and nothing to stderr")
    func ddl() throws {
        let postgres = try BuiltBinary.wso2db("ddl", "WSO2_SHARED_DB", "--dialect", "postgres")
        #expect(postgres.status == 0)
        #expect(postgres.standardError.isEmpty)
        #expect(postgres.standardOutput.components(separatedBy: "CREATE TABLE ").count - 1 == 51)
        let am = try BuiltBinary.wso2db("ddl", "am", "--dialect", "sqlite")
        #expect(am.status == 0)
        #expect(am.standardOutput.components(separatedBy: "CREATE TABLE \"").count - 1 == 247)
        #expect(am.standardOutput.contains("CREATE TRIGGER \"TIME_STAMP\" AFTER UPDATE ON \"AM_GW_API_ARTIFACTS\""))
        let legacy = try BuiltBinary.wso2db("ddl", "reg", "--dialect", "sqlite", "--version", "2.6.0")
        #expect(legacy.status == 0)
        #expect(legacy.standardOutput.components(separatedBy: "CREATE TABLE \"").count - 1 == 40)
    }

    @Test("an unknown version is bad input (exit 2) naming the known ones; an unknown database is a usage error (64)")
    func badInput() throws {
        let version = try BuiltBinary.wso2db("ddl", "shared", "--dialect", "postgres", "--version", "9.9.9")
        #expect(version.status == 2)
        #expect(version.standardOutput.isEmpty)
        #expect(version.standardError.contains("4.7.0"))
        let database = try BuiltBinary.wso2db("ddl", "nosuchdb", "--dialect", "postgres")
        #expect(database.status == 64)
        // Every API-M release from 2.1.0 has an AM schema; a version between releases has none.
        let unknownAM = try BuiltBinary.wso2db("ddl", "apimgt", "--dialect", "postgres", "--version", "3.3.0")
        #expect(unknownAM.status == 2)
        #expect(unknownAM.standardError.contains("WSO2_AM_DB"))
        #expect(unknownAM.standardError.contains("4.7.0, 4.6.0, 4.5.0, 4.4.0, 4.3.0, 4.2.0, 4.1.0, 4.0.0, 3.2.0, 3.1.0, 3.0.0, 2.6.0, 2.5.0, 2.2.0, 2.1.0"))
        let scheme = try BuiltBinary.wso2db("create", "shared", "--url", "sqlserver://root:Hunter2@db/wso2")
        #expect(scheme.status == 2)
        #expect(scheme.standardError.contains("postgres://"))
        #expect(!scheme.standardError.contains("Hunter2"))
    }

    @Test("create on SQLite, then again: the second run exits 2 naming the tables and changes nothing")
    func createSQLiteTwice() throws {
        let path = try Self.temporaryFolder() + "/shared.db"
        let first = try BuiltBinary.wso2db("create", "shared", "--url", "sqlite:\(path)")
        #expect(first.status == 0)
        #expect(first.standardOutput.contains("51 tables, 41 sequences, 28 indexes, 43 foreign keys, 2 seed rows"))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        let second = try BuiltBinary.wso2db("create", "shared", "--url", "sqlite:\(path)")
        #expect(second.status == 2)
        #expect(second.standardOutput.isEmpty)
        // A count and the first names; every name with --verbose.
        #expect(second.standardError.contains("tables (51): REG_CLUSTER_LOCK, REG_LOG, REG_PATH, REG_CONTENT, REG_CONTENT_HISTORY and 46 more"))
        #expect(second.standardError.contains("nothing was changed"))
        let verbose = try BuiltBinary.wso2db("create", "shared", "--url", "sqlite:\(path)", "--verbose")
        #expect(verbose.status == 2)
        #expect(verbose.standardError.contains("wso2db: debug:   UM_TENANT\n"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
    }

    @Test("--dry-run prints the SQL and creates nothing, not even the SQLite file")
    func dryRun() throws {
        let path = try Self.temporaryFolder() + "/never.db"
        let result = try BuiltBinary.wso2db("create", "um", "--version", "2.6.0", "--url", "sqlite:\(path)", "--dry-run")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("BEGIN;\n"))
        #expect(result.standardOutput.hasSuffix("COMMIT;\n"))
        #expect(result.standardOutput.contains("wso2db_schema_history"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("create on PostgreSQL; a connection error exits 2 and never shows the password")
    func createPostgres() throws {
        let server = try LocalPostgres.shared()
        let database = try server.createDatabase()
        let created = try BuiltBinary.wso2db("create", "shared", "--url", server.url(database: database))
        #expect(created.status == 0, "\(created.standardError)")
        let count = try server.psql(
            database: database, command: "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", extraArguments: ["-t", "-A"])
        #expect(count == "51\n")

        let withPassword = server.url(database: "no_such_db").replacingOccurrences(of: "postgres@", with: "postgres:T0p-Secret@")
        let failed = try BuiltBinary.wso2db("create", "shared", "--url", withPassword)
        #expect(failed.status == 2)
        #expect(failed.standardError.contains("does not exist"))
        #expect(failed.standardError.contains("postgres:***@"))
        #expect(!failed.standardError.contains("T0p-Secret"))
        #expect(!failed.standardOutput.contains("T0p-Secret"))
    }
}
