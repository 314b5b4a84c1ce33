extension String {
    /// Whether two SQL names are the same name. WSO2 writes names unquoted, so every engine
    /// compares them without regard to case; the catalog does the same.
    public func sameSQLName(as other: String) -> Bool {
        count == other.count && uppercased() == other.uppercased()
    }
}
