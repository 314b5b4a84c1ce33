import SQLDriver
import WSO2Schema

/// Values longer than the target stores (MySQL: a BLOB or TEXT type's limit, `max_allowed_packet`),
/// found by their lengths before the first write.
extension ValueFit {
    /// The limits the target puts on the bytes of one value of each of `plan`'s columns of bytes or
    /// text (`DatabaseConnection.largestValue(in:)`), by position, read from the target engine's own
    /// catalog (`targetTable`); empty where nothing limits them short of the engine's own maximum.
    static func sizeLimits(_ plan: TablePlan, in targetTable: Table?, on target: any DatabaseConnection) throws -> [Int: ValueSizeLimit] {
        var limits: [Int: ValueSizeLimit] = [:]
        for (position, column) in plan.columns.enumerated() where plan.kinds[position] == .binary || plan.kinds[position] == .text {
            // The target engine's own type (LONGBLOB), not the model's (BLOB).
            guard let declared = targetTable?.column(named: column.name) else { continue }
            if let limit = try target.largestValue(in: declared) { limits[position] = limit }
        }
        return limits
    }

    /// The values of `plan`'s table in `source` longer than the target takes (`limits`, from
    /// `sizeLimits`), found by their lengths alone (`SQLDialect.byteLength`), in one query: no value is read.
    static func tooLarge(
        _ plan: TablePlan, in source: any DatabaseConnection, live: Table?, limits: [Int: ValueSizeLimit]
    ) throws -> (values: [UnfitValue], count: Int) {
        guard !limits.isEmpty else { return ([], 0) }
        let dialect = source.dialect
        let keys = live?.primaryKey?.columns ?? []
        let checked = limits.sorted { $0.key < $1.key }
        let lengths = checked.map { position, _ in
            let name = plan.sourceColumns[position]
            return dialect.byteLength(dialect.quoteExactly(live?.column(named: name)?.name ?? name))
        }
        let selected = keys.map { dialect.quoteExactly(live?.column(named: $0)?.name ?? $0) } + lengths
        let condition = lengths.indices.map { "\(lengths[$0]) > \(dialect.placeholder($0 + 1))" }.joined(separator: " OR ")
        let rows = try source.query(
            SQLStatement(
                "SELECT \(selected.joined(separator: ", ")) FROM \(dialect.quoteExactly(plan.sourceTable)) WHERE \(condition)",
                checked.map { .integer(Int64($0.value.bytes)) })
        ).rows
        var found: [UnfitValue] = []
        var count = 0
        for row in rows {
            for (offset, (position, limit)) in checked.enumerated() {
                guard let bytes = row[keys.count + offset].integerValue.map({ Int($0) }), bytes > limit.bytes else { continue }
                count += 1
                guard found.count < Self.limit else { continue }
                let key =
                    keys.isEmpty
                    ? "length \(bytes)"
                    : keys.indices.map { field in "\(keys[field].uppercased())=" + row[field].withBorrowed { Self.spelled($0) } }.joined(separator: ", ")
                found.append(
                    UnfitValue(
                        table: plan.name, key: key, column: plan.columns[position].name,
                        reason: "\(ValueSizeLimit.spelled(bytes)), longer than \(limit.reason)", hint: limit.hint))
            }
        }
        return (found, count)
    }
}
