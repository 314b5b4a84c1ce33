import CMariaDB
import SQLDriver

/// How a result column's values become `SQLValue`s, decided once per column from its field type
/// and character set: integers as integers, floating point as doubles, binary strings and BLOBs
/// as bytes, everything else (DECIMAL, dates and times, text) as the server spells it.
enum MySQLValueKind {
    case integer, unsignedInteger, double, blob, text, null

    /// The character set number of binary data (`binary`, `VARBINARY`, `BLOB`).
    static let binaryCharset: UInt32 = 63

    init(_ field: MYSQL_FIELD) {
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
            self = field.flags & UInt32(UNSIGNED_FLAG) != 0 && field.type == MYSQL_TYPE_LONGLONG ? .unsignedInteger : .integer
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
            self = .double
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB, MYSQL_TYPE_BLOB, MYSQL_TYPE_VAR_STRING,
            MYSQL_TYPE_STRING, MYSQL_TYPE_VARCHAR, MYSQL_TYPE_BIT, MYSQL_TYPE_GEOMETRY:
            self = field.charsetnr == Self.binaryCharset ? .blob : .text
        case MYSQL_TYPE_NULL:
            self = .null
        default:
            self = .text
        }
    }

    /// A value as the text protocol sends it (and as the binary protocol does, fetched as a string).
    func decode(_ bytes: UnsafeRawBufferPointer) -> SQLValue {
        switch self {
        case .null:
            return .null
        case .blob:
            return .blob(Array(bytes))
        case .integer, .unsignedInteger:
            let text = String(decoding: bytes, as: UTF8.self)
            return Int64(text).map(SQLValue.integer) ?? .text(text)
        case .double:
            let text = String(decoding: bytes, as: UTF8.self)
            return Double(text).map(SQLValue.double) ?? .text(text)
        case .text:
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The type to fetch this column as over the binary protocol: numbers natively, the rest as
    /// strings the connector spells.
    var fetchType: enum_field_types {
        switch self {
        case .integer: MYSQL_TYPE_LONGLONG
        case .double: MYSQL_TYPE_DOUBLE
        case .blob: MYSQL_TYPE_BLOB
        case .unsignedInteger, .text, .null: MYSQL_TYPE_STRING
        }
    }
}
