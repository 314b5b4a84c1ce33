import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Schema

/// The exact DDL each dialect writes for a small schema with the awkward parts: a shared named
/// sequence, a composite key, an unnamed unique constraint, a cascading foreign key, an expression
/// index, quotes in a default and in a name, a seed row.
@Suite("DDL")
struct DDLTests {
    static let schema = Schema("TEST_DB", version: "1.0") {
        DatabaseSequence("ID_SEQ")
        Table("PARENT") {
            Column("ID", .integer, .default(.nextval("ID_SEQ")))
            Column("NAME", .varchar(64), .notNull)
            Column("NOTE", .varchar(20), .default("it's"))
            Column("TENANT_ID", .integer, .default(0))
            PrimaryKey("ID", "TENANT_ID", name: "PK_PARENT")
            UniqueConstraint("NAME", "TENANT_ID")
        }
        CreateIndex("PARENT_LOWER_NAME", on: "PARENT", .lower("NAME"))
        Table("CHILD") {
            Column("ID", .integer, .default(.nextval("ID_SEQ")))
            Column("PARENT_ID", .integer, .notNull)
            Column("TENANT_ID", .integer, .notNull)
            Column("DATA", .binary)
            Column("ODD\"NAME", .boolean, .default(false))
            PrimaryKey("ID")
            ForeignKey(["PARENT_ID", "TENANT_ID"], references: "PARENT", ["ID", "TENANT_ID"], onDelete: .cascade)
        }
        SeedRow(into: "PARENT", ["ID": 1, "NAME": "O'Brien", "TENANT_ID": -1234], ignoringConflicts: true)
    }

    @Test("PostgreSQL: folded, quoted, every constraint named as PostgreSQL would")
    func postgres() {
        let expected = """
            CREATE SEQUENCE "id_seq";
            CREATE TABLE "parent" (
                "id" INTEGER DEFAULT nextval('"id_seq"'::regclass),
                "name" VARCHAR(64) NOT NULL,
                "note" VARCHAR(20) DEFAULT 'it''s',
                "tenant_id" INTEGER DEFAULT 0,
                CONSTRAINT "pk_parent" PRIMARY KEY ("id", "tenant_id"),
                CONSTRAINT "parent_name_tenant_id_key" UNIQUE ("name", "tenant_id")
            );
            CREATE INDEX "parent_lower_name" ON "parent" (LOWER("name"));
            CREATE TABLE "child" (
                "id" INTEGER DEFAULT nextval('"id_seq"'::regclass),
                "parent_id" INTEGER NOT NULL,
                "tenant_id" INTEGER NOT NULL,
                "data" BYTEA,
                "odd""name" BOOLEAN DEFAULT FALSE,
                CONSTRAINT "child_pkey" PRIMARY KEY ("id")
            );
            ALTER TABLE "child" ADD CONSTRAINT "child_parent_id_tenant_id_fkey" FOREIGN KEY ("parent_id", "tenant_id") REFERENCES "parent" ("id", "tenant_id") ON DELETE CASCADE;
            INSERT INTO "parent" ("id", "name", "tenant_id") VALUES (1, 'O''Brien', -1234) ON CONFLICT DO NOTHING;

            """
        #expect(PostgresDialect().script(for: Self.schema) == expected)
    }

    @Test("PostgreSQL executes seed values as parameters, not as text")
    func postgresSeedParameters() {
        let seed = PostgresDialect().createStatements(for: Self.schema).last!
        #expect(seed.statement.sql == "INSERT INTO \"parent\" (\"id\", \"name\", \"tenant_id\") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        #expect(seed.statement.parameters == [.integer(1), .text("O'Brien"), .integer(-1234)])
    }

    @Test("SQLite: inline foreign keys, NOT NULL keys, emulated sequence with triggers, binary columns stored last")
    func sqlite() {
        let expected = """
            CREATE TABLE IF NOT EXISTS "wso2db_sequence" ("name" TEXT NOT NULL PRIMARY KEY, "start" INTEGER NOT NULL, "increment" INTEGER NOT NULL, "next_value" INTEGER NOT NULL);
            INSERT INTO "wso2db_sequence" ("name", "start", "increment", "next_value") VALUES ('ID_SEQ', 1, 1, 1);
            CREATE TABLE "PARENT" (
                "ID" INTEGER,
                "NAME" VARCHAR(64) NOT NULL,
                "NOTE" VARCHAR(20) DEFAULT 'it''s',
                "TENANT_ID" INTEGER DEFAULT 0 NOT NULL,
                CONSTRAINT "PK_PARENT" PRIMARY KEY ("ID", "TENANT_ID"),
                UNIQUE ("NAME", "TENANT_ID")
            );
            CREATE INDEX "PARENT_LOWER_NAME" ON "PARENT" (LOWER("NAME"));
            CREATE TABLE "CHILD" (
                "ID" INT,
                "PARENT_ID" INTEGER NOT NULL,
                "TENANT_ID" INTEGER NOT NULL,
                "ODD""NAME" BOOLEAN DEFAULT 0,
                "DATA" BLOB,
                PRIMARY KEY ("ID"),
                FOREIGN KEY ("PARENT_ID", "TENANT_ID") REFERENCES "PARENT" ("ID", "TENANT_ID") ON DELETE CASCADE
            );
            CREATE TRIGGER "wso2db_nextval_PARENT_ID" AFTER INSERT ON "PARENT" FOR EACH ROW WHEN NEW."ID" IS NULL BEGIN UPDATE "PARENT" SET "ID" = (SELECT "next_value" FROM "wso2db_sequence" WHERE "name" = 'ID_SEQ') WHERE rowid = NEW.rowid; UPDATE "wso2db_sequence" SET "next_value" = "next_value" + "increment" WHERE "name" = 'ID_SEQ'; END;
            CREATE TRIGGER "wso2db_notnull_PARENT_ID" BEFORE UPDATE OF "ID" ON "PARENT" FOR EACH ROW WHEN NEW."ID" IS NULL BEGIN SELECT RAISE(ABORT, 'NOT NULL constraint failed: PARENT.ID'); END;
            CREATE TRIGGER "wso2db_nextval_CHILD_ID" AFTER INSERT ON "CHILD" FOR EACH ROW WHEN NEW."ID" IS NULL BEGIN UPDATE "CHILD" SET "ID" = (SELECT "next_value" FROM "wso2db_sequence" WHERE "name" = 'ID_SEQ') WHERE rowid = NEW.rowid; UPDATE "wso2db_sequence" SET "next_value" = "next_value" + "increment" WHERE "name" = 'ID_SEQ'; END;
            CREATE TRIGGER "wso2db_notnull_CHILD_ID" BEFORE UPDATE OF "ID" ON "CHILD" FOR EACH ROW WHEN NEW."ID" IS NULL BEGIN SELECT RAISE(ABORT, 'NOT NULL constraint failed: CHILD.ID'); END;
            INSERT INTO "PARENT" ("ID", "NAME", "TENANT_ID") VALUES (1, 'O''Brien', -1234) ON CONFLICT DO NOTHING;

            """
        #expect(SQLiteDialect().script(for: Self.schema) == expected)
    }
}

@Suite("SQLite SERIAL")
struct SQLiteSerialTests {
    @Test("a SERIAL sole primary key is a rowid alias; any other SERIAL column draws from an emulated sequence")
    func serialColumns() throws {
        let schema = Schema("S", version: "1") {
            Table("A") {
                Column("ID", .serial)
                PrimaryKey("ID")
            }
            Table("B") {
                Column("NAME", .varchar(10), .notNull)
                Column("SEQ", .serial)
                PrimaryKey("NAME")
            }
        }
        let script = SQLiteDialect().script(for: schema)
        #expect(script.contains("\"ID\" INTEGER NOT NULL,\n    PRIMARY KEY (\"ID\")"))
        #expect(!script.contains("wso2db_nextval_A_ID"))
        #expect(script.contains("VALUES ('B_SEQ_seq', 1, 1, 1)"))
        #expect(script.contains("CREATE TRIGGER \"wso2db_nextval_B_SEQ\""))

        // And on a real (in-memory) database both number their rows.
        let database = try SQLiteConnection(url: SQLite.url(path: ":memory:"), mode: .readWriteCreate)
        for statement in SQLiteDialect().createStatements(for: schema) { try database.run(statement.statement) }
        try database.execute("INSERT INTO A DEFAULT VALUES; INSERT INTO A DEFAULT VALUES; INSERT INTO B (NAME) VALUES ('x'), ('y')")
        #expect(try database.query("SELECT ID FROM A ORDER BY ID").rows == [[.integer(1)], [.integer(2)]])
        #expect(try database.query("SELECT SEQ FROM B ORDER BY NAME").rows == [[.integer(1)], [.integer(2)]])
    }
}
