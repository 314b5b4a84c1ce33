/// Reading the many ways engines and scripts spell the same type, default or index key back into one
/// model value. Both inspectors go through these, so that `int4` and `INTEGER`, or
/// `nextval('x'::regclass)` and `NEXTVAL('X')`, compare equal in the differ.
extension ColumnType {
    /// The type a spelling names: PostgreSQL's `format_type` output (`character varying(255)`,
    /// `timestamp(0) without time zone`), a script's (`VARCHAR(255)`, `INT`, `BYTEA`) or SQLite's
    /// declared type. A name with no model equivalent becomes `.other`, lower-cased.
    public init(sqlSpelling spelling: String) {
        let text = spelling.trimmed.lowercased().collapsingSpaces
        let (base, arguments) = Self.split(text)
        let withoutZone = base.hasSuffix(" without time zone") ? String(base.dropLast(18)) : base
        switch (withoutZone, arguments.count) {
        case ("character varying", 1), ("varchar", 1), ("varchar2", 1), ("nvarchar", 1):
            self = .varchar(arguments[0])
        case ("character", 1), ("char", 1), ("bpchar", 1), ("nchar", 1):
            self = .char(arguments[0])
        case ("timestamp", 0), ("timestamp", 1):
            self = .timestamp(precision: arguments.first)
        case ("numeric", 2), ("decimal", 2):
            self = .decimal(precision: arguments[0], scale: arguments[1])
        case ("smallint", 0), ("int2", 0): self = .smallint
        case ("integer", 0), ("int", 0), ("int4", 0): self = .integer
        case ("bigint", 0), ("int8", 0): self = .bigint
        case ("serial", 0), ("serial4", 0): self = .serial
        case ("text", 0): self = .text
        case ("boolean", 0), ("bool", 0): self = .boolean
        case ("bytea", 0), ("blob", 0): self = .binary
        case ("double precision", 0), ("double", 0), ("float8", 0): self = .double
        case ("date", 0): self = .date
        default: self = .other(text)
        }
    }

    /// `name(a, b) suffix` → ("name suffix", [a, b]); anything else → (text, []).
    private static func split(_ text: String) -> (String, [Int]) {
        guard let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") else { return (text, []) }
        let numbers = text[text.index(after: open)..<close].split(separator: ",").map { Int($0.trimmed) }
        guard numbers.allSatisfy({ $0 != nil }) else { return (text, []) }
        let base = (text[..<open].trimmed + " " + text[text.index(after: close)...].trimmed).trimmed
        return (base, numbers.compactMap { $0 })
    }

    /// The type as WSO2's scripts write it, for reports: `VARCHAR(255)`, `TIMESTAMP(0)`.
    public var sqlDescription: String {
        switch self {
        case .smallint: "SMALLINT"
        case .integer: "INTEGER"
        case .bigint: "BIGINT"
        case .serial: "SERIAL"
        case .varchar(let length): "VARCHAR(\(length))"
        case .char(let length): "CHAR(\(length))"
        case .text: "TEXT"
        case .boolean: "BOOLEAN"
        case .timestamp(let precision): precision.map { "TIMESTAMP(\($0))" } ?? "TIMESTAMP"
        case .binary: "BYTEA"
        case .decimal(let precision, let scale): "DECIMAL(\(precision),\(scale))"
        case .double: "DOUBLE PRECISION"
        case .date: "DATE"
        case .other(let spelling): spelling.uppercased()
        }
    }

    /// Whether values are whole numbers, so that a default `'0'` means the number 0.
    var isInteger: Bool { self == .smallint || self == .integer || self == .bigint || self == .serial }
}

extension DefaultValue {
    /// The default an expression means for a column of `type`: PostgreSQL's `pg_get_expr` output
    /// (`'ACTIVE'::character varying`, `nextval('um_user_pk_seq'::regclass)`, `now()`), a script's
    /// (`NEXTVAL('UM_USER_PK_SEQ')`, `CURRENT_TIMESTAMP`) or SQLite's declared default (`0` for
    /// `FALSE`). An expression with no model equivalent is kept as `.expression`.
    public init(sqlExpression expression: String, type: ColumnType) {
        var text = expression.trimmed
        while text.hasPrefix("("), text.hasSuffix(")"), Self.parenthesesEnclose(text) { text = String(text.dropFirst().dropLast()).trimmed }
        let lower = text.lowercased()
        if lower.hasPrefix("nextval("), lower.hasSuffix(")") {
            var argument = String(text.dropFirst(8).dropLast()).trimmed
            if let cast = argument.firstRange(of: "::") { argument = String(argument[..<cast.lowerBound]) }
            if argument.hasPrefix("'"), argument.hasSuffix("'"), argument.count >= 2 {
                let name = argument.dropFirst().dropLast().replacing("\"", with: "")
                self = .nextValue(String(name))
                return
            }
        }
        if ["current_timestamp", "now()", "localtimestamp", "current_timestamp()", "transaction_timestamp()"].contains(lower) {
            self = .currentTimestamp
            return
        }
        if lower == "null" || lower.hasPrefix("null::") {
            self = .null
            return
        }
        var literal = text
        var quoted = false
        if text.hasPrefix("'"), let close = Self.endOfStringLiteral(text) {
            literal = String(text[text.index(after: text.startIndex)..<close]).replacing("''", with: "'")
            quoted = true
            let rest = text[text.index(after: close)...].trimmed
            let isCast = rest.hasPrefix("::") && rest.dropFirst(2).allSatisfy { $0.isLetter || $0.isNumber || " _()".contains($0) }
            guard rest.isEmpty || isCast else {
                self = .expression(text)
                return
            }
        } else if let cast = text.firstRange(of: "::") {
            literal = String(text[..<cast.lowerBound]).trimmed
            while literal.hasPrefix("("), literal.hasSuffix(")") { literal = String(literal.dropFirst().dropLast()).trimmed }
        }
        if type == .boolean {
            switch literal.lowercased() {
            case "true", "t", "1": self = .boolean(true); return
            case "false", "f", "0": self = .boolean(false); return
            default: break
            }
        }
        if type.isInteger || !quoted, let number = Int(literal) {
            self = .integer(number)
            return
        }
        if quoted {
            self = .string(literal)
            return
        }
        self = .expression(text)
    }

    /// The same default with spellings that mean one value made one: `NULL` is no default, `'5'`
    /// on an integer column is 5, `0`/`1` on a boolean column are false/true, a number on a text
    /// column is its text, and sequence names compare without regard to case.
    public func normalized(for type: ColumnType) -> DefaultValue? {
        switch self {
        case .null: return nil
        case .string(let text) where type.isInteger: return Int(text).map(DefaultValue.integer) ?? self
        case .integer(let number) where type == .boolean && (number == 0 || number == 1): return .boolean(number == 1)
        case .integer(let number) where type.isText: return .string(String(number))
        case .nextValue(let name): return .nextValue(name.lowercased())
        case .expression(let text): return .expression(text.lowercased())
        default: return self
        }
    }

    /// The default as a script writes it, for reports.
    public var sqlDescription: String {
        switch self {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .string(let text): "'" + text.replacing("'", with: "''") + "'"
        case .boolean(let flag): flag ? "TRUE" : "FALSE"
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        case .nextValue(let sequence): "NEXTVAL('\(sequence)')"
        case .expression(let text): text
        }
    }

    /// Whether `( … )` around the whole text is one pair, not `(a) + (b)`.
    private static func parenthesesEnclose(_ text: String) -> Bool {
        var depth = 0
        for (offset, character) in text.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0 && offset < text.count - 1 { return false }
        }
        return true
    }

    /// The closing quote of the string literal `text` starts with (`''` is an escaped quote).
    private static func endOfStringLiteral(_ text: String) -> String.Index? {
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            if text[index] == "'" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "'" {
                    index = text.index(after: next)
                    continue
                }
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }
}

extension ColumnType {
    /// Whether the type holds text, so that a default `0` means the text "0".
    var isText: Bool {
        switch self {
        case .varchar, .char, .text: true
        default: false
        }
    }
}

extension IndexKey {
    /// An index key as an engine prints it: `"um_user_name"`, `lower((um_user_name)::text)`
    /// (PostgreSQL's `pg_get_indexdef`), `LOWER("UM_USER_NAME")` (SQLite's stored DDL). Anything else
    /// is kept as `.expression`.
    public init(sqlSpelling spelling: String) {
        let text = spelling.trimmed.replacing("\"", with: "")
        for function in [IndexFunction.lower, .upper] {
            let prefix = function.rawValue.lowercased() + "("
            guard text.lowercased().hasPrefix(prefix), text.hasSuffix(")") else { continue }
            var inner = String(text.dropFirst(prefix.count).dropLast()).trimmed
            if let cast = inner.firstRange(of: "::") { inner = String(inner[..<cast.lowerBound]) }
            inner = inner.filter { $0 != "(" && $0 != ")" }.trimmed
            if inner.isPlainName {
                self = .function(function, column: inner)
                return
            }
        }
        self = text.isPlainName ? .column(text) : .expression(spelling.trimmed)
    }

    /// The key as a script writes it, for reports.
    public var sqlDescription: String {
        switch self {
        case .column(let name): name
        case .function(let function, let column): "\(function.rawValue)(\(column))"
        case .expression(let text): text
        }
    }

    /// The same key with names compared without regard to case.
    public var normalized: IndexKey {
        switch self {
        case .column(let name): .column(name.lowercased())
        case .function(let function, let column): .function(function, column: column.lowercased())
        case .expression(let text): .expression(text.lowercased().filter { $0 != " " && $0 != "\"" })
        }
    }
}

extension String {
    var trimmed: String { Substring(self).trimmed }

    /// Runs of whitespace made one space.
    var collapsingSpaces: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Letters, digits and underscores only: a name that needs no quoting.
    var isPlainName: Bool {
        !isEmpty && allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
    }
}

extension Substring {
    var trimmed: String {
        // By index, not through reversed(): rebuilding the string character by character made this
        // a fifth of `drift`'s own time (every inspected column type and default passes through here).
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }

}
