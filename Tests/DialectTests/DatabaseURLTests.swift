import AllDrivers
import SQLDriver
import Testing

@Suite("database URLs")
struct DatabaseURLTests {
    init() { AllDrivers.register() }

    @Test("libpq URIs are read by libpq: every part as libpq sees it", arguments: [
        ("postgres://wso2:pw@db.example:5433/shareddb?sslmode=verify-full&connect_timeout=5",
         DatabaseURL(driver: "postgresql", scheme: "postgres", user: "wso2", password: "pw", host: "db.example", port: "5433",
                     database: "shareddb", parameters: [.init("sslmode", "verify-full"), .init("connect_timeout", "5")])),
        ("postgresql:///shareddb?host=/var/run/postgresql",
         DatabaseURL(driver: "postgresql", scheme: "postgresql", host: "/var/run/postgresql", database: "shareddb")),
    ])
    func libpqURIs(_ text: String, _ expected: DatabaseURL) throws {
        #expect(try DatabaseURL(parsing: text) == expected)
    }

    @Test("JDBC URLs as WSO2 writes them map to libpq parameters")
    func jdbc() throws {
        let url = try DatabaseURL(parsing: "jdbc:postgresql://db:5432/WSO2_SHARED_DB?ssl=true&user=wso2&password=p%40ss&loginTimeout=10")
        #expect(url == DatabaseURL(
            driver: "postgresql", scheme: "jdbc:postgresql", user: "wso2", password: "p@ss", host: "db", port: "5432",
            database: "WSO2_SHARED_DB", parameters: [.init("sslmode", "require")]))
        #expect(url.droppedParameters == ["loginTimeout"])
        let explicit = try DatabaseURL(parsing: "jdbc:postgresql://db/am?sslmode=verify-ca&ssl=true&currentSchema=wso2")
        #expect(explicit == DatabaseURL(
            driver: "postgresql", scheme: "jdbc:postgresql", host: "db", database: "am",
            parameters: [.init("sslmode", "verify-ca"), .init("options", "-csearch_path=wso2")]))
    }

    @Test("JDBC ssl=false is sslmode=disable, not libpq's prefer")
    func jdbcSSLFalse() throws {
        let url = try DatabaseURL(parsing: "jdbc:postgresql://db/am?ssl=false")
        #expect(url.parameter("sslmode") == "disable")
    }

    @Test("a JDBC password is read as pgjdbc reads it: split on & only, percent-decoded")
    func jdbcPasswordAsPgjdbc() throws {
        let semicolon = try DatabaseURL(parsing: "jdbc:postgresql://db/am?user=u&password=Tt1;Uu2")
        #expect(semicolon.password == "Tt1;Uu2")
        #expect(semicolon.parameters.isEmpty)
        // pgjdbc ends the password at &; the value-less rest is most likely the password's tail.
        let ampersand = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "jdbc:postgresql://db/am?password=Tt1;Uu2&Vv3") }
        #expect(ampersand?.code == .invalidURL)
        #expect(ampersand.map { "\($0)" }?.contains("Vv3") == false)
        // A % that is no escape: pgjdbc refuses the URL; the message never quotes the password.
        let percent = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "jdbc:postgresql://db/am?password=Pq9%zz7") }
        #expect(percent.map { "\($0)" }?.contains("Pq9") == false)
        #expect(percent?.message.contains("%") == true)
    }

    @Test("an unknown JDBC parameter is an error, not silently dropped")
    func jdbcUnknownParameter() {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "jdbc:postgresql://db/am?frobnicate=1") }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains("frobnicate") == true)
    }

    @Test("datasources on engines wso2db does not drive are named", arguments: [
        ("jdbc:db2://db:50000/WSO2AM", "IBM Db2"),
        ("jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE", "H2"),
        ("jdbc:oracle:thin:@db:1521/orcl", "Oracle"),
        ("jdbc:sqlserver://db:1433;databaseName=am", "Microsoft SQL Server"),
        ("sqlserver://root@db/WSO2AM_DB", "Microsoft SQL Server"),
        ("jdbc:informix-sqli://db:9088/am", "informix-sqli"),
    ])
    func unsupportedEngines(_ text: String, _ engine: String) {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.code == .unsupportedEngine)
        #expect(error?.message.contains(engine) == true)
    }

    @Test("sqlite URLs")
    func sqlite() throws {
        #expect(try DatabaseURL(parsing: "sqlite:/tmp/shared.db").database == "/tmp/shared.db")
        #expect(try DatabaseURL(parsing: "sqlite:./shared.db").database == "./shared.db")
        #expect(try DatabaseURL(parsing: "sqlite:///tmp/x.db").database == "/tmp/x.db")
        #expect(try DatabaseURL(parsing: "sqlite:/tmp/x.db").driver == "sqlite")
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "sqlite:") }
    }

    @Test("sqlite URL parameters are SQLite's, honoured or refused, never part of the file name")
    func sqliteParameters() throws {
        let readOnly = try DatabaseURL(parsing: "sqlite:q.db?mode=ro")
        #expect(readOnly.database == "q.db")
        #expect(readOnly.parameter("mode") == "ro")
        #expect(try DatabaseURL(parsing: "sqlite:q.db?immutable=1").parameter("immutable") == "1")
        #expect(try DatabaseURL(parsing: "sqlite:odd%3Fname.db").database == "odd?name.db")
        let unknown = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "sqlite:q.db?cache=shared") }
        #expect(unknown?.message.contains("cache") == true)
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "sqlite:q.db?mode=memory") }
    }

    @Test("an unknown scheme says what to write, without echoing a password")
    func unknownScheme() {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "mongodb://u:hunter2@h/db") }
        #expect(error?.code == .invalidURL)
        #expect(error?.hint?.contains("postgres://") == true)
        #expect(error.map { "\($0)" }?.contains("hunter2") == false)
    }

    @Test("passwords are masked wherever a URL is shown", arguments: [
        ("postgres://wso2:hunter2@db:5432/am", "postgres://wso2:***@db:5432/am"),
        ("postgresql://db/am?user=wso2&password=hunter2&sslmode=require", "postgresql://wso2:***@db/am?sslmode=require"),
        ("postgresql://wso2@db/am", "postgresql://wso2@db/am"),
        ("postgres://wso2:Qa1?Qb2@db/am", "postgres://wso2:***@db/am"),
        ("postgres://wso2:p%40ss%3Aw%2Ford@db/am", "postgres://wso2:***@db/am"),
    ])
    func redaction(_ text: String, _ shown: String) throws {
        #expect("\(try DatabaseURL(parsing: text))" == shown)
    }

    @Test("a password libpq would cut at an unencoded @ or / is refused, never echoed", arguments: [
        "postgres://wso2:p@ss:word@db/am",
        "postgres://sec:Ab/Xk9:Wv8@db/am",
    ])
    func unencodedCredentials(_ text: String) {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.code == .invalidURL)
        let shown = error.map { "\($0)" } ?? ""
        for fragment in ["ss:word", "Ab/Xk9", "Xk9", "Wv8"] { #expect(!shown.contains(fragment)) }
        #expect(shown.contains("password holds"))
    }
}
