import CLibPQ
import SQLDriver

/// libpq connection URIs, read by libpq itself (`PQconninfoParse`), so that wso2db and libpq never
/// disagree about what a URI says; and the connection options handed back to libpq from the parts.
enum PostgresURL {
    /// The libpq keywords that have a `DatabaseURL` part of their own.
    static let parts: Set<String> = ["user", "password", "host", "port", "dbname"]

    /// Parses a `postgres://` or `postgresql://` URI.
    /// - Throws: `.invalidURL` when libpq cannot read it, or when its user name or password holds
    ///   a character libpq reads as the end of it; never echoing the password.
    static func parse(_ text: String) throws -> DatabaseURL {
        let scheme = String(text.prefix { $0 != ":" }).lowercased()
        try registerAndCheckCredentials(in: text)
        var options = try conninfoOptions(text)
        let url = DatabaseURL(
            driver: "postgresql", scheme: scheme, user: options.removeValue(forKey: "user"),
            password: options.removeValue(forKey: "password"), host: options.removeValue(forKey: "host"),
            port: options.removeValue(forKey: "port"), database: options.removeValue(forKey: "dbname"),
            parameters: Self.ordered(options, as: text))
        return url
    }

    /// The options libpq reads from `text`, by keyword (only those set).
    static func conninfoOptions(_ text: String) throws -> [String: String] {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &error) else {
            let message = error.map { String(cString: $0) } ?? "out of memory"
            if let error { PQfreemem(error) }
            throw DatabaseError(
                .invalidURL, "libpq cannot read the URL: " + Secrets.scrub(message.trimmingCharacters(in: .whitespacesAndNewlines)),
                hint: "percent-encode special characters in the user name, password and database name (% as %25, @ as %40, / as %2F)")
        }
        defer { PQconninfoFree(options) }
        var found: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { found[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return found
    }

    /// The other options, in the order the text names them (libpq's list is in its own order).
    static func ordered(_ options: [String: String], as text: String) -> [DatabaseURL.Parameter] {
        let query = text.firstIndex(of: "?").map { text[text.index(after: $0)...] } ?? ""
        var names: [String] = []
        for pair in query.split(separator: "&") {
            let name = String(pair.prefix { $0 != "=" })
            if options[name] != nil, !names.contains(name) { names.append(name) }
        }
        names += options.keys.filter { !names.contains($0) }.sorted()
        return names.map { DatabaseURL.Parameter($0, options[$0]!) }
    }

    /// Registers every password the text may hold, before libpq reads it (libpq's own errors can
    /// quote it), and refuses a user name or password that holds `@` or `/` unencoded: libpq would
    /// end it there and read the rest as the host, printing it in its errors.
    static func registerAndCheckCredentials(in text: String) throws {
        guard let schemeEnd = text.range(of: "://") else { return }
        let rest = text[schemeEnd.upperBound...]
        for pair in (rest.firstIndex(of: "?").map { rest[rest.index(after: $0)...] } ?? "").split(separator: "&")
        where pair.lowercased().hasPrefix("password=") {
            Secrets.register(String(pair.dropFirst("password=".count)))
        }
        // libpq's rule: credentials end at the first `@`, unless a `/` comes first.
        let stop = rest.firstIndex { $0 == "@" || $0 == "/" }
        let lastAt = rest.lastIndex(of: "@")
        if let stop, rest[stop] == "@" {
            let credentials = rest[..<stop]
            if let colon = credentials.firstIndex(of: ":") { Secrets.register(String(credentials[credentials.index(after: colon)...])) }
            let authority = rest[rest.index(after: stop)...].prefix { $0 != "/" && $0 != "?" }
            if authority.contains("@"), let lastAt {
                let intended = rest[..<lastAt]
                if let colon = intended.firstIndex(of: ":") { registerPieces(intended[intended.index(after: colon)...]) }
                throw unencoded("@")
            }
        } else if let lastAt, let colon = rest[..<lastAt].firstIndex(of: ":"), let stop, colon < stop {
            // `user:pass/word@host`: no credentials for libpq, and `pass` taken for a port.
            let candidate = rest[rest.index(after: colon)..<stop]
            if !candidate.allSatisfy(\.isNumber) {
                registerPieces(rest[rest.index(after: colon)..<lastAt])
                throw unencoded("/")
            }
        }
    }

    /// The password as it was most likely meant (up to the last `@`): never echoed, so only
    /// registered whole; pieces of it would mask ordinary words in messages.
    private static func registerPieces(_ text: Substring) {
        Secrets.register(String(text))
    }

    private static func unencoded(_ character: String) -> DatabaseError {
        DatabaseError(
            .invalidURL, "the URL's user name or password holds \"\(character)\" unencoded, where libpq ends it",
            hint: "percent-encode it in the URL (@ as %40, / as %2F, % as %25), or leave the password out of the URL and give it "
                + "with --password-stdin or PGPASSWORD")
    }

    /// Keywords and values for `PQconnectdbParams`, from the URL's parts; the session is named
    /// after the command unless the URL names it (`fallback_application_name`).
    static func connectionOptions(_ url: DatabaseURL) -> [(String, String)] {
        var options: [(String, String)] = []
        if let host = url.host { options.append(("host", host)) }
        if let port = url.port { options.append(("port", port)) }
        if let database = url.database { options.append(("dbname", database)) }
        if let user = url.user { options.append(("user", user)) }
        if let password = url.password { options.append(("password", password)) }
        options += url.parameters.map { ($0.name, $0.value) }
        options.append(("fallback_application_name", Session.applicationName))
        return options
    }
}
