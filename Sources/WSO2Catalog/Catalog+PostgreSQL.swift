import WSO2Schema

extension Catalog {
    /// The schemas generated from WSO2's PostgreSQL scripts, newest first, each with every API-M release that
    /// ships it. Which releases share a schema was checked by generating each release's script: kernel 4.8.1
    /// (API-M 4.2.0) gives exactly what 4.11.18 gives, and every carbon-apimgt release gives its own AM schema.
    static func postgreSQLEntries(for database: WSO2Database) -> [Entry] {
        switch database {
        case .shared:
            [
                // carbon-kernel 4.8.1, 4.9.26 to 4.9.33 and 4.11.18 (API-M 4.2.0 to 4.7.0) write one schema.
                Entry(versions: ["4.7.0", "4.6.0", "4.5.0", "4.4.0", "4.3.0", "4.2.0"], schema: Kernel4_11_18.self),
                Entry(versions: ["4.1.0"], schema: Kernel4_6_3.self),
                Entry(versions: ["4.0.0"], schema: Kernel4_6_2.self),
                Entry(versions: ["3.2.0", "3.1.0"], schema: Kernel4_6_0.self),
                Entry(versions: ["3.0.0"], schema: Kernel4_5_1.self),
            ]
        case .um, .reg:
            // API-M 2.x ran one kernel script on both the user and the registry database. Kernels 4.4.26, 4.4.32
            // and 4.4.35 (API-M 2.2.0, 2.5.0, 2.6.0) ship byte-identical scripts.
            [
                Entry(versions: ["2.6.0", "2.5.0", "2.2.0"], schema: Kernel4_4_35.self),
                Entry(versions: ["2.1.0"], schema: Kernel4_4_11.self),
            ]
        case .am:
            [
                Entry(versions: ["4.7.0"], schema: APIMgt9_33_122.self),
                Entry(versions: ["4.6.0"], schema: APIMgt9_32_147.self),
                Entry(versions: ["4.5.0"], schema: APIMgt9_31_86.self),
                Entry(versions: ["4.4.0"], schema: APIMgt9_30_67.self),
                Entry(versions: ["4.3.0"], schema: APIMgt9_29_120.self),
                Entry(versions: ["4.2.0"], schema: APIMgt9_28_116.self),
                Entry(versions: ["4.1.0"], schema: APIMgt9_20_74.self),
                Entry(versions: ["4.0.0"], schema: APIMgt9_0_174.self),
                Entry(versions: ["3.2.0"], schema: APIMgt6_7_206.self),
                Entry(versions: ["3.1.0"], schema: APIMgt6_6_163.self),
                Entry(versions: ["3.0.0"], schema: APIMgt6_5_349.self),
                Entry(versions: ["2.6.0"], schema: APIMgt6_4_50.self),
                Entry(versions: ["2.5.0"], schema: APIMgt6_3_95.self),
                Entry(versions: ["2.2.0"], schema: APIMgt6_2_201.self),
                Entry(versions: ["2.1.0"], schema: APIMgt6_1_66.self),
            ]
        }
    }
}
