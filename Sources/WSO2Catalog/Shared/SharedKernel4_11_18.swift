import WSO2Schema

/// WSO2_SHARED_DB as carbon-kernel 4.11.18 creates it: the one PostgreSQL script that API-M 4.3.0 to 4.7.0 ship.
enum SharedKernel4_11_18 {
    static let schema = Schema("WSO2_SHARED_DB", version: "4.7.0") {
        registry
        userManagement
        organization
    }
}
