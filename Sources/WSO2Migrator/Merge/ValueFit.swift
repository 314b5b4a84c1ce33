import Foundation
import SQLDriver
import WSO2Schema

/// A source value the target would not keep as it is: refused before anything is written, since
/// copying it would fail half-way or change it without a word.
public struct UnfitValue: Sendable, Hashable, CustomStringConvertible {
    /// The table, as the catalog names it.
    public var table: String
    /// The row: its key columns and values (`UM_ID=5, UM_TENANT_ID=-1234`), or its position.
    public var key: String
    /// The column.
    public var column: String
    /// What is wrong with the value, for the target.
    public var reason: String
    /// What to change so that it fits, where a setting of the target can (not the value itself).
    public var hint: String? = nil

    public var description: String { "\(table) (\(key)) \(column): \(reason)" }
}

/// The checks, before the first write, that every value of a table fits the target as it is
/// (`StoredValueRules`): made where the source may hold values its column's type does not
/// (SQLite keeps any value in any column), or where a target column is narrower than the source's.
enum ValueFit {
    /// At most this many unfit values are listed per table; the rest are counted.
    static let limit = 20

    /// What is checked in one column.
    struct Check {
        let position: Int
        let name: String
        let kind: ValueKind
        let type: ColumnType
        /// Characters the target column holds at most, where the target enforces it.
        let length: Int?
        /// The characters the target column holds, where that is fewer than the source's may hold.
        let repertoire: TextRepertoire?
    }

    /// The text columns of `plan` (by name) whose character set in the target, per the target engine's
    /// own catalog (`targetTable`) and database default, holds fewer characters than Unicode: MySQL's
    /// `latin1` `REG_PATH_VALUE`, every column of a `latin1` or `utf8mb3` database.
    static func narrowRepertoires(_ plan: TablePlan, in targetTable: Table?, on target: any DatabaseConnection) throws -> [String: TextRepertoire] {
        var found: [String: TextRepertoire] = [:]
        for (position, column) in plan.columns.enumerated() where plan.kinds[position] == .text {
            let declared = targetTable?.column(named: column.name)?.collation?.characterSet ?? targetTable?.collation?.characterSet
            let repertoire = try target.textRepertoire(declared: declared)
            if !repertoire.isUnicode { found[column.name] = repertoire }
        }
        return found
    }

    /// The columns of `plan` whose values need a look: every one where the source may hold values
    /// of other types (`enforcesTypes` off) and the target keeps less than everything; elsewhere only
    /// those narrower in the target than in the source, and timestamps the target keeps to fewer
    /// digits of a second. None between two engines of the same rules.
    /// - Parameter targetTable: the table in the target engine's own catalog, whose types, where they
    ///   differ from the plan's (MySQL's `REG_PATH_VALUE VARCHAR(750)` where PostgreSQL has 2000), are the
    ///   ones the values must fit.
    private static func columnsToCheck(
        _ plan: TablePlan, live: Table?, sourceRules: StoredValueRules, into rules: StoredValueRules, targetTable: Table? = nil,
        repertoires: [String: TextRepertoire] = [:], sourceRepertoire: (Column?) throws -> TextRepertoire = { _ in .unicode }
    ) rethrows -> [Check] {
        let loose = !sourceRules.enforcesTypes
        var checks: [Check] = []
        for (position, planned) in plan.columns.enumerated() {
            var column = planned
            if let declared = targetTable?.column(named: planned.name) { column.type = declared.type }
            let length: Int? =
                switch column.type {
                case .varchar(let limit), .char(let limit): rules.enforcesLength ? limit : nil
                default: nil
                }
            let sourceType = live?.column(named: column.name)?.type
            let narrower: Bool =
                switch (sourceType, length) {
                case (.varchar(let wide)?, let limit?), (.char(let wide)?, let limit?): wide > limit
                case (_, .some): sourceType != nil
                default: false
                }
            // Timestamps the target keeps to fewer digits of a second than the source (MySQL's whole seconds):
            // a fraction would be rounded away, so each value is looked at.
            let coarser =
                plan.kinds[position] == .timestamp
                && rules.timestampFractionDigits.map { target in sourceRules.timestampFractionDigits.map { $0 > target } ?? true } == true
            // Zero dates, where the source's engine keeps them and the target's does not; timestamps outside
            // a range the target's TIMESTAMP columns have and the source's do not.
            let zeroDates = plan.kinds[position] == .timestamp && sourceRules.keepsZeroDates && !rules.keepsZeroDates
            let outOfRange = plan.kinds[position] == .timestamp && rules.timestampRange != nil && sourceRules.timestampRange != rules.timestampRange
            // CHAR(n) text the target pads or trims where the source did not.
            let fixedWidth =
                if case .char = column.type { rules.fixedWidthText != .asGiven && rules.fixedWidthText != sourceRules.fixedWidthText } else { false }
            // Text the target's character set may not hold: unless the source's column has the same one.
            let repertoire = try repertoires[column.name].flatMap { target in
                try sourceRepertoire(live?.column(named: plan.sourceColumns[position])).name == target.name ? nil : target
            }
            guard (loose && rules != .keepsEverything) || narrower || coarser || zeroDates || outOfRange || fixedWidth || repertoire != nil
            else { continue }
            checks.append(
                Check(
                    position: position, name: column.name, kind: plan.kinds[position], type: column.type, length: length,
                    repertoire: repertoire))
        }
        return checks
    }

    /// The names of the columns `find` reads, per table, for a source and target of these rules.
    static func checkedColumns(_ plans: [TablePlan], live: Schema, sourceRules: StoredValueRules, into rules: StoredValueRules) -> [String] {
        plans.flatMap { plan in
            columnsToCheck(plan, live: live.table(named: plan.sourceTable), sourceRules: sourceRules, into: rules, sourceRepertoire: { _ in .unicode })
                .map { "\(plan.name).\($0.name)" }
        }
    }

    /// The unfit values of `plan`'s table in `source`, for a target that keeps values by `rules`;
    /// and how many there are in all.
    /// - Parameter repertoires: `narrowRepertoires` of the plan in the target.
    static func find(
        _ plan: TablePlan, in source: any DatabaseConnection, live: Table?, into rules: StoredValueRules, engine: String,
        targetTable: Table? = nil, repertoires: [String: TextRepertoire] = [:]
    ) throws -> (values: [UnfitValue], count: Int) {
        let checks = try columnsToCheck(
            plan, live: live, sourceRules: source.storedValueRules, into: rules, targetTable: targetTable, repertoires: repertoires,
            sourceRepertoire: { column in try source.textRepertoire(declared: column?.collation?.characterSet ?? live?.collation?.characterSet) })
        guard !checks.isEmpty else { return ([], 0) }

        let dialect = source.dialect
        let keys = live?.primaryKey?.columns ?? []
        let kinds = keys.map { _ in ValueKind.text } + checks.map(\.kind)
        let columns = (keys + checks.map { plan.sourceColumns[$0.position] }).map { live?.column(named: $0)?.name ?? $0 }
        // Bytes and text fit any binary column: a large value is not read whole to see that, and where
        // the source tells a value's type without fetching it (SQLite), none is; only a number is read.
        // Not where a binary column has a length in the target: then all are read as before, since a
        // reader that leaves large values out makes its own select.
        let binary = kinds.indices.filter { $0 >= keys.count && kinds[$0] == .binary }
        var table = BulkTable(name: plan.sourceTable, columns: columns, quotedExactly: true, mayBeLarge: binary)
        let typesOnly = binary.compactMap { field in dialect.valueUnlessTextOrBytes(table.quoted(columns[field], in: dialect)).map { (field, $0) } }
        let readsTypes = !binary.isEmpty && typesOnly.count == binary.count && binary.allSatisfy { checks[$0 - keys.count].length == nil }
        if readsTypes { table.mayBeLarge = [] }
        let select = table.select(in: dialect, replacing: readsTypes ? Dictionary(uniqueKeysWithValues: typesOnly) : [:])
        var found: [UnfitValue] = []
        var count = 0
        var position = 0
        let quick = checks.map { QuickFit($0, rules) }
        var scratch: [UInt8] = []
        // The values are looked at, not hashed: a reader that lends them need not spell the rows.
        try source.readRows(BulkRead(select: select, kinds: kinds, table: table, spelled: false)) { row in
            position += 1
            let decoded = row.lendsValues ? [] : row.canonical.map { CanonicalRow.decode($0, as: kinds) } ?? []
            func value<R>(_ field: Int, _ body: (BorrowedSQLValue) -> R) -> R {
                if let lent = row.value(at: field) { return body(lent) }
                return decoded.indices.contains(field) ? decoded[field].withBorrowed(body) : body(.null)
            }
            for offset in quick.indices {
                let fit = quick[offset]
                guard let reason = value(keys.count + offset, { fit.fits($0, &scratch) ? nil : problem(with: $0, checks[offset], rules, engine) })
                else { continue }
                count += 1
                guard found.count < limit else { continue }
                let key =
                    keys.isEmpty
                    ? "row \(position)"
                    : keys.indices.map { field in "\(keys[field].uppercased())=" + value(field) { Self.spelled($0) } }.joined(separator: ", ")
                found.append(UnfitValue(table: plan.name, key: key, column: checks[offset].name, reason: reason))
            }
        }
        return (found, count)
    }

    /// Why `value` would not be kept as it is, or `nil` when it would.
    private static func problem(with value: BorrowedSQLValue, _ check: Check, _ rules: StoredValueRules, _ engine: String) -> String? {
        switch value {
        case .null:
            return nil
        case .text(let bytes), .blob(let bytes):
            // Most text is ASCII: valid UTF-8 of one character a byte, told without making a string.
            // Asked only where needed, so that a blob is not scanned for nothing.
            var asciiKnown: Bool?
            func isASCII() -> Bool {
                if let asciiKnown { return asciiKnown }
                let ascii = !bytes.contains { $0 >= 0x80 }
                asciiKnown = ascii
                return ascii
            }
            func characters() -> Int { isASCII() ? bytes.count : String(decoding: bytes, as: UTF8.self).unicodeScalars.count }
            if check.kind != .binary {
                if rules.textMustBeValidUTF8, !isASCII(), String(validating: bytes, as: UTF8.self) == nil {
                    return "text that is not valid UTF-8 (\(preview(bytes))); \(engine) text holds only valid UTF-8"
                }
                if !rules.textMayHoldNUL, bytes.contains(0) {
                    return "text holding a NUL character (\(preview(bytes))); \(engine) text cannot hold one"
                }
            }
            if let repertoire = check.repertoire, check.kind == .text,
                let unheld = repertoire.firstUnheld(in: String(decoding: bytes, as: UTF8.self))
            {
                return "'\(preview(bytes))' holds \(described(unheld)), which the target column's character set \(repertoire) cannot hold"
            }
            if let length = check.length {
                let characters = characters()
                if characters > length { return "\(characters) characters, longer than the \(length) of the target column" }
            }
            if case .char(let width) = check.type, check.kind == .text {
                switch rules.fixedWidthText {
                case .padded where characters() < width:
                    return "'\(preview(bytes))' has fewer characters than its CHAR(\(width)) column, which \(engine) pads with spaces"
                case .trimmed where bytes.last == UInt8(ascii: " "):
                    return "'\(preview(bytes))' ends in a space, which a CHAR(\(width)) column of \(engine) drops"
                default: break
                }
            }
            guard rules.enforcesTypes else { return nil }
            switch check.kind {
            case .integer:
                guard let number = Int64(String(decoding: bytes, as: UTF8.self)) else { return "'\(preview(bytes))' is not an integer" }
                return outOfRange(number, check.type)
            case .boolean:
                return CanonicalRow.boolean(bytes) == nil ? "'\(preview(bytes))' is not a boolean" : nil
            case .timestamp:
                guard let timestamp = CanonicalTimestamp(bytes) else { return "'\(preview(bytes))' is not a timestamp" }
                if !rules.keepsZeroDates, timestamp.isZeroDate {
                    return "'\(preview(bytes))' is a zero date (a month or day of 00), which \(engine) cannot hold"
                }
                if let range = rules.timestampRange, case .timestamp = check.type, !timestamp.isZeroDate,
                    !range.contains(String(decoding: timestamp.canonical, as: UTF8.self))
                {
                    return "'\(preview(bytes))' is outside what a TIMESTAMP column of \(engine) holds (\(range.lowerBound) to \(range.upperBound))"
                }
                if let digits = rules.timestampFractionDigits, timestamp.fractionDigits > digits {
                    return "'\(preview(bytes))' has \(timestamp.fractionDigits) digits of a second; \(engine) keeps \(digits)"
                }
                if let offset = timestamp.offset, !rules.timestampKeepsOffset {
                    return "'\(preview(bytes))' has the offset \(offset), which a timestamp without time zone on \(engine) drops"
                }
                return nil
            case .binary, .text:
                return nil
            }
        case .integer(let number):
            guard rules.enforcesTypes else { return nil }
            switch check.kind {
            case .integer: return outOfRange(number, check.type)
            case .timestamp: return "\(number) is not a timestamp"
            case .binary: return "the number \(number) in a binary column"
            case .boolean, .text: return nil
            }
        case .double(let number):
            guard rules.enforcesTypes else { return nil }
            switch check.kind {
            case .integer:
                guard number.rounded() == number, abs(number) < 9.2e18 else { return "\(number) is not an integer" }
                return outOfRange(Int64(number), check.type)
            case .timestamp, .boolean: return "\(number) is not a \(check.kind == .boolean ? "boolean" : "timestamp")"
            case .binary: return "the number \(number) in a binary column"
            case .text: return nil
            }
        case .boolean:
            return nil
        }
    }

    /// The integers a column of `type` holds, where fewer than an `Int64`'s.
    static func integerRange(of type: ColumnType) -> ClosedRange<Int64>? {
        switch type {
        case .smallint: Int64(Int16.min)...Int64(Int16.max)
        case .integer, .serial: Int64(Int32.min)...Int64(Int32.max)
        default: nil
        }
    }

    private static func outOfRange(_ number: Int64, _ type: ColumnType) -> String? {
        guard let range = integerRange(of: type), !range.contains(number) else { return nil }
        return "\(number) is out of range for \(type == .smallint ? "SMALLINT" : "INTEGER")"
    }

    /// The first characters of a value, for a message: invalid bytes and controls as `\xNN`.
    private static func preview(_ bytes: UnsafeRawBufferPointer) -> String {
        var text = ""
        var index = 0
        while index < bytes.count, text.count < 40 {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7f && byte != UInt8(ascii: "'") {
                text.append(Character(Unicode.Scalar(byte)))
            } else {
                text += "\\x" + String(byte, radix: 16, uppercase: false).leftPadded(2)
            }
            index += 1
        }
        return index < bytes.count ? text + "…" : text
    }

    /// `U+4E2D (中)`.
    private static func described(_ scalar: Unicode.Scalar) -> String {
        "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(4) + " (\(Character(scalar)))"
    }

    /// A key value for a message.
    static func spelled(_ value: BorrowedSQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .text(let bytes), .blob(let bytes): preview(bytes)
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
