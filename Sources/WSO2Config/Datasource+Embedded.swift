extension Datasource {
    /// Whether the datasource is API-M's embedded H2 database (a `jdbc:h2:` URL, or `type = "h2"`
    /// without one): each node's own file, which no other node can share.
    public var isEmbeddedH2: Bool {
        if let url { return url.lowercased().hasPrefix("jdbc:h2:") }
        return declaredEngine?.lowercased() == "h2"
    }
}
