import ConfigFixtures
import Foundation
import LegacyData
import LocalPostgres
import Testing

/// Generated passwords, every printable ASCII character among them, given every way the tool takes
/// one (a URL, raw and percent-encoded; a JDBC URL, raw and encoded; deployment.toml;
/// master-datasources.xml; PGPASSWORD; --password-stdin), to the real `wso2db` on every path
/// (connecting, failing to, refusing the URL, writing history and merge-journal rows) against a
/// real PostgreSQL role that must log in with that password (scram): no output and no row the tool
/// writes holds the password or any eight characters of it, in any spelling.
@Suite("secrets never leave wso2db")
struct SecretsPropertyTests {
    /// Every printable ASCII character, shuffled once (seeded), dealt out over the passwords.
    static let printable: [Character] = {
        var generator = SplitMix64(seed: 20)
        return (0x20...0x7E).map { Character(UnicodeScalar(UInt8($0))) }.shuffled(using: &generator)
    }()
    static let count = 4

    /// The characters a raw URL password may hold and still reach libpq and pgjdbc whole (no `@`,
    /// `/`, `%`, `&` or `+`), with `?` and `#`, where the old masking stopped: the extra password,
    /// given raw, must connect.
    static let rawSafe = "Qa1?Qb2#:;'\"\\ !=~Zz9"

    /// Password `index`: a quarter of the printable characters, between random letters and digits;
    /// the last one (`index == count`) is `rawSafe`.
    static func password(_ index: Int) -> String {
        if index == count { return rawSafe }
        var generator = SplitMix64(seed: UInt64(index) + 1)
        let letters = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        func random(_ count: Int) -> String { String((0..<count).map { _ in letters.randomElement(using: &generator)! }) }
        let share = printable.count / count + 1
        let chunk = printable.dropFirst(index * share).prefix(share)
        return random(5) + String(chunk) + random(5)
    }

    /// Every spelling of `password` that a leak could take: as it is, percent-encoded (upper- and
    /// lower-case hex, `+` for space, Java's form), XML- and JSON-escaped, and every eight characters of it.
    static func spellings(_ password: String) -> [String] {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let encoded = password.addingPercentEncoding(withAllowedCharacters: unreserved)!
        var forms = [password, encoded, encoded.lowercased(), javaEncoded(password), xmlEscaped(password)]
        let json = String(decoding: try! JSONEncoder().encode(password), as: UTF8.self).dropFirst().dropLast()
        forms.append(String(json))
        let characters = Array(password)
        forms += (0...(characters.count - 8)).map { String(characters[$0..<$0 + 8]) }
        return forms
    }

    /// `URLEncoder.encode`: unreserved as they are, space as `+`, everything else %XX.
    static func javaEncoded(_ text: String) -> String {
        let kept = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._*")
        return text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: kept)! }.joined(separator: "+")
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func tomlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// A superuser role that must log in with `password` over TCP (scram), and a database it owns.
    static func role(_ password: String) throws -> (LocalPostgres, role: String, host: String, port: Int) {
        let server = try ConfigCLITests.passwordServer.get()
        let role = "secret_\(UUID().uuidString.prefix(8).lowercased())"
        try server.psql(
            database: "postgres",
            command: "CREATE ROLE \"\(role)\" LOGIN SUPERUSER PASSWORD $wso2db_q$\(password)$wso2db_q$ IN ROLE wso2db_password_required")
        let components = try #require(URLComponents(string: server.baseURL))
        return (server, role, try #require(components.host), try #require(components.port))
    }

    @Test("no output and no row holds the password, on any path", arguments: 0...count)
    func noLeak(_ index: Int) throws {
        let password = Self.password(index)
        let (server, role, host, port) = try Self.role(password)
        let (um, reg) = (try MergeLegacyTests.legacyDatabase(.postgres, "um"), try MergeLegacyTests.legacyDatabase(.postgres, "reg"))
        let (umName, regName) = (String(um.url.split(separator: "/").last!), String(reg.url.split(separator: "/").last!))
        let encoded = password.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"))!
        func url(_ database: String, _ secret: String) -> String { "postgresql://\(role):\(secret)@\(host):\(port)/\(database)" }
        func jdbc(_ database: String, _ secret: String) -> String { "jdbc:postgresql://\(host):\(port)/\(database)?user=\(role)&password=\(secret)" }
        let plain = "postgresql://\(role)@\(host):\(port)/"
        let am = try server.createDatabase(prefix: "secret")
        let folder = try Fixtures.folder()
        let toml = try Fixtures.write(
            Fixtures.deploymentTOML(
                apim: "jdbc:postgresql://\(host):\(port)/\(am)", shared: "jdbc:postgresql://\(host):\(port)/no_such_db",
                user: role, password: Self.tomlEscaped(password)),
            to: folder + "/deployment.toml")
        let xml = try Fixtures.write(
            Fixtures.masterDatasources([
                Fixtures.datasource("WSO2UM_DB", jndi: "jdbc/WSO2UM_DB", url: "jdbc:postgresql://\(host):\(port)/\(umName)", user: role, password: Self.xmlEscaped(password))
            ]),
            to: folder + "/master-datasources.xml")

        var runs: [(String, Subprocess.Result)] = []
        func run(_ label: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws {
            runs.append((label, try BuiltBinary.wso2db(arguments, input: input, environment: environment)))
        }
        // Given well, so that they connect.
        try run("URL, percent-encoded", ["detect", "--url", url(umName, encoded), "--verbose"])
        try run("JDBC, encoded", ["detect", "--url", jdbc(umName, Self.javaEncoded(password)), "--verbose", "--format", "json"])
        try run("deployment.toml", ["create", "am", "--config", toml, "--verbose"])
        try run("deployment.toml, json", ["drift", "am", "--config", toml, "--format", "json"])
        try run("master-datasources.xml", ["detect", "--config", xml, "--datasource", "WSO2UM_DB", "--verbose"])
        try run("PGPASSWORD", ["status", "um", "--url", plain + umName, "--verbose"], environment: ["PGPASSWORD": password])
        try run("--password-stdin", ["detect", "--url", plain + regName, "--password-stdin", "--verbose"], input: password + "\n")
        // Given raw, where the characters may break the URL: connected, refused or failed, never shown.
        try run("URL, raw", ["detect", "--url", url(umName, password), "--verbose"])
        try run("JDBC, raw", ["detect", "--url", jdbc(umName, password), "--verbose"])
        // Failing after the password was read: no such database, a refusal of what the database holds, a wrong datasource.
        try run("URL, no such database", ["detect", "--url", url("no_such_db", encoded), "--verbose"])
        try run("deployment.toml, no such database", ["create", "shared", "--config", toml, "--verbose"])
        try run("deployment.toml, objects exist", ["create", "am", "--config", toml, "--format", "json"])
        try run("PGPASSWORD, wrong role", ["detect", "--url", "postgresql://nobody_\(role)@\(host):\(port)/\(umName)"], environment: ["PGPASSWORD": password])
        try run("--password-stdin, migrate refused", ["migrate", "am", "--url", plain + umName, "--password-stdin"], input: password + "\n")
        // A merge that writes its journal and history rows, the sources and the target with the password in their URLs.
        let target = try server.createDatabase(prefix: "secret")
        try run(
            "merge-legacy",
            ["merge-legacy", "--um", url(umName, encoded), "--reg", jdbc(regName, Self.javaEncoded(password)), "--to", url(target, encoded), "--format", "json", "--verbose"])
        try run(
            "merge-legacy again",
            ["merge-legacy", "--um", url(umName, encoded), "--reg", url(regName, encoded), "--to", url(target, encoded), "--format", "text"])

        #expect(runs.first { $0.0 == "URL, percent-encoded" }?.1.status == 0, "the password works: \(runs[0].1.standardError)")
        #expect(runs.first { $0.0 == "merge-legacy" }?.1.status == 0, "\(runs.first { $0.0 == "merge-legacy" }?.1.standardError.suffix(2000) ?? "")")
        #expect(runs.first { $0.0 == "deployment.toml" }?.1.status == 0)
        #expect(runs.first { $0.0 == "URL, no such database" }?.1.status == 2)
        if password == Self.rawSafe {
            for label in ["URL, raw", "JDBC, raw"] {
                #expect(runs.first { $0.0 == label }?.1.status == 0, "\(label): \(runs.first { $0.0 == label }?.1.standardError ?? "")")
            }
        }
        let forms = Self.spellings(password)
        for (label, result) in runs {
            for form in forms {
                #expect(!result.standardOutput.contains(form), "\(label): stdout shows \(form.debugDescription)")
                #expect(!result.standardError.contains(form), "\(label): stderr shows \(form.debugDescription)")
            }
        }
        // Every row the tool wrote: the merge journal and the history, of the target and of the created database.
        for (database, tables) in [(target, ["schema_history", "merge_journal"]), (am, ["schema_history"])] {
            for table in tables {
                let rows = try server.psql(
                    database: database, command: "SELECT t::text FROM wso2db.\(table) t", extraArguments: ["-t", "-A"])
                #expect(!rows.isEmpty, "\(table) of \(database) holds rows")
                for form in forms { #expect(!rows.contains(form), "a row of \(table) in \(database) holds \(form.debugDescription)") }
            }
        }
    }
}


/// The passwords of the attack run that found issue 20 (items 1 and 2), given as it gave them, raw,
/// to a real role that logs in with each: `?` in a URL, which libpq takes as part of the password;
/// `/` and `:` in a URL, where libpq would cut it; a `%` that is no escape, and `;` and `&`, in a
/// JDBC URL. Each run connects or is refused, and no output and no row the tool writes shows the
/// password or any piece of it.
extension SecretsPropertyTests {
    enum AttackPassword: String, CaseIterable, Sendable, CustomStringConvertible {
        case questionMarkInURL, slashAndColonInURL, percentInJDBC, ampersandInJDBC
        var description: String { rawValue }

        var password: String {
            switch self {
            case .questionMarkInURL: "Qa1?Qb2"
            case .slashAndColonInURL: "Ab/Xk9:Wv8"
            case .percentInJDBC: "Pq9%zz7"
            case .ampersandInJDBC: "Tt1;Uu2&Vv3"
            }
        }

        /// The password, and each run of three or more letters and digits in it: a tail shown alone is a leak too.
        var fragments: [String] {
            [password] + password.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 3 }
        }

        /// The URL of `database` with the password written into it raw.
        func url(role: String, host: String, port: Int, database: String) -> String {
            switch self {
            case .questionMarkInURL, .slashAndColonInURL: "postgresql://\(role):\(password)@\(host):\(port)/\(database)"
            case .percentInJDBC, .ampersandInJDBC: "jdbc:postgresql://\(host):\(port)/\(database)?user=\(role)&password=\(password)"
            }
        }

        /// Whether libpq reaches the server with the password whole (else wso2db must refuse the URL).
        var connects: Bool { self == .questionMarkInURL }
    }

    @Test("the attack run's passwords, written raw into URLs: connected or refused, no piece of them shown or stored", arguments: AttackPassword.allCases)
    func attackPasswords(_ attack: AttackPassword) throws {
        let (server, role, host, port) = try Self.role(attack.password)
        let (um, reg) = (try MergeLegacyTests.legacyDatabase(.postgres, "um"), try MergeLegacyTests.legacyDatabase(.postgres, "reg"))
        let (umName, regName) = (String(um.url.split(separator: "/").last!), String(reg.url.split(separator: "/").last!))
        let target = try server.createDatabase(prefix: "secret")
        func url(_ database: String) -> String { attack.url(role: role, host: host, port: port, database: database) }

        var runs: [(String, Subprocess.Result)] = []
        func run(_ label: String, _ arguments: [String]) throws { runs.append((label, try BuiltBinary.wso2db(arguments))) }
        try run("detect --verbose", ["detect", "--url", url(umName), "--verbose"])
        try run("detect json", ["detect", "--url", url(umName), "--format", "json"])
        try run("status", ["status", "um", "--url", url(umName), "--verbose"])
        try run("no such database", ["detect", "--url", url("no_such_db")])
        try run("merge-legacy", ["merge-legacy", "--um", url(umName), "--reg", url(regName), "--to", url(target), "--format", "json", "--verbose"])
        // Connected where libpq takes the password whole; the URL refused (exit 2) where it would not.
        let expected: [String: Int32] =
            attack.connects ? ["detect --verbose": 0, "detect json": 0, "no such database": 2, "merge-legacy": 0] : ["": 2]
        for (label, result) in runs {
            if let status = expected[label] ?? expected[""] {
                #expect(result.status == status, "\(label): \(result.standardError.suffix(1500))")
            }
            for fragment in attack.fragments {
                #expect(!result.standardOutput.contains(fragment), "\(label): stdout shows \(fragment.debugDescription)")
                #expect(!result.standardError.contains(fragment), "\(label): stderr shows \(fragment.debugDescription)")
            }
        }
        // The rows the merge wrote into the target: its journal (the `start` row names the sources) and its history.
        guard attack.connects else { return }
        for table in ["merge_journal", "schema_history"] {
            let rows = try server.psql(database: target, command: "SELECT t::text FROM wso2db.\(table) t", extraArguments: ["-t", "-A"])
            #expect(!rows.isEmpty, "\(table) holds rows")
            for fragment in attack.fragments { #expect(!rows.contains(fragment), "a row of \(table) holds \(fragment.debugDescription)") }
        }
    }
}
