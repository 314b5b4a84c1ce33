import Testing
import WSO2Schema

/// The normalisation the differ relies on, and the differ's own rules, without any database.
@Suite("spellings and the differ")
struct DifferTests {
    @Test("every engine's spelling of a type is one model type")
    func typeAliases() {
        let cases: [(String, ColumnType)] = [
            ("int4", .integer), ("INTEGER", .integer), ("INT", .integer), ("int", .integer),
            ("int8", .bigint), ("BIGINT", .bigint), ("int2", .smallint),
            ("character varying(255)", .varchar(255)), ("VARCHAR(255)", .varchar(255)), ("varchar( 36 )", .varchar(36)),
            ("character(1)", .char(1)), ("bpchar(1)", .char(1)), ("CHAR(1)", .char(1)),
            ("timestamp without time zone", .timestamp), ("TIMESTAMP", .timestamp),
            ("timestamp(0) without time zone", .timestamp(precision: 0)), ("TIMESTAMP(6)", .timestamp(precision: 6)),
            ("bool", .boolean), ("BOOLEAN", .boolean), ("bytea", .binary), ("BLOB", .binary),
            ("numeric(10,2)", .decimal(precision: 10, scale: 2)), ("DECIMAL(10, 2)", .decimal(precision: 10, scale: 2)),
            ("double precision", .double), ("DOUBLE", .double), ("float8", .double), ("date", .date), ("text", .text),
            ("timestamp with time zone", .other("timestamp with time zone")), ("character varying", .other("character varying")),
        ]
        for (spelling, type) in cases {
            #expect(ColumnType(sqlSpelling: spelling) == type, "\(spelling)")
        }
    }

    @Test("every engine's spelling of a default is one model default")
    func defaultSpellings() {
        #expect(DefaultValue(sqlExpression: "nextval('um_user_pk_seq'::regclass)", type: .integer) == .nextValue("um_user_pk_seq"))
        #expect(DefaultValue(sqlExpression: "NEXTVAL('UM_USER_PK_SEQ')", type: .integer) == .nextValue("UM_USER_PK_SEQ"))
        #expect(DefaultValue(sqlExpression: "nextval('\"Mixed\"'::regclass)", type: .integer) == .nextValue("Mixed"))
        #expect(DefaultValue(sqlExpression: "'ACTIVE'::character varying", type: .varchar(10)) == .string("ACTIVE"))
        #expect(DefaultValue(sqlExpression: "'it''s'", type: .text) == .string("it's"))
        #expect(DefaultValue(sqlExpression: "'0'::smallint", type: .smallint) == .integer(0))
        #expect(DefaultValue(sqlExpression: "(-1)", type: .integer) == .integer(-1))
        #expect(DefaultValue(sqlExpression: "'-1234'::integer", type: .integer) == .integer(-1234))
        #expect(DefaultValue(sqlExpression: "now()", type: .timestamp) == .currentTimestamp)
        #expect(DefaultValue(sqlExpression: "CURRENT_TIMESTAMP", type: .timestamp) == .currentTimestamp)
        #expect(DefaultValue(sqlExpression: "false", type: .boolean) == .boolean(false))
        #expect(DefaultValue(sqlExpression: "1", type: .boolean) == .boolean(true))
        #expect(DefaultValue(sqlExpression: "NULL::character varying", type: .varchar(36)) == .null)
        #expect(DefaultValue(sqlExpression: "(now() - '01:00:00'::interval)", type: .timestamp) == .expression("now() - '01:00:00'::interval"))
        #expect(DefaultValue(sqlExpression: "'a'::text || 'b'::text", type: .text) == .expression("'a'::text || 'b'::text"))
    }

    @Test("index keys: columns and LOWER/UPPER however printed, anything else kept as an expression")
    func indexKeySpellings() {
        #expect(IndexKey(sqlSpelling: "um_user_name") == .column("um_user_name"))
        #expect(IndexKey(sqlSpelling: "\"UM_USER_NAME\"") == .column("UM_USER_NAME"))
        #expect(IndexKey(sqlSpelling: "lower((um_user_name)::text)") == .function(.lower, column: "um_user_name"))
        #expect(IndexKey(sqlSpelling: "LOWER(\"UM_USER_NAME\")") == .function(.lower, column: "UM_USER_NAME"))
        #expect(IndexKey(sqlSpelling: "upper(name)") == .function(.upper, column: "name"))
        #expect(IndexKey(sqlSpelling: "(a || b)") == .expression("(a || b)"))
    }

    static let expected = Schema("S", version: "1") {
        DatabaseSequence("T_SEQ")
        Table("T") {
            Column("ID", .integer, .default(.nextval("T_SEQ")))
            Column("NAME", .varchar(255), .notNull)
            Column("FLAG", .boolean, .default(false))
            Column("NOTE", .varchar(36), .default(.null))
            PrimaryKey("ID")
            UniqueConstraint("NAME")
        }
        Table("U") {
            Column("T_ID", .integer, .notNull)
            ForeignKey(["T_ID"], references: "T", ["ID"], onDelete: .cascade)
        }
        CreateIndex("U_IND", on: "U", "T_ID")
    }

    @Test("the same schema spelled as PostgreSQL reads it back has no differences")
    func sameSchemaAsReadBack() {
        let live = Schema("", version: "") {
            DatabaseSequence("t_seq")
            Table("t") {
                Column("id", .integer, .default(.nextValue("t_seq")), .notNull)
                Column("name", .varchar(255), .notNull)
                Column("flag", .boolean, .default(.integer(0)))
                Column("note", .varchar(36))
                PrimaryKey(name: "t_pkey", columns: ["id"])
                UniqueConstraint(name: "t_name_key", columns: ["name"])
            }
            Table("u") {
                Column("t_id", .integer, .notNull)
                ForeignKey(["t_id"], references: "t", ["id"], onDelete: .cascade, name: "u_t_id_fkey")
            }
            CreateIndex("u_ind", on: "u", "t_id")
        }
        #expect(SchemaDiffer.differences(expected: Self.expected, actual: live) == [])
    }

    @Test("each change is one typed difference naming its object and aspect")
    func changesFound() throws {
        var live = Self.expected
        live.tables[0].columns[1].type = .varchar(100)
        live.tables[0].columns[2].defaultValue = .boolean(true)
        live.tables[0].columns[3].isNullable = false
        live.tables[0].uniqueConstraints = []
        live.tables[1].foreignKeys[0].onDelete = .noAction
        live.tables[1].indexes[0].isUnique = true
        live.tables[1].columns.append(Column("EXTRA", .text))
        live.sequences[0].increment = 5
        live.tables.append(Table(name: "LOCAL"))
        let differences = SchemaDiffer.differences(expected: Self.expected, actual: live)
        #expect(differences.map(\.object) == [
            "column T.NAME", "column T.FLAG", "column T.NOTE", "unique constraint T (NAME)", "column U.EXTRA",
            "foreign key U (T_ID) → T", "index U_IND", "table LOCAL", "sequence T_SEQ",
        ])
        #expect(differences.map(\.kind) == [.changed, .changed, .changed, .missing, .extra, .changed, .changed, .extra, .changed])
        #expect(differences[0].changes == [.init(.length, expected: "255", actual: "100")])
        #expect(differences[1].changes == [.init(.default, expected: "FALSE", actual: "TRUE")])
        #expect(differences[2].changes == [.init(.nullability, expected: "NULL", actual: "NOT NULL")])
        #expect(differences[5].changes == [.init(.onDelete, expected: "CASCADE", actual: "NO ACTION")])
        #expect(differences[6].changes(.uniqueness))
        #expect(differences[8].changes == [.init(.increment, expected: "1", actual: "5")])
    }

    @Test("constraint names count only when both sides have one; a renamed constraint is a changed name")
    func constraintNames() {
        var named = Self.expected
        named.tables[0].primaryKey?.name = "t_pkey"
        var live = named
        live.tables[0].primaryKey?.name = "local_pk"
        #expect(SchemaDiffer.differences(expected: Self.expected, actual: live) == [], "the expected key has no name")
        let renamed = SchemaDiffer.differences(expected: named, actual: live)
        #expect(renamed.map(\.object) == ["primary key T_PKEY"], "named as WSO2 spells names")
        #expect(renamed.first?.changes == [.init(.name, expected: "t_pkey", actual: "local_pk")])
    }

    @Test("a primary-key column is NOT NULL whatever its declaration says")
    func primaryKeyColumnsAreNotNull() {
        var live = Self.expected
        live.tables[0].columns[0].isNullable = false
        #expect(SchemaDiffer.differences(expected: Self.expected, actual: live) == [])
        live.tables[0].primaryKey = nil
        let differences = SchemaDiffer.differences(expected: Self.expected, actual: live)
        #expect(differences.map(\.object) == ["primary key T (ID)"])
    }
}
