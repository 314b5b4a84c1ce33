import MySQLDriver
import SQLDriver
import Testing

/// The URL forms of the MySQL driver, read without a server.
@Suite("MySQL URLs")
struct MySQLURLTests {
    @Test("mysql:// and mariadb:// with user, password, host, port and database")
    func nativeForms() throws {
        let url = try MySQLURL(parsing: "mysql://wso2carbon:p%40ss%2Fw0rd@db.example.com:3307/WSO2_SHARED_DB?ssl-mode=VERIFY_CA&ssl-ca=/etc/ca.pem&connect-timeout=5")
        #expect(url.user == "wso2carbon")
        #expect(url.password == "p@ss/w0rd")
        #expect(url.host == "db.example.com")
        #expect(url.port == 3307)
        #expect(url.database == "WSO2_SHARED_DB")
        #expect(url.tlsMode == .verifyCA)
        #expect(url.tlsCA == "/etc/ca.pem")
        #expect(url.connectTimeout == 5)
        #expect(url.description == "mysql://wso2carbon:***@db.example.com:3307/WSO2_SHARED_DB")
        let maria = try MySQLURL(parsing: "mariadb://root@[::1]/apim")
        #expect(maria.host == "::1")
        #expect(maria.port == nil)
        #expect(maria.password == nil)
        #expect(maria.description == "mariadb://root@[::1]/apim")
    }

    @Test("a socket as ?socket= or as a percent-encoded host")
    func socketForms() throws {
        let parameter = try MySQLURL(parsing: "mysql://root@localhost/shared?socket=/run/mysqld/mysqld.sock")
        #expect(parameter.socket == "/run/mysqld/mysqld.sock")
        let host = try MySQLURL(parsing: "mysql://root@%2Frun%2Fmysqld%2Fmysqld.sock/shared")
        #expect(host.socket == "/run/mysqld/mysqld.sock")
        #expect(host.host == nil)
        #expect(host.database == "shared")
    }

    @Test("jdbc:mysql:// as WSO2's configuration writes it: every parameter mapped or ignored on purpose")
    func jdbcAsWSO2WritesIt() throws {
        let url = try MySQLURL(
            parsing: "jdbc:mysql://localhost:3306/WSO2AM_DB?useSSL=false&amp;autoReconnect=true".replacingOccurrences(of: "&amp;", with: "&")
                + "&allowPublicKeyRetrieval=true&characterEncoding=UTF-8&serverTimezone=UTC&zeroDateTimeBehavior=convertToNull")
        #expect(url.tlsMode == .disabled)
        #expect(url.host == "localhost")
        #expect(url.database == "WSO2AM_DB")
        #expect(url.description == "mysql://localhost:3306/WSO2AM_DB")
        #expect(try MySQLURL(parsing: "jdbc:mysql://h/db?useSSL=true").tlsMode == .required)
        #expect(try MySQLURL(parsing: "jdbc:mysql://h/db?useSSL=true&verifyServerCertificate=true").tlsMode == .verifyCA)
        #expect(try MySQLURL(parsing: "jdbc:mysql://h/db?requireSSL=true").tlsMode == .required)
        #expect(try MySQLURL(parsing: "jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY&useSSL=false").tlsMode == .verifyIdentity)
        #expect(try MySQLURL(parsing: "jdbc:mariadb://h/db?sslMode=verify-full").tlsMode == .verifyIdentity)
        #expect(try MySQLURL(parsing: "jdbc:mysql://h/db?connectTimeout=2500").connectTimeout == 3)
        let credentials = try MySQLURL(parsing: "jdbc:mariadb://h:3306/db?user=apim&password=s3cret")
        #expect(credentials.user == "apim")
        #expect(credentials.password == "s3cret")
        #expect("\(credentials)".contains("s3cret") == false)
    }

    @Test(
        "refused with a hint: unknown parameters, several hosts, no database, Java keystores",
        arguments: [
            ("jdbc:mysql://h:3306/db?useSSL=false&frobnicate=1", "frobnicate"),
            ("mysql://h/db?frobnicate=1", "frobnicate"),
            ("jdbc:mysql://h1:3306,h2:3306/db", "several hosts"),
            ("jdbc:mysql:loadbalance://h1,h2/db", "not a MySQL URL"),
            ("mysql://root:pw@h:3306", "names no database"),
            ("mysql://h:99999/db", "port"),
            ("jdbc:mysql://h/db?trustCertificateKeyStoreUrl=file:/x.jks", "Java keystore"),
            ("mysql://h/db?ssl-mode=sometimes", "not a mode"),
            ("jdbc:mysql://h/db;password=pw", "parameters go after"),
        ])
    func refused(text: String, says: String) throws {
        let error = #expect(throws: DatabaseError.self) { try MySQLURL(parsing: text) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains(says) == true, "\(error.map { "\($0)" } ?? "")")
        #expect(error?.hint != nil)
        #expect(error.map { "\($0)" }?.contains(":pw@") == false)
    }

    @Test("withCredentials sets what is given and keeps the rest; the password is never printed")
    func credentials() throws {
        let url = try MySQLURL(parsing: "mysql://apim@h/db").withCredentials(user: nil, password: "t0p-secret")
        #expect(url.user == "apim")
        #expect(url.password == "t0p-secret")
        #expect(url.description == "mysql://apim:***@h/db")
    }
}
