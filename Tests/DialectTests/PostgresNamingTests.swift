import Testing
import WSO2Schema

@testable import PostgresDriver

/// PostgreSQL's rule for naming unnamed constraints. Expected names are the ones PostgreSQL 15
/// gave WSO2's shared script (read from `pg_constraint` after `psql -f`), not this code's output.
@Suite("PostgreSQL constraint names")
struct PostgresNamingTests {
    @Test("short names: table, columns, label")
    func shortNames() {
        #expect(PostgresNaming.makeObjectName("um_user", nil, "pkey") == "um_user_pkey")
        #expect(PostgresNaming.makeObjectName("um_user", "um_user_id", "key") == "um_user_um_user_id_key")
        #expect(
            PostgresNaming.makeObjectName("um_org_hierarchy", PostgresNaming.addition(["um_parent_id"]), "fkey")
                == "um_org_hierarchy_um_parent_id_fkey")
    }

    @Test("long names are cut to 63 bytes, the longer part first")
    func truncation() {
        let shared = PostgresNaming.addition(["um_user_id", "um_role_id", "um_user_tenant_id", "um_role_tenant_id"])
        #expect(
            PostgresNaming.makeObjectName("um_shared_user_role", shared, "key")
                == "um_shared_user_role_um_user_id_um_role_id_um_user_tenant_id_key")
        let mapping = PostgresNaming.addition(["um_user_name", "um_tenant_id", "um_user_store_domain", "um_acc_link_id"])
        #expect(
            PostgresNaming.makeObjectName("um_account_mapping", mapping, "key")
                == "um_account_mapping_um_user_name_um_tenant_id_um_user_store__key")
        #expect(PostgresNaming.makeObjectName(String(repeating: "t", count: 80), nil, "pkey").utf8.count == 63)
    }

    @Test("names that clash once cut get a number after the label")
    func clash() {
        // Two 60-character columns that differ only at the end: both names are cut to the same 63 bytes.
        let first = String(repeating: "A", count: 59) + "X"
        let second = String(repeating: "A", count: 59) + "Y"
        let table = Table("T") {
            Column(first, .integer)
            Column(second, .integer)
            UniqueConstraint(first)
            UniqueConstraint(second)
        }
        let naming = PostgresNaming(schema: Schema(name: "S", version: "1", tables: [table]), fold: { $0.lowercased() })
        // 63 bytes: "t_" + 57 of the column + "_key"; then "t_" + 56 + "_key1".
        #expect(naming.uniqueName(of: table, at: 0) == "t_" + String(repeating: "a", count: 57) + "_key")
        #expect(naming.uniqueName(of: table, at: 1) == "t_" + String(repeating: "a", count: 56) + "_key1")
    }
}
