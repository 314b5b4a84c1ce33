/// What the generator takes from the text of WSO2's script itself, for the few things a database built by
/// it cannot tell: whether a key column was declared `NOT NULL` (PostgreSQL makes every key column so), and
/// which seed rows are inserted ignoring conflicts (`ON CONFLICT DO NOTHING`, `INSERT IGNORE`).
struct ScriptText {
    /// Upper-case table name → the upper-case names of the columns its (last) `CREATE TABLE` declares `NOT NULL`.
    let notNullColumns: [String: Set<String>]
    /// Tables the script inserts into ignoring conflicts, upper case.
    let conflictIgnoringTables: Set<String>

    init(_ script: String) {
        let text = script.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
        var notNull: [String: Set<String>] = [:]
        var ignoring: Set<String> = []
        for statement in Self.statements(text) {
            let words = statement.split(whereSeparator: \.isWhitespace).map { $0.uppercased() }
            if words.count > 2, words[0] == "CREATE", words[1] == "TABLE", let open = statement.firstIndex(of: "(") {
                let head = statement[..<open].split(whereSeparator: \.isWhitespace).map { $0.uppercased() }
                guard let name = head.last else { continue }
                notNull[name] = Set(
                    Self.topLevelParts(statement[statement.index(after: open)...]).compactMap { part in
                        let tokens = part.split(whereSeparator: \.isWhitespace).map { $0.uppercased() }
                        guard let first = tokens.first, !["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"].contains(first),
                            tokens.joined(separator: " ").contains("NOT NULL")
                        else { return nil }
                        return first.trimmingQuotes
                    })
            } else if let insert = words.firstIndex(of: "INSERT"), insert + 3 < words.count {
                // PostgreSQL says it after the values, MySQL before INTO.
                if words[insert + 1] == "INTO", words.joined(separator: " ").contains("ON CONFLICT DO NOTHING") {
                    ignoring.insert(String(words[insert + 2].prefix { $0 != "(" }))
                } else if words[insert + 1] == "IGNORE", words[insert + 2] == "INTO" {
                    ignoring.insert(String(words[insert + 3].prefix { $0 != "(" }))
                }
            }
        }
        notNullColumns = notNull
        conflictIgnoringTables = ignoring
    }

    /// The script's statements, split at semicolons outside quotes and `$$` bodies.
    static func statements(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var inQuote = false
        var inDollar = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "'" && !inDollar {
                inQuote.toggle()
            } else if character == "$" && !inQuote && next < text.endIndex && text[next] == "$" {
                inDollar.toggle()
                index = text.index(after: next)
                continue
            } else if character == ";" && !inQuote && !inDollar {
                result.append(text[start..<index])
                start = next
            }
            index = next
        }
        result.append(text[start...])
        return result
    }

    /// The comma-separated parts of a parenthesised list that starts right after its `(`, up to its `)`.
    static func topLevelParts(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")":
                if depth == 0 { return parts + [text[start..<index]] }
                depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        return parts + [text[start...]]
    }
}

extension String {
    fileprivate var trimmingQuotes: String { filter { $0 != "\"" && $0 != "`" } }
}
