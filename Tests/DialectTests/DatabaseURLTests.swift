import SQLDriver
import Testing

@Suite("database URLs")
struct DatabaseURLTests {
    @Test("libpq URIs are passed to libpq unchanged", arguments: [
        "postgres://wso2:pw@db.example:5433/shareddb?sslmode=verify-full&connect_timeout=5",
        "postgresql:///shareddb?host=/var/run/postgresql",
    ])
    func libpqURIs(_ text: String) throws {
        #expect(try DatabaseURL(parsing: text) == .postgres(conninfo: text))
    }

    @Test("JDBC URLs as WSO2 writes them map to libpq parameters")
    func jdbc() throws {
        let url = try DatabaseURL(parsing: "jdbc:postgresql://db:5432/WSO2_SHARED_DB?ssl=true&user=wso2&password=p%40ss&loginTimeout=10")
        #expect(url == .postgres(conninfo: "postgresql://db:5432/WSO2_SHARED_DB?user=wso2&password=p%40ss&sslmode=require"))
        let explicit = try DatabaseURL(parsing: "jdbc:postgresql://db/am?sslmode=verify-ca&ssl=true&currentSchema=wso2")
        #expect(explicit == .postgres(conninfo: "postgresql://db/am?sslmode=verify-ca&options=-csearch_path%3Dwso2"))
    }

    @Test("an unknown JDBC parameter is an error, not silently dropped")
    func jdbcUnknownParameter() {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "jdbc:postgresql://db/am?frobnicate=1") }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains("frobnicate") == true)
    }

    @Test("datasources on engines wso2db does not drive are named", arguments: [
        ("jdbc:mysql://db:3306/WSO2AM_DB?useSSL=false", "MySQL"),
        ("jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE", "H2"),
        ("jdbc:oracle:thin:@db:1521/orcl", "Oracle"),
        ("jdbc:sqlserver://db:1433;databaseName=am", "Microsoft SQL Server"),
        ("mysql://root@db/WSO2AM_DB", "MySQL"),
        ("jdbc:informix-sqli://db:9088/am", "informix-sqli"),
    ])
    func unsupportedEngines(_ text: String, _ engine: String) {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.code == .unsupportedEngine)
        #expect(error?.message.contains(engine) == true)
    }

    @Test("sqlite URLs")
    func sqlite() throws {
        #expect(try DatabaseURL(parsing: "sqlite:/tmp/shared.db") == .sqlite(path: "/tmp/shared.db"))
        #expect(try DatabaseURL(parsing: "sqlite:./shared.db") == .sqlite(path: "./shared.db"))
        #expect(try DatabaseURL(parsing: "sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "sqlite:") }
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
        ("postgresql://db/am?user=wso2&password=hunter2&sslmode=require", "postgresql://db/am?user=wso2&password=***&sslmode=require"),
        ("postgresql://wso2@db/am", "postgresql://wso2@db/am"),
        ("postgres://wso2:p@ss:word@db/am", "postgres://wso2:***@db/am"),
    ])
    func redaction(_ text: String, _ shown: String) throws {
        #expect(DatabaseURL.redact(text) == shown)
        #expect("\(try DatabaseURL(parsing: text))" == shown)
    }
}
