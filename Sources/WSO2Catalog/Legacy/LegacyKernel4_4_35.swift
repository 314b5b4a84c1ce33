import WSO2Schema

/// The user-management and registry tables as carbon-kernel 4.4.35 creates them, the kernel of API-M 2.6.0.
/// One script holds both: deployments split it over WSO2UM_DB and WSO2REG_DB, or kept both in one database.
enum LegacyKernel4_4_35 {
    static let schema = Schema("WSO2UM_DB/WSO2REG_DB", version: "2.6.0") {
        registry
        userManagement
    }
}
