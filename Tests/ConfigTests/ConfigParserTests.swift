import ConfigFixtures
import Foundation
import AllDrivers
import SQLDriver
import Testing
import WSO2Config

/// The parsers of WSO2's configuration files, on files shaped as API-M ships them.
@Suite("WSO2 configuration files")
struct ConfigParserTests {
    static let noPasswords = PasswordSources(standardInput: nil, environment: [:])

    init() { AllDrivers.register() }

    /// The connection's parts, spelled as a libpq URI with the user name and password last, as
    /// parameters (percent-encoded), so that a test can hold all of them against one string.
    static func conninfo(_ connection: ResolvedConnection) -> String {
        let url = connection.url
        guard url.driver == "postgresql" else { return "" }
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
        }
        var parameters = url.parameters.map { "\($0.name)=\($0.value)" }
        if let user = url.user { parameters.append("user=" + encoded(user)) }
        if let password = url.password { parameters.append("password=" + encoded(password)) }
        return "postgresql://" + (url.host ?? "") + (url.port.map { ":" + $0 } ?? "") + "/" + (url.database ?? "")
            + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    @Test("deployment.toml: apim_db and shared_db, user and password as libpq parameters, never in the description")
    func deploymentTOML() throws {
        let path = try Fixtures.write(
            Fixtures.deploymentTOML(user: "apim", password: "S3cr&t=pw"), to: try Fixtures.folder() + "/deployment.toml")
        let config = try ConfigFile.load(path)
        guard case .deployment = config else { Issue.record("not read as TOML"); return }
        #expect(config.datasources.map(\.name) == ["[database.apim_db]", "[database.local]", "[database.shared_db]"])
        let am = try config.choose(for: .am, named: nil)
        #expect(am.datasource.name == "[database.apim_db]")
        #expect(am.datasource.username == "apim")
        #expect(am.datasource.password == .given("S3cr&t=pw"))
        let connection = try am.datasource.connect(using: Self.noPasswords)
        #expect(Self.conninfo(connection) == "postgresql://db.example:5432/apim_db?user=apim&password=S3cr%26t%3Dpw")
        #expect(connection.passwordOrigin == .configuration)
        #expect("\(connection)".contains("apim:***@"))
        #expect(!"\(connection)".contains("S3cr"))
        #expect(!"\(am)".contains("S3cr"))
        #expect(!"\(am.datasource.password)".contains("S3cr"))
        let shared = try config.choose(for: .shared, named: nil)
        #expect(shared.datasource.name == "[database.shared_db]")
        #expect(try config.choose(for: nil, named: "shared_db").datasource.name == "[database.shared_db]")
        #expect(try config.choose(for: nil, named: "am").datasource.name == "[database.apim_db]")
    }

    @Test("deployment.toml: $env{NAME} is resolved from the environment; an unset one names the variable")
    func environmentPlaceholders() throws {
        let text = """
            [database.shared_db]
            type = "postgre"
            url = "jdbc:postgresql://$env{DB_HOST}:5432/shared_db?sslmode=verify-full&amp;connectTimeout=10"
            username = "$env{DB_USER}"
            password = "$env{DB_PASSWORD}"
            """
        let environment = ["DB_HOST": "pg.internal", "DB_USER": "wso2", "DB_PASSWORD": "from-env"]
        let config = try DeploymentConfig(text: text, file: "deployment.toml", environment: environment)
        let datasource = try #require(config.datasource(section: "shared_db"))
        #expect(datasource.password == .given("from-env"))
        let connection = try datasource.connect(using: Self.noPasswords)
        #expect(
            Self.conninfo(connection)
                == "postgresql://pg.internal:5432/shared_db?sslmode=verify-full&connect_timeout=10&user=wso2&password=from-env")
        // An unset variable stops only the datasource that uses it, when it is used.
        let unset = try DeploymentConfig(
            text: text + "\n\n[database.apim_db]\nurl = \"jdbc:postgresql://h/apim\"\n", file: "/x/deployment.toml",
            environment: ["DB_USER": "u", "DB_PASSWORD": "p"])
        #expect(try unset.datasource(section: "apim_db")?.connect(using: Self.noPasswords).url == DatabaseURL(parsing: "postgresql://h/apim"))
        let error = try #require(throws: ConfigError.self) { try unset.datasource(section: "shared_db")?.connect(using: Self.noPasswords) }
        #expect(error.code == .missingEnvironment)
        #expect(error.description.contains("DB_HOST"))
        #expect(error.description.contains("[database.shared_db] in /x/deployment.toml"))
    }

    @Test("deployment.toml: a $secret{alias} password is a clear error saying how to give it, unless another source gives one")
    func secretPassword() throws {
        let text = """
            [database.apim_db]
            type = "postgre"
            url = "jdbc:postgresql://localhost:5432/apim_db"
            username = "wso2carbon"
            password = "$secret{apim_db_password}"

            [secrets]
            apim_db_password = "[Y2lwaGVydGV4dCBzaG91bGQgbm90IGJlIHNob3du]"
            """
        let config = try DeploymentConfig(text: text, file: "/opt/apim/repository/conf/deployment.toml", environment: [:])
        let datasource = try #require(config.datasource(section: "apim_db"))
        #expect(datasource.password == .secureVault(alias: "apim_db_password"))
        let error = try #require(throws: ConfigError.self) { try datasource.connect(using: Self.noPasswords) }
        #expect(error.code == .securedPassword)
        for needed in ["apim_db_password", "--password-stdin", "PGPASSWORD", "~/.pgpass", "[database.apim_db]", "/opt/apim/repository/conf/deployment.toml"] {
            #expect(error.description.contains(needed), "\(needed) missing from: \(error)")
        }
        #expect(!error.description.contains("Y2lwaGVy"))
        let fromStandardInput = try datasource.connect(using: PasswordSources(standardInput: "typed", environment: [:]))
        #expect(fromStandardInput.passwordOrigin == .standardInput)
        #expect(Self.conninfo(fromStandardInput).hasSuffix("user=wso2carbon&password=typed"))
        let fromLibpq = try datasource.connect(using: PasswordSources(standardInput: nil, environment: ["PGPASSWORD": "x"]))
        #expect(fromLibpq.passwordOrigin == .client("PGPASSWORD or ~/.pgpass"))
        #expect(!Self.conninfo(fromLibpq).contains("password"))
    }

    @Test("deployment.toml: hostname/port/name instead of url; a missing section is the embedded H2 default")
    func hostAndNameForm() throws {
        let text = """
            [database.apim_db]
            type = "postgre"
            hostname = "db"
            port = 5433
            name = "apimgt"
            username = "root"
            password = "root"
            """
        let config = ConfigFile.deployment(try DeploymentConfig(text: text, file: "deployment.toml", environment: [:]))
        let am = try config.choose(for: .am, named: nil).datasource.connect(using: Self.noPasswords)
        #expect(Self.conninfo(am) == "postgresql://db:5433/apimgt?user=root&password=root")
        let error = try #require(throws: ConfigError.self) { try config.choose(for: .shared, named: nil) }
        #expect(error.code == .unsupportedEngine)
        #expect(error.description.contains("[database.shared_db]"))
        #expect(error.description.contains("H2"))
    }

    @Test("deployment.toml: a datasource on H2, SQL Server or Oracle is refused naming the engine, the file and the datasource")
    func otherEngines() throws {
        let text = """
            [database.apim_db]
            type = "h2"
            url = "jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE"
            username = "wso2carbon"
            password = "wso2carbon"

            [database.shared_db]
            type = "mssql"
            url = "jdbc:sqlserver://localhost:1433;databaseName=shared_db"
            username = "root"
            password = "Hunter2"

            [database.user]
            type = "oracle"
            hostname = "ora"
            name = "um"
            """
        let config = ConfigFile.deployment(try DeploymentConfig(text: text, file: "/d/deployment.toml", environment: [:]))
        for (role, engine, section) in [(DatabaseRole.am, "H2", "apim_db"), (.shared, "Microsoft SQL Server", "shared_db"), (.um, "Oracle", "user")] {
            let datasource = try config.choose(for: role, named: nil).datasource
            let error = try #require(throws: ConfigError.self) { try datasource.connect(using: Self.noPasswords) }
            #expect(error.code == .unsupportedEngine)
            #expect(error.description.contains(engine))
            #expect(error.description.contains("[database.\(section)] in /d/deployment.toml"))
            #expect(!error.description.contains("Hunter2"))
        }
    }

    @Test("master-datasources.xml: datasources by name and JNDI name; comments ignored; secretAlias is the vault")
    func masterDatasources() throws {
        let xml = Fixtures.masterDatasources([
            Fixtures.datasource("WSO2AM_DB", jndi: "jdbc/WSO2AM_DB", url: "jdbc:postgresql://db:5432/apimgtdb?ssl=true&amp;loginTimeout=5"),
            Fixtures.datasource("WSO2UM_DB", jndi: "jdbc/WSO2UM_DB", url: "jdbc:postgresql://db:5432/userdb", password: "um<pw>&"),
            Fixtures.datasource("WSO2REG_DB", jndi: "jdbc/WSO2REG_DB", url: "jdbc:postgresql://db:5432/regdb", secretAlias: "Datasources.WSO2REG_DB.Configuration.Password"),
        ]).replacingOccurrences(of: "um<pw>&", with: "um&lt;pw&gt;&amp;")
        let path = try Fixtures.write(xml, to: try Fixtures.folder() + "/master-datasources.xml")
        let config = try ConfigFile.load(path)
        guard case .datasources(let datasources) = config else { Issue.record("not read as XML"); return }
        #expect(datasources.datasources.map(\.name) == ["WSO2_CARBON_DB", "WSO2AM_DB", "WSO2UM_DB", "WSO2REG_DB"])
        let am = try config.choose(for: .am, named: nil).datasource
        #expect(am.jndiName == "jdbc/WSO2AM_DB")
        #expect(Self.conninfo(try am.connect(using: Self.noPasswords)) == "postgresql://db:5432/apimgtdb?sslmode=require&user=wso2carbon&password=wso2carbon")
        let um = try config.choose(for: .um, named: nil).datasource
        #expect(um.password == .given("um<pw>&"))
        #expect(Self.conninfo(try um.connect(using: Self.noPasswords)).hasSuffix("password=um%3Cpw%3E%26"))
        let reg = try config.choose(for: .reg, named: nil).datasource
        #expect(reg.password == .secureVault(alias: "Datasources.WSO2REG_DB.Configuration.Password"))
        #expect(throws: ConfigError.self) { try reg.connect(using: Self.noPasswords) }
        #expect(try config.choose(for: nil, named: "jdbc/WSO2UM_DB").datasource.name == "WSO2UM_DB")
        #expect(try config.choose(for: nil, named: "wso2um_db").datasource.name == "WSO2UM_DB")
        let missing = try #require(throws: ConfigError.self) { try config.choose(for: .shared, named: nil) }
        #expect(missing.code == .datasourceNotFound)
        #expect(missing.description.contains("WSO2AM_DB (jdbc/WSO2AM_DB)"))
        let unnamed = try #require(throws: ConfigError.self) { try config.choose(for: nil, named: nil) }
        #expect(unnamed.description.contains("--datasource"))
    }

    @Test("master-datasources.xml: the default H2 datasource is refused naming H2, the datasource and the file")
    func h2Datasource() throws {
        let path = try Fixtures.write(Fixtures.masterDatasources([]), to: try Fixtures.folder() + "/master-datasources.xml")
        // It is the Carbon database, which wso2db leaves alone: chosen by name, it is refused as such, on H2.
        let file = try ConfigFile.load(path)
        let error = try #require(throws: ConfigError.self) { try file.choose(for: nil, named: "jdbc/WSO2CarbonDB") }
        #expect(error.code == .unmanagedDatabase)
        #expect(error.description.contains("does not create or migrate it"))
        #expect(error.description.contains("H2"))
        #expect(error.description.contains("WSO2_CARBON_DB (jdbc/WSO2CarbonDB) in \(path)") || error.description.contains("WSO2_CARBON_DB in \(path)"))
    }

    @Test("a file that is neither: XML of another root, and broken TOML, are errors naming the file")
    func wrongFiles() throws {
        let folder = try Fixtures.folder()
        let xml = try Fixtures.write(Fixtures.userMgt(dataSource: "jdbc/X"), to: folder + "/user-mgt.xml")
        let notDatasources = try #require(throws: ConfigError.self) { try ConfigFile.load(xml) }
        #expect(notDatasources.description.contains("<UserManager>"))
        let toml = try Fixtures.write("[database.apim_db\nurl = 1", to: folder + "/deployment.toml")
        let broken = try #require(throws: ConfigError.self) { try ConfigFile.load(toml) }
        #expect(broken.code == .malformed)
        #expect(broken.description.contains(toml))
        let missing = try #require(throws: ConfigError.self) { try ConfigFile.load(folder + "/nope.toml") }
        #expect(missing.code == .unreadable)
    }

    @Test("user-mgt.xml: the realm's dataSource, not a user store's, and not a commented-out one")
    func userMgt() throws {
        let config = try UserManagementConfig(data: Data(Fixtures.userMgt(dataSource: "jdbc/WSO2UM_DB").utf8), file: "user-mgt.xml")
        #expect(config.dataSource == "jdbc/WSO2UM_DB")
        let without = Fixtures.userMgt(dataSource: "x").replacingOccurrences(of: "<Property name=\"dataSource\">x</Property>", with: "")
        let error = try #require(throws: ConfigError.self) { try UserManagementConfig(data: Data(without.utf8), file: "user-mgt.xml") }
        #expect(error.code == .brokenReference)
    }

    @Test("registry.xml: the /_system/governance mount's remote instance's dbConfig; without a mount, the local registry, said so")
    func registry() throws {
        let mounted = try RegistryConfig(data: Data(Fixtures.registry(governance: "jdbc/WSO2REG_DB").utf8), file: "registry.xml")
        #expect(mounted.dataSource == "jdbc/WSO2REG_DB")
        #expect(mounted.mounted)
        #expect(mounted.reason.contains("remote instance gov"))
        #expect(mounted.reason.contains("govregistry"))
        let local = try RegistryConfig(data: Data(Fixtures.registry(governance: nil).utf8), file: "registry.xml")
        #expect(local.dataSource == "jdbc/WSO2CarbonDB")
        #expect(!local.mounted)
        #expect(local.reason.contains("mounts no /_system/governance"))
        let broken = Fixtures.registry(governance: "jdbc/WSO2REG_DB").replacingOccurrences(of: "<id>gov</id>", with: "<id>other</id>")
        let error = try #require(throws: ConfigError.self) { try RegistryConfig(data: Data(broken.utf8), file: "registry.xml") }
        #expect(error.code == .brokenReference)
        #expect(error.description.contains("gov"))
    }

    @Test("an API-M 2.x home: UM through user-mgt.xml, REG through registry.xml, both through master-datasources.xml")
    func legacyHome() throws {
        let home = try Fixtures.folder()
        try Fixtures.write(Fixtures.userMgt(dataSource: "jdbc/WSO2UM_DB"), to: home + "/repository/conf/user-mgt.xml")
        try Fixtures.write(Fixtures.registry(governance: "jdbc/WSO2REG_DB"), to: home + "/repository/conf/registry.xml")
        try Fixtures.write(
            Fixtures.masterDatasources([
                Fixtures.datasource("WSO2UM_DB", jndi: "jdbc/WSO2UM_DB", url: "jdbc:postgresql://old:5432/userdb"),
                Fixtures.datasource("WSO2REG_DB", jndi: "jdbc/WSO2REG_DB", url: "jdbc:postgresql://old:5432/regdb"),
            ]), to: home + "/repository/conf/datasources/master-datasources.xml")
        let apim = APIMHome(path: home + "/")
        let um = try apim.legacyUserManagementDatabase()
        #expect(um.datasource.name == "WSO2UM_DB")
        #expect(um.reason.contains("user-mgt.xml"))
        let reg = try apim.legacyRegistryDatabase()
        #expect(reg.datasource.name == "WSO2REG_DB")
        #expect(reg.reason.contains("/_system/governance"))
        let notModern = try #require(throws: ConfigError.self) { try apim.database(.shared) }
        #expect(notModern.description.contains("2.x home"))
        let modern = try Fixtures.folder()
        try Fixtures.write(Fixtures.deploymentTOML(), to: modern + "/repository/conf/deployment.toml")
        #expect(try APIMHome(path: modern).database(.shared).datasource.name == "[database.shared_db]")
        let notLegacy = try #require(throws: ConfigError.self) { try APIMHome(path: modern).legacyUserManagementDatabase() }
        #expect(notLegacy.description.contains("3.x/4.x home"))
    }

    @Test("DatabaseURL.withCredentials: later parameters win, the description masks, SQLite is unchanged")
    func withCredentials() throws {
        let url = try DatabaseURL(parsing: "postgres://old:pw1@h/db")
        #expect(url.carriesPassword)
        let replaced = url.withCredentials(user: "new", password: "p w&")
        #expect(replaced == DatabaseURL(driver: "postgresql", scheme: "postgres", user: "new", password: "p w&", host: "h", database: "db"))
        #expect(!replaced.description.contains("p%20w"))
        #expect(!replaced.description.contains("pw1"))
        #expect(try DatabaseURL(parsing: "postgres://h/db").carriesPassword == false)
        let file = try DatabaseURL(parsing: "sqlite:a.db")
        #expect(file.withCredentials(user: "u", password: "p") == file)
    }
}
