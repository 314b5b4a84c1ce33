import ConfigFixtures
import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing

/// Connections taken from WSO2's own configuration files (`--config`, `--from-home`, `--to-home`) and
/// passwords given every way (`deployment.toml`, `master-datasources.xml`, `--password-stdin`, a JDBC
/// URL), against a server that requires the password: it works, and no password is ever printed.
@Suite("wso2db with WSO2 configuration files")
struct ConfigCLITests {
    /// A login role that must give its password (scram over TCP), and databases it owns.
    struct Account {
        let server: LocalPostgres
        let host: String
        let port: Int
        let role: String
        let password: String

        /// A fresh database owned by the role.
        func database(_ prefix: String) throws -> String {
            let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
            try server.psql(database: "postgres", command: "CREATE DATABASE \"\(name)\" OWNER \"\(role)\"")
            return name
        }

        /// A JDBC URL as WSO2 writes it, without the password.
        func jdbc(_ database: String, _ parameters: String = "") -> String {
            "jdbc:postgresql://\(host):\(port)/\(database)\(parameters)"
        }
    }

    /// The server, with `pg_hba.conf` asking members of `wso2db_password_required` for a password
    /// over TCP (the throwaway server trusts everyone else).
    static let passwordServer = Result { () throws -> LocalPostgres in
        let server = try LocalPostgres.shared()
        try server.psql(
            database: "postgres",
            command: "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wso2db_password_required') "
                + "THEN CREATE ROLE wso2db_password_required NOLOGIN; END IF; END $$")
        if let data = server.dataDirectory {
            let hba = data + "/pg_hba.conf"
            let text = try String(contentsOfFile: hba, encoding: .utf8)
            if !text.contains("+wso2db_password_required") {
                try ("host all +wso2db_password_required 127.0.0.1/32 scram-sha-256\n" + text).write(toFile: hba, atomically: false, encoding: .utf8)
                try server.psql(database: "postgres", command: "SELECT pg_reload_conf()")
            }
        }
        return server
    }

    static func account() throws -> Account {
        let server = try passwordServer.get()
        let role = "wso2_\(UUID().uuidString.prefix(8).lowercased())"
        let password = "Pw&=\(UUID().uuidString.prefix(8))-x"
        try server.psql(
            database: "postgres", command: "CREATE ROLE \"\(role)\" LOGIN PASSWORD '\(password)' IN ROLE wso2db_password_required")
        let components = try #require(URLComponents(string: server.baseURL))
        let account = Account(server: server, host: try #require(components.host), port: try #require(components.port), role: role, password: password)
        // The server must really ask for it: without the password, the role cannot connect.
        let deadline = Date().addingTimeInterval(10)
        while true {
            let refused = (try? PostgresConnection(url: PostgreSQL.url("postgresql://\(role)@\(account.host):\(account.port)/postgres"))) == nil
            if refused { break }
            try #require(Date() < deadline, "the server let \(role) in without a password")
            Thread.sleep(forTimeInterval: 0.1)
        }
        return account
    }

    /// No output of the run shows the password, raw or percent-encoded.
    static func expectNoPassword(_ result: Subprocess.Result, _ password: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        for secret in [password, encoded, String(password.dropFirst(4))] {
            #expect(!result.standardOutput.contains(secret), "stdout shows the password", sourceLocation: sourceLocation)
            #expect(!result.standardError.contains(secret), "stderr shows the password", sourceLocation: sourceLocation)
        }
    }

    @Test("an API-M 4.x deployment.toml alone: create am and drift shared, the password from the toml, never shown")
    func deploymentTOML() throws {
        let account = try Self.account()
        let (am, shared) = (try account.database("apim"), try account.database("shared"))
        let toml = try Fixtures.write(
            Fixtures.deploymentTOML(apim: account.jdbc(am), shared: account.jdbc(shared), user: account.role, password: account.password),
            to: try Fixtures.folder() + "/repository/conf/deployment.toml")

        let created = try BuiltBinary.wso2db(["create", "am", "--config", toml])
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput.contains("created WSO2_AM_DB 4.7.0"))
        #expect(created.standardOutput.contains("247 tables"))
        #expect(created.standardError.contains("[database.apim_db] from \(toml)"))
        #expect(created.standardError.contains("\(account.role):***@"))
        Self.expectNoPassword(created, account.password)
        let owner = try account.server.psql(
            database: am, command: "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", extraArguments: ["-t", "-A"])
        #expect(owner == account.role + "\n")

        let sharedCreated = try BuiltBinary.wso2db(["create", "shared", "--config", toml, "--format", "json"])
        #expect(sharedCreated.status == 0, "\(sharedCreated.standardError)")
        Self.expectNoPassword(sharedCreated, account.password)
        let drift = try BuiltBinary.wso2db(["drift", "shared", "--config", toml])
        #expect(drift.status == 0, "\(drift.standardError)")
        #expect(drift.standardOutput.hasPrefix("no drift: postgresql://\(account.role):***@\(account.host):\(account.port)/\(shared) matches"))
        Self.expectNoPassword(drift, account.password)
        let json = try BuiltBinary.wso2db(["drift", "shared", "--config", toml, "--format", "json"])
        #expect(json.status == 0)
        Self.expectNoPassword(json, account.password)
        let status = try BuiltBinary.wso2db(["status", "shared", "--config", toml])
        #expect(status.status == 0, "\(status.standardError)")
        let detect = try BuiltBinary.wso2db(["detect", "--config", toml, "--datasource", "apim_db"])
        #expect(detect.status == 0, "\(detect.standardError)")
        #expect(detect.standardOutput.hasPrefix("WSO2_AM_DB 4.7.0"))
        let unsure = try BuiltBinary.wso2db(["detect", "--config", toml])
        #expect(unsure.status == 64)
        #expect(unsure.standardError.contains("[database.apim_db], [database.local]") || unsure.standardError.contains("--datasource"))
        let both = try BuiltBinary.wso2db(["drift", "shared", "--config", toml, "--url", "sqlite:x.db"])
        #expect(both.status == 64)
    }

    @Test("failures name the datasource and never the password: wrong database, wrong password, TLS required, JDBC URL password")
    func failuresHideThePassword() throws {
        let account = try Self.account()
        let database = try account.database("shared")
        let folder = try Fixtures.folder()
        func run(_ name: String, url: String, password: String) throws -> Subprocess.Result {
            let toml = try Fixtures.write(
                Fixtures.deploymentTOML(apim: url, shared: url, user: account.role, password: password), to: folder + "/\(name).toml")
            return try BuiltBinary.wso2db(["drift", "shared", "--config", toml])
        }
        let wrongDatabase = try run("db", url: account.jdbc("no_such_db"), password: account.password)
        #expect(wrongDatabase.status == 2)
        #expect(wrongDatabase.standardError.contains("does not exist"))
        Self.expectNoPassword(wrongDatabase, account.password)

        let wrongPassword = "Wr0ng&=\(UUID().uuidString.prefix(6))"
        let refused = try run("pw", url: account.jdbc(database), password: wrongPassword)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("password authentication failed"))
        Self.expectNoPassword(refused, wrongPassword)
        Self.expectNoPassword(refused, account.password)

        // ssl=true becomes sslmode=require, which this server (no TLS) cannot give: TLS modes are honoured.
        let tls = try run("tls", url: account.jdbc(database, "?ssl=true&amp;loginTimeout=5"), password: account.password)
        #expect(tls.status == 2)
        #expect(tls.standardError.contains("SSL"))
        Self.expectNoPassword(tls, account.password)
        let noTLS = try run("notls", url: account.jdbc(database, "?sslmode=disable"), password: account.password)
        // Connected without TLS: what stops it is the database being empty, which drift refuses to compare.
        #expect(noTLS.status == 2 && noTLS.standardError.contains("is empty"), "\(noTLS.standardError)")
        Self.expectNoPassword(noTLS, account.password)

        // A JDBC URL carrying user and password, as some master-datasources.xml do.
        let encoded = try #require(account.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let jdbc = account.jdbc(database, "?user=\(account.role)&password=\(encoded)")
        let created = try BuiltBinary.wso2db(["create", "shared", "--url", jdbc])
        #expect(created.status == 0, "\(created.standardError)")
        Self.expectNoPassword(created, account.password)
        let again = try BuiltBinary.wso2db(["create", "shared", "--url", jdbc])
        #expect(again.status == 2)
        Self.expectNoPassword(again, account.password)
    }

    @Test("--password-stdin: for a URL without one, and for a $secret{…} password, which alone is a clear error")
    func passwordFromStandardInput() throws {
        let account = try Self.account()
        let database = try account.database("shared")
        let url = "postgresql://\(account.role)@\(account.host):\(account.port)/\(database)"
        let withoutPassword = try BuiltBinary.wso2db(["create", "shared", "--url", url])
        #expect(withoutPassword.status == 2)
        let created = try BuiltBinary.wso2db(["create", "shared", "--url", url, "--password-stdin"], input: account.password + "\n")
        #expect(created.status == 0, "\(created.standardError)")
        Self.expectNoPassword(created, account.password)
        let empty = try BuiltBinary.wso2db(["drift", "shared", "--url", url, "--password-stdin"], input: "")
        #expect(empty.status == 2)
        #expect(empty.standardError.contains("standard input gave no password"))

        let toml = try Fixtures.write(
            Fixtures.deploymentTOML(apim: account.jdbc(database), shared: account.jdbc(database), user: account.role, password: "$secret{shared_db_password}")
                .replacingOccurrences(of: "[secrets]\n", with: "[secrets]\nshared_db_password = \"[Y2lwaGVydGV4dA==]\"\n"),
            to: try Fixtures.folder() + "/deployment.toml")
        let secret = try BuiltBinary.wso2db(["drift", "shared", "--config", toml])
        #expect(secret.status == 2)
        for needed in ["secure vault", "shared_db_password", "--password-stdin", "PGPASSWORD", "~/.pgpass", "[database.shared_db]", toml] {
            #expect(secret.standardError.contains(needed), "\(needed) missing from: \(secret.standardError)")
        }
        let drift = try BuiltBinary.wso2db(["drift", "shared", "--config", toml, "--password-stdin"], input: account.password + "\n")
        #expect(drift.status == 0, "\(drift.standardError)")
        #expect(drift.standardError.contains("password: from standard input"))
        Self.expectNoPassword(drift, account.password)
    }

    @Test("an H2 datasource is exit 2 naming H2, the datasource and the file: master-datasources.xml and deployment.toml")
    func h2() throws {
        let folder = try Fixtures.folder()
        let xml = try Fixtures.write(Self.masterDatasources([]), to: folder + "/master-datasources.xml")
        let result = try BuiltBinary.wso2db(["create", "um", "--version", "2.6.0", "--config", xml, "--datasource", "jdbc/WSO2CarbonDB"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("H2"))
        #expect(result.standardError.contains("WSO2_CARBON_DB"))
        #expect(result.standardError.contains(xml))
        let missing = try BuiltBinary.wso2db(["create", "am", "--config", xml])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("WSO2_CARBON_DB (jdbc/WSO2CarbonDB)"))
        let toml = try Fixtures.write(
            """
            [database.apim_db]
            type = "h2"
            url = "jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE"
            username = "wso2carbon"
            password = "H2-s3cret"
            """, to: folder + "/deployment.toml")
        let fromTOML = try BuiltBinary.wso2db(["create", "am", "--config", toml])
        #expect(fromTOML.status == 2)
        #expect(fromTOML.standardError.contains("H2"))
        #expect(fromTOML.standardError.contains("[database.apim_db] in \(toml)"))
        Self.expectNoPassword(fromTOML, "H2-s3cret")
        // No [database.shared_db]: API-M would use its embedded H2 database.
        let absent = try BuiltBinary.wso2db(["create", "shared", "--config", toml])
        #expect(absent.status == 2)
        #expect(absent.standardError.contains("H2"))
    }

    // MARK: - merge-legacy --from-home --to-home

    /// A `master-datasources.xml` with one PostgreSQL datasource per entry, its JNDI name `jdbc/NAME`.
    static func masterDatasources(_ datasources: [(name: String, url: String, user: String, password: String)]) -> String {
        Fixtures.masterDatasources(
            datasources.map {
                Fixtures.datasource(
                    $0.name, jndi: "jdbc/\($0.name)", url: Fixtures.xml($0.url), user: Fixtures.xml($0.user), password: Fixtures.xml($0.password))
            })
    }

    @Test("merge-legacy --from-home (2.x) --to-home (4.x): finds UM and REG and the target, says why, merges, shows no password")
    func mergeFromHomes() throws {
        let account = try Self.account()
        let (um, reg, decoy, target) = (try account.database("um"), try account.database("reg"), try account.database("am"), try account.database("target"))
        let old = try Fixtures.folder() + "/wso2am-2.6.0"
        let new = try Fixtures.folder() + "/wso2am-4.7.0"
        let master = try Fixtures.write(
            Self.masterDatasources([
                ("WSO2AM_DB", account.jdbc(decoy), account.role, account.password),
                ("WSO2UM_DB", account.jdbc(um), account.role, account.password),
                ("WSO2REG_DB", account.jdbc(reg, "?sslmode=disable&loginTimeout=10"), account.role, account.password),
            ]), to: old + "/repository/conf/datasources/master-datasources.xml")
        try Fixtures.write(Fixtures.userMgt(dataSource: "jdbc/WSO2UM_DB"), to: old + "/repository/conf/user-mgt.xml")
        try Fixtures.write(Fixtures.registry(governance: "jdbc/WSO2REG_DB"), to: old + "/repository/conf/registry.xml")
        // The new home's shared database password is in the secure vault: --password-stdin gives it.
        try Fixtures.write(
            Fixtures.deploymentTOML(apim: account.jdbc(decoy), shared: account.jdbc(target), user: account.role, password: "$secret{shared_db}"),
            to: new + "/repository/conf/deployment.toml")

        // The legacy databases, made through the same configuration, then filled with awkward rows.
        for (database, datasource) in [("um", "WSO2UM_DB"), ("reg", "WSO2REG_DB")] {
            let created = try BuiltBinary.wso2db(["create", database, "--version", "2.6.0", "--config", master])
            #expect(created.status == 0, "\(created.standardError)")
            #expect(created.standardError.contains(datasource))
            Self.expectNoPassword(created, account.password)
        }
        try {
            let umConnection = try PostgresConnection(url: PostgreSQL.url(account.server.url(database: um)))
            let regConnection = try PostgresConnection(url: PostgreSQL.url(account.server.url(database: reg)))
            try AwkwardLegacyData.fill(um: umConnection, reg: regConnection)
        }()

        let merged = try BuiltBinary.wso2db(
            ["merge-legacy", "--from-home", old, "--to-home", new, "--password-stdin", "--format", "json"], input: account.password + "\n")
        #expect(merged.status == 0, "\(merged.standardError.suffix(3000))")
        Self.expectNoPassword(merged, account.password)
        let summary = merged.standardError
        #expect(summary.contains("--um: WSO2UM_DB (jdbc/WSO2UM_DB) in \(master)"))
        #expect(summary.contains("because the realm in \(old)/repository/conf/user-mgt.xml uses dataSource jdbc/WSO2UM_DB"))
        #expect(summary.contains("--reg: WSO2REG_DB (jdbc/WSO2REG_DB) in \(master)"))
        #expect(summary.contains("/_system/governance from remote instance gov"))
        #expect(summary.contains("--to: [database.shared_db] in \(new)/repository/conf/deployment.toml"))
        #expect(summary.contains("password: from standard input"))
        // The summary comes before the merge's own progress.
        let summaryEnd = try #require(summary.range(of: "password: from standard input"))
        let progress = try #require(summary.range(of: "checking the sources"))
        #expect(summaryEnd.lowerBound < progress.lowerBound)
        let report = try #require(JSONSerialization.jsonObject(with: Data(merged.standardOutput.utf8)) as? [String: Any])
        #expect(report["verified"] as? Bool == true)
        #expect(((report["um"] as? [String: Any])?["url"] as? String).map { $0.hasSuffix("/\(um)") || $0.contains("/\(um)?") } == true)
        #expect(((report["reg"] as? [String: Any])?["url"] as? String).map { $0.hasSuffix("/\(reg)") || $0.contains("/\(reg)?") } == true)
        #expect(((report["target"] as? [String: Any])?["url"] as? String).map { $0.hasSuffix("/\(target)") || $0.contains("/\(target)?") } == true)
        let users = try account.server.psql(database: target, command: "SELECT count(*) > 0 FROM um_user", extraArguments: ["-t", "-A"])
        #expect(users == "t\n")

        // Mixed: the old home with a URL target, as a dry run.
        let mixed = try BuiltBinary.wso2db(
            ["merge-legacy", "--from-home", old, "--to", "sqlite:" + (try Fixtures.folder()) + "/shared.db", "--dry-run"])
        #expect(mixed.status == 0, "\(mixed.standardError.suffix(2000))")
        #expect(mixed.standardError.contains("--to: sqlite:"))
        Self.expectNoPassword(mixed, account.password)
    }

    @Test("merge-legacy --from-home: no governance mount falls back to the local registry (said so); its H2 datasource is exit 2")
    func mergeFromHomeOnH2() throws {
        let old = try Fixtures.folder()
        try Fixtures.write(Self.masterDatasources([("WSO2UM_DB", "jdbc:postgresql://127.0.0.1:1/um", "wso2", "H2-t3st-pw")]), to: old + "/repository/conf/datasources/master-datasources.xml")
        try Fixtures.write(Fixtures.userMgt(dataSource: "jdbc/WSO2UM_DB"), to: old + "/repository/conf/user-mgt.xml")
        try Fixtures.write(Fixtures.registry(governance: nil), to: old + "/repository/conf/registry.xml")
        let result = try BuiltBinary.wso2db(["merge-legacy", "--from-home", old, "--to", "sqlite:" + old + "/shared.db"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("mounts no /_system/governance"))
        #expect(result.standardError.contains("--reg"))
        #expect(result.standardError.contains("H2"))
        #expect(result.standardError.contains("WSO2_CARBON_DB"))
        Self.expectNoPassword(result, "H2-t3st-pw")
        let neither = try BuiltBinary.wso2db(["merge-legacy", "--um", "sqlite:a.db", "--to", "sqlite:b.db"])
        #expect(neither.status == 64)
        let both = try BuiltBinary.wso2db(["merge-legacy", "--from-home", old, "--to", "sqlite:b.db", "--to-home", old])
        #expect(both.status == 64)
    }
}
