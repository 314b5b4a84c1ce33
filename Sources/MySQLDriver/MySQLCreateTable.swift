import SQLDriver

/// The few facts read from `SHOW CREATE TABLE` that `information_schema` does not hold: the
/// order MySQL keeps a table's keys in, and the index method a script declared (`USING HASH` on
/// InnoDB, which builds a B-tree anyway but remembers and prints what was asked for).
struct MySQLCreateTable {
    /// Key name → its position among the table's keys (`PRIMARY` is `PRIMARY`).
    var keyOrder: [String: Int] = [:]
    /// Key name → the method it was declared with, upper case.
    var methods: [String: String] = [:]

    /// Reads the key lines (`PRIMARY KEY (…)`, `UNIQUE KEY \`name\` (…)`, `KEY \`name\` (…) USING HASH`).
    init(_ text: String) throws {
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            var name: String
            if trimmed.hasPrefix("PRIMARY KEY") {
                name = "PRIMARY"
            } else if let rest = Self.after(["UNIQUE KEY `", "KEY `", "FULLTEXT KEY `", "SPATIAL KEY `"], in: trimmed) {
                name = ""
                var iterator = rest.makeIterator()
                while let character = iterator.next() {
                    if character == "`" {
                        // A doubled backtick is one backtick of the name.
                        guard let following = iterator.next() else { break }
                        if following != "`" { break }
                    }
                    name.append(character)
                }
            } else {
                continue
            }
            keyOrder[name] = keyOrder.count
            let body = trimmed.hasSuffix(",") ? trimmed.dropLast() : trimmed
            if let using = body.range(of: ") USING ", options: .backwards) {
                methods[name] = String(body[using.upperBound...]).split(separator: " ").first.map { String($0).uppercased() }
            }
        }
    }

    private static func after(_ prefixes: [String], in text: Substring) -> Substring? {
        for prefix in prefixes where text.hasPrefix(prefix) { return text.dropFirst(prefix.count) }
        return nil
    }
}
