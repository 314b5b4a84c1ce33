import Testing
import WSO2Schema

/// SQL names compare as WSO2's unquoted names do: without regard to case.
@Suite struct IdentifierTests {
    @Test(arguments: [
        ("UM_USER", "um_user", true), ("UM_USER", "UM_USER", true), ("reg_Path", "REG_PATH", true), ("", "", true),
        ("UM_USER", "UM_USERS", false), ("UM_USERS", "UM_USER", false), ("a", "", false), ("UM_USER", "UM_USEQ", false),
        ("UM_[", "UM_{", false), ("ÄRGER", "ärger", true), ("Ärger", "Ärgern", false), ("ß", "SS", false), ("_1", "_1", true),
    ])
    func sameName(_ left: String, _ right: String, _ same: Bool) {
        #expect(left.sameSQLName(as: right) == same)
        #expect(right.sameSQLName(as: left) == same)
    }
}
