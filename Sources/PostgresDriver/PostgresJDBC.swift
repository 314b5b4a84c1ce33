import SQLDriver

/// PostgreSQL JDBC URLs, as WSO2 writes them in `deployment.toml` or `master-datasources.xml`, read
/// the way pgjdbc reads them: parameters split on `&` only, values percent-decoded (`+` is a
/// space), and mapped to libpq's parameters.
enum PostgresJDBC {
    /// JDBC parameters with a libpq equivalent (names lower-cased).
    static let renamed: [String: String] = [
        "user": "user", "password": "password", "sslmode": "sslmode", "sslcert": "sslcert", "sslkey": "sslkey",
        "sslrootcert": "sslrootcert", "connecttimeout": "connect_timeout", "applicationname": "application_name",
        "options": "options", "targetservertype": "target_session_attrs", "gssencmode": "gssencmode",
    ]
    /// pgjdbc-only parameters that have no libpq meaning and change nothing wso2db does: dropped,
    /// and named with `--verbose`.
    static let dropped: Set<String> = [
        "logintimeout", "sockettimeout", "tcpkeepalive", "preparethreshold", "loglevel", "autosave",
        "rewritebatchedinserts", "defaultrowfetchsize", "binarytransfer", "stringtype", "sslfactory", "sslpassword",
    ]

    static func parse(_ jdbc: String) throws -> DatabaseURL {
        let body = jdbc.dropFirst("jdbc:postgresql:".count)
        let (address, query) = split(body)
        // Every password first, before anything can fail and be shown.
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true)
        for pair in pairs where pair.lowercased().hasPrefix("password=") {
            let raw = String(pair.dropFirst("password=".count))
            Secrets.register(raw)
            if let decoded = decode(raw) { Secrets.register(decoded) }
        }
        guard address.hasPrefix("//") else {
            throw DatabaseError(.invalidURL, "JDBC URL without a host", hint: "write jdbc:postgresql://HOST:PORT/DATABASE")
        }
        var url = DatabaseURL(driver: "postgresql", scheme: "jdbc:postgresql")
        let authority = address.dropFirst(2).prefix { $0 != "/" }
        let path = address.dropFirst(2 + authority.count).dropFirst()
        var hosts: [String] = []
        var ports: [String] = []
        for server in authority.split(separator: ",") {
            // `[::1]:5432`, `host:5432`, `host`
            if let close = server.lastIndex(of: "]"), server.hasPrefix("[") {
                hosts.append(String(server[server.index(after: server.startIndex)..<close]))
                let after = server[server.index(after: close)...]
                ports.append(after.hasPrefix(":") ? String(after.dropFirst()) : "")
            } else if let colon = server.lastIndex(of: ":") {
                hosts.append(String(server[..<colon]))
                ports.append(String(server[server.index(after: colon)...]))
            } else {
                hosts.append(String(server))
                ports.append("")
            }
        }
        url.host = hosts.isEmpty ? nil : hosts.joined(separator: ",")
        url.port = ports.allSatisfy(\.isEmpty) ? nil : ports.joined(separator: ",")
        guard let database = decode(String(path)) else { throw undecodable("the database name") }
        url.database = database.isEmpty ? nil : database

        var sslRequested: Bool?
        var hasSSLMode = false
        var afterPassword = false
        for pair in pairs {
            let key = String(pair.prefix { $0 != "=" })
            let hasValue = pair.count > key.count
            let lowered = key.lowercased()
            let followsPassword = afterPassword
            if lowered == "password" { afterPassword = true }
            guard let value = decode(String(pair.dropFirst(key.count + (hasValue ? 1 : 0)))) else {
                throw undecodable(lowered == "password" ? "the password" : "parameter \(key)")
            }
            switch lowered {
            case "ssl":
                sslRequested = value.isEmpty || value.lowercased() == "true"
            case "currentschema":
                url.parameters.append(.init("options", "-csearch_path=" + value))
            case "user":
                url.user = value
            case "password":
                url.password = value
                Secrets.register(value)
            default:
                if let libpqName = renamed[lowered] {
                    if libpqName == "sslmode" { hasSSLMode = true }
                    url.parameters.append(.init(libpqName, value))
                } else if dropped.contains(lowered) {
                    url.droppedParameters.append(key)
                } else if followsPassword {
                    // pgjdbc ends a password at `&`: an unknown parameter after it may well be the
                    // rest of the password, so it is not named.
                    throw DatabaseError(
                        .invalidURL, "the JDBC URL has a parameter after password= that pgjdbc does not know: an unencoded & in the password?",
                        hint: "pgjdbc ends the password at &; percent-encode it (& as %26) in the URL, or give the password another way")
                } else {
                    throw DatabaseError(
                        .invalidURL, "JDBC parameter \(key) has no libpq equivalent",
                        hint: "remove it from the URL, or use a postgres:// URL with libpq parameters")
                }
            }
        }
        if let sslRequested, !hasSSLMode {
            // pgjdbc's ssl=true verifies the server (verify-full in its newer releases); wso2db keeps
            // what it did before, require, and maps ssl=false to disable rather than libpq's prefer.
            url.parameters.append(.init("sslmode", sslRequested ? "require" : "disable"))
        }
        return url
    }

    /// The address (`//host:port/db`) and the query, split at the first `?`.
    static func split(_ body: Substring) -> (Substring, Substring) {
        guard let question = body.firstIndex(of: "?") else { return (body, "") }
        return (body[..<question], body[body.index(after: question)...])
    }

    /// Percent-decoding as Java's `URLDecoder` does it (`+` is a space); `nil` for a `%` not followed
    /// by two hexadecimal digits, which pgjdbc refuses.
    static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func undecodable(_ what: String) -> DatabaseError {
        DatabaseError(
            .invalidURL, "\(what) in the JDBC URL holds a % that is not followed by two hexadecimal digits",
            hint: "pgjdbc reads URL parameters percent-encoded and refuses this URL too; write % as %25")
    }
}
