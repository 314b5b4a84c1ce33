import WSO2Schema

/// WSO2_SHARED_DB as carbon-kernel 4.6.2 creates it: the PostgreSQL script API-M 4.0.0 ships.
/// It sits between the legacy 4.4.35 and the current 4.11.18 kernel: most changes are already in, but the
/// registry link tables and UM_SHARED_USER_ROLE have no ID key yet and there are no organization tables.
enum SharedKernel4_6_2 {
    static let schema = Schema("WSO2_SHARED_DB", version: "4.0.0") {
        registry
        userManagement
    }
}
