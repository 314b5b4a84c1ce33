/// Maps a PostgreSQL JDBC URL, as WSO2 writes it in `deployment.toml` or `master-datasources.xml`,
/// to a libpq URI.
enum JDBCURL {
    /// JDBC parameters with a libpq equivalent.
    private static let renamed: [String: String] = [
        "user": "user", "password": "password", "sslmode": "sslmode", "sslcert": "sslcert", "sslkey": "sslkey",
        "sslrootcert": "sslrootcert", "connecttimeout": "connect_timeout", "applicationname": "application_name",
        "options": "options", "targetservertype": "target_session_attrs", "gssencmode": "gssencmode",
    ]
    /// JDBC-only tuning parameters that have no libpq meaning and change nothing wso2db does.
    private static let ignored: Set<String> = [
        "logintimeout", "sockettimeout", "tcpkeepalive", "preparethreshold", "loglevel", "autosave",
        "reWriteBatchedInserts".lowercased(), "defaultrowfetchsize", "binarytransfer", "stringtype",
        "ssl" /* mapped below when sslmode is absent */, "sslfactory", "sslpassword",
    ]

    static func libpqURI(from jdbc: String) throws -> String {
        let body = String(jdbc.dropFirst("jdbc:postgresql:".count))
        guard body.hasPrefix("//") else {
            throw DatabaseError(
                .invalidURL, "JDBC URL without a host: \(DatabaseURL.redact(jdbc))",
                hint: "write jdbc:postgresql://HOST:PORT/DATABASE")
        }
        let parts = body.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [(String, String)] = []
        var sslRequested = false
        var hasSSLMode = false
        if parts.count == 2 {
            for pair in parts[1].split(whereSeparator: { $0 == "&" || $0 == ";" }) where !pair.isEmpty {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0])
                let value = keyValue.count == 2 ? String(keyValue[1]) : ""
                let lowered = key.lowercased()
                if lowered == "ssl" { sslRequested = value.lowercased() == "true" || value.isEmpty }
                if lowered == "currentschema" {
                    query.append(("options", "-csearch_path%3D" + value))
                    continue
                }
                if let libpqName = renamed[lowered] {
                    if libpqName == "sslmode" { hasSSLMode = true }
                    query.append((libpqName, value))
                } else if !ignored.contains(lowered) {
                    throw DatabaseError(
                        .invalidURL, "JDBC parameter \(key) has no libpq equivalent",
                        hint: "remove it from the URL, or use a postgres:// URL with libpq parameters")
                }
            }
        }
        if sslRequested && !hasSSLMode { query.append(("sslmode", "require")) }
        var uri = "postgresql:" + parts[0]
        if !query.isEmpty { uri += "?" + query.map { "\($0.0)=\($0.1)" }.joined(separator: "&") }
        return uri
    }
}
