import WSO2Schema

extension Catalog {
    /// The schemas generated from WSO2's MySQL scripts (loaded into a real MariaDB by `wso2db-catalog`), newest
    /// first. They carry MySQL's own details: AUTO_INCREMENT instead of sequences, LONGBLOB, the
    /// `latin1_general_cs` registry paths, key prefixes and `USING HASH`. The releases that share a schema are
    /// those of the PostgreSQL scripts. The reference holds no MySQL script of carbon-kernel 4.6.2: the MySQL
    /// WSO2_SHARED_DB of API-M 4.0.0 is generated from 4.6.3's MySQL script less what 4.6.3 added.
    static func mySQLEntries(for database: WSO2Database) -> [Entry] {
        switch database {
        case .shared:
            [
                // carbon-kernel 4.8.1 (API-M 4.2.0) differs from 4.11.18 only in the order it creates two indexes.
                Entry(versions: ["4.7.0", "4.6.0", "4.5.0", "4.4.0", "4.3.0", "4.2.0"], schema: MySQLKernel4_11_18.self),
                Entry(versions: ["4.1.0"], schema: MySQLKernel4_6_3.self),
                Entry(versions: ["4.0.0"], schema: MySQLKernel4_6_2.self),
                Entry(versions: ["3.2.0", "3.1.0"], schema: MySQLKernel4_6_0.self),
                Entry(versions: ["3.0.0"], schema: MySQLKernel4_5_1.self),
            ]
        case .um, .reg:
            [
                Entry(versions: ["2.6.0", "2.5.0", "2.2.0"], schema: MySQLKernel4_4_35.self),
                Entry(versions: ["2.1.0"], schema: MySQLKernel4_4_11.self),
            ]
        case .am:
            [
                Entry(versions: ["4.7.0"], schema: MySQLAPIMgt9_33_122.self),
                Entry(versions: ["4.6.0"], schema: MySQLAPIMgt9_32_147.self),
                Entry(versions: ["4.5.0"], schema: MySQLAPIMgt9_31_86.self),
                Entry(versions: ["4.4.0"], schema: MySQLAPIMgt9_30_67.self),
                Entry(versions: ["4.3.0"], schema: MySQLAPIMgt9_29_120.self),
                Entry(versions: ["4.2.0"], schema: MySQLAPIMgt9_28_116.self),
                Entry(versions: ["4.1.0"], schema: MySQLAPIMgt9_20_74.self),
                Entry(versions: ["4.0.0"], schema: MySQLAPIMgt9_0_174.self),
                Entry(versions: ["3.2.0"], schema: MySQLAPIMgt6_7_206.self),
                Entry(versions: ["3.1.0"], schema: MySQLAPIMgt6_6_163.self),
                Entry(versions: ["3.0.0"], schema: MySQLAPIMgt6_5_349.self),
                Entry(versions: ["2.6.0"], schema: MySQLAPIMgt6_4_50.self),
                Entry(versions: ["2.5.0"], schema: MySQLAPIMgt6_3_95.self),
                Entry(versions: ["2.2.0"], schema: MySQLAPIMgt6_2_201.self),
                Entry(versions: ["2.1.0"], schema: MySQLAPIMgt6_1_66.self),
            ]
        }
    }
}
