import Foundation

extension DatabaseURL {
    /// The same database with a user name and a password added as libpq parameters (`user=`,
    /// `password=`, percent-encoded), so that they reach libpq as values, never as text spliced into
    /// a connection string a person reads: `description` still shows the password as `***`.
    ///
    /// Parameters given here come after any the URL already has, and libpq takes the last value of
    /// a parameter, so they win over a user or password written in the URL. `nil` leaves that part as
    /// it is. A SQLite URL has no credentials and is returned unchanged.
    public func withCredentials(user: String?, password: String?) -> DatabaseURL {
        guard case .postgres(let conninfo) = self else { return self }
        var parameters: [String] = []
        if let user, !user.isEmpty { parameters.append("user=" + Self.percentEncoded(user)) }
        if let password { parameters.append("password=" + Self.percentEncoded(password)) }
        guard !parameters.isEmpty else { return self }
        let separator = conninfo.contains("?") ? (conninfo.hasSuffix("?") || conninfo.hasSuffix("&") ? "" : "&") : "?"
        return .postgres(conninfo: conninfo + separator + parameters.joined(separator: "&"))
    }

    /// Whether the URL itself carries a password: `user:password@` or a `password=` parameter.
    /// libpq would then not look at `PGPASSWORD` or `~/.pgpass`.
    public var carriesPassword: Bool {
        guard case .postgres(let conninfo) = self else { return false }
        return DatabaseURL.redact(conninfo) != conninfo
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, which is what libpq's URI
    /// parser decodes.
    static func percentEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
