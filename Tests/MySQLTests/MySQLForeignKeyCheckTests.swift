import Foundation
import MySQLDriver
import SQLDriver
import Testing
import WSO2Schema

/// Foreign keys added to full tables with InnoDB's checks off (the merge's finish does this: InnoDB
/// would otherwise copy each table to add a key) are then checked by `orphanedRowsQuery`, against a
/// real MariaDB: it must name exactly the keys some row breaks.
@Suite("MySQL foreign keys added unchecked, then checked key by key")
struct MySQLForeignKeyCheckTests {
    @Test("the query names the keys with rows pointing nowhere, and not keys whose rows are set to NULL or match")
    func orphansFound() throws {
        let connection = try MySQLFixtures.connection()
        let dialect = MySQLDialect()
        try connection.execute(
            """
            CREATE TABLE P (ID INT NOT NULL, TENANT INT NOT NULL, PRIMARY KEY (ID, TENANT)) ENGINE=InnoDB;
            CREATE TABLE C (ID INT NOT NULL PRIMARY KEY, P_ID INT, P_TENANT INT, PARENT_C INT) ENGINE=InnoDB;
            CREATE TABLE D (ID INT NOT NULL PRIMARY KEY, P_ID INT, P_TENANT INT) ENGINE=InnoDB;
            INSERT INTO P VALUES (1, -1234), (2, 7);
            INSERT INTO C VALUES (10, 1, -1234, NULL), (11, 2, NULL, 10), (12, NULL, NULL, 99);
            INSERT INTO D VALUES (20, 1, -1234), (21, 2, -1234)
            """)
        let keys: [(table: String, key: ForeignKey)] = [
            ("C", ForeignKey(["P_ID", "P_TENANT"], references: "P", ["ID", "TENANT"], name: "C_P")),  // a NULL half: not checked
            ("C", ForeignKey(["PARENT_C"], references: "C", ["ID"], name: "C_C")),  // 99 points nowhere
            ("D", ForeignKey(["P_ID", "P_TENANT"], references: "P", ["ID", "TENANT"], name: "D_P")),  // (2, -1234) points nowhere
        ]
        let (off, on) = try #require(dialect.uncheckedForeignKeyAdds)
        try connection.execute(off)
        for (table, key) in keys {
            try connection.execute("ALTER TABLE \(table) ADD CONSTRAINT \(key.name!) FOREIGN KEY (\(key.columns.joined(separator: ", "))) REFERENCES \(key.referencedTable) (\(key.referencedColumns.joined(separator: ", ")))")
        }
        try connection.execute(on)
        let query = try #require(dialect.orphanedRowsQuery(for: keys))
        let broken = try connection.query(query).rows.compactMap { $0[0].integerValue }.sorted()
        #expect(broken == [1, 2])

        try connection.execute("DELETE FROM C WHERE ID = 12; DELETE FROM D WHERE ID = 21")
        #expect(try connection.query(query).rows.isEmpty)
    }
}
