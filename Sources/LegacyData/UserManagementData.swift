import SQLDriver

/// The `UM_*` rows: tenants, users and their attributes, roles, hybrid roles, permissions, claims,
/// profiles, system users, remember-me cookies, shared roles and account mappings.
struct UserManagementData {
    let generator: LegacyDataGenerator
    let writer: RowWriter
    var random: SplitMix64

    init(generator: LegacyDataGenerator, writer: RowWriter) {
        self.generator = generator
        self.writer = writer
        random = SplitMix64(seed: generator.seed ^ 0x554D_5F55_4D5F_554D)
    }

    static let domains = ["PRIMARY", "SYSTEM", "INTERNAL", "APPLICATION", "WORKFLOW"]
    static let hybridRoles = ["everyone", "subscriber", "creator", "publisher"]
    static let basePermissions = [
        "/permission", "/permission/admin", "/permission/admin/login", "/permission/admin/configure",
        "/permission/admin/manage/api/create", "/permission/admin/manage/api/publish",
        "/permission/admin/manage/api/subscribe", "/permission/admin/monitor", "/permission/protected",
    ]
    static let registryActions = [
        "http://www.wso2.org/projects/registry/actions/get", "http://www.wso2.org/projects/registry/actions/add",
        "http://www.wso2.org/projects/registry/actions/delete", "authorize",
    ]
    static let dialects = ["http://wso2.org/claims", "urn:scim:schemas:core:1.0", "http://schemas.xmlsoap.org/ws/2005/05/identity"]
    static let claims = ["givenname", "lastname", "emailaddress", "organization", "telephone", "country", "role"]

    mutating func write() throws {
        // Modules are not per tenant.
        try writer.insert("UM_MODULE", ["UM_ID", "UM_MODULE_NAME"], [.int(1), .text("registry")])
        try writer.insert("UM_MODULE", ["UM_ID", "UM_MODULE_NAME"], [.int(2), .null])
        for action in ["read", "write", "delete"] {
            try writer.insert("UM_MODULE_ACTIONS", ["UM_ACTION", "UM_MODULE_ID"], [.text(action), .int(1)])
        }
        let sizes = generator.tenantSizes
        for size in sizes where size.tenant != LegacyDataGenerator.superTenant {
            try writeTenantRow(size.tenant)
        }
        for size in sizes {
            try writeTenant(size.tenant, users: size.users, extraRoles: size.extraRoles)
        }
        // Roles of tenants shared with users of the super tenant.
        for tenant in 1...min(3, sizes.count - 1) {
            try writer.insert(
                "UM_SHARED_USER_ROLE", ["UM_ROLE_ID", "UM_USER_ID", "UM_USER_TENANT_ID", "UM_ROLE_TENANT_ID"],
                [.int(2), .int(2), .int(LegacyDataGenerator.superTenant), .int(tenant)])
        }
    }

    mutating func writeTenantRow(_ tenant: Int) throws {
        let domain = tenant % 5 == 0 ? "xn--tnant-\(tenant)-bsa.example.com" : "tenant\(tenant).example.com"
        let config = """
            <UserManager><Realm><Configuration><AdminRole>admin</AdminRole><AdminUser><UserName>admin</UserName>\
            <Password>\(random.token(12))</Password></AdminUser><EveryOneRoleName>everyone</EveryOneRoleName>\
            <Property name="url">jdbc:postgresql://db/um?x=1&amp;y=2</Property></Configuration></Realm></UserManager>
            """
        var bytes = Array(config.utf8)
        if tenant % 3 == 0 { bytes += random.bytes(300) }  // some configs hold binary junk
        try writer.insert(
            "UM_TENANT", ["UM_ID", "UM_DOMAIN_NAME", "UM_EMAIL", "UM_ACTIVE", "UM_CREATED_DATE", "UM_USER_CONFIG"],
            [.int(tenant), .text(domain), tenant % 4 == 0 ? .null : .text("admin@\(domain)"), .boolean(tenant % 7 != 0),
             .text(random.timestamp()), tenant % 6 == 0 ? .null : .blob(bytes)])
        try writer.insert(
            "UM_ACCOUNT_MAPPING", ["UM_ID", "UM_USER_NAME", "UM_TENANT_ID", "UM_USER_STORE_DOMAIN", "UM_ACC_LINK_ID"],
            [.int(tenant), .text("admin"), .int(tenant), tenant % 2 == 0 ? .null : .text("PRIMARY"), .int(tenant)])
    }

    mutating func writeTenant(_ tenant: Int, users: Int, extraRoles: Int) throws {
        let t = SQLValue.int(tenant)
        for (index, name) in Self.domains.enumerated() {
            try writer.insert("UM_DOMAIN", ["UM_DOMAIN_ID", "UM_DOMAIN_NAME", "UM_TENANT_ID"], [.int(index + 1), .text(name), t])
        }

        // Users and their attributes.
        var attributeID = 0
        for user in 1...users {
            try writer.insert(
                "UM_USER",
                ["UM_ID", "UM_USER_NAME", "UM_USER_PASSWORD", "UM_SALT_VALUE", "UM_REQUIRE_CHANGE", "UM_CHANGED_TIME", "UM_TENANT_ID"],
                [.int(user), .text(LegacyDataGenerator.userName(user)), .text(random.token(44)),
                 user % 5 == 0 ? .null : .text(random.token(24)), .boolean(user % 9 == 0), .text(random.timestamp()), t])
            var attributes: [(String, SQLValue)] = [
                ("givenName", .text(capitalized(LegacyDataGenerator.userName(user)))),
                ("lastName", .text(random.pick(Awkward.texts))),
                ("mail", .text("\(LegacyDataGenerator.userName(user))@example.com")),
                ("telephone", random.chance(30) ? .null : .text("+94 \(random.int(100...999)) \(random.int(1000...9999))")),
                ("im", .text("")),
            ]
            if user % 3 == 0 { attributes.append(("country", .text("Sri Lanka\tශ්‍රී ලංකාව"))) }
            if user % 4 == 0 { attributes.append(("description", .text(String(repeating: "long \\ value \"x\" ", count: 40)))) }
            if let extra = generator.extraClaimsPerUser {
                for claim in 0..<random.int(extra) {
                    attributes.append(("custom.claim.\(claim)", random.chance(3) ? .null : .text(random.token(random.int(8...40)))))
                }
            }
            for (name, value) in attributes {
                attributeID += 1
                try writer.insert(
                    "UM_USER_ATTRIBUTE", ["UM_ID", "UM_ATTR_NAME", "UM_ATTR_VALUE", "UM_PROFILE_ID", "UM_USER_ID", "UM_TENANT_ID"],
                    [.int(attributeID), .text(name), value, attributeID % 11 == 0 ? .null : .text("default"), .int(user), t])
            }
        }

        // Roles of the user store, and who holds them.
        let roles = ["admin", "Internal \"ops\"", "developers"] + (1...extraRoles).map { "team-\($0)" }
        for (index, role) in roles.enumerated() {
            try writer.insert("UM_ROLE", ["UM_ID", "UM_ROLE_NAME", "UM_TENANT_ID", "UM_SHARED_ROLE"],
                              [.int(index + 1), .text(role), t, .boolean(index == 1)])
        }
        var userRoleID = 0
        for user in 1...users {
            var held = [user == 1 ? 1 : 2 + user % (roles.count - 1)]
            if user % 3 == 0 { held.append(3) }
            for role in Set(held).sorted() {
                userRoleID += 1
                try writer.insert("UM_USER_ROLE", ["UM_ID", "UM_ROLE_ID", "UM_USER_ID", "UM_TENANT_ID"],
                                  [.int(userRoleID), .int(role), .int(user), t])
            }
        }

        // Hybrid (internal and application) roles.
        let applications = max(1, users / 4)
        let hybrid = Self.hybridRoles + (1...applications).map { "Application/app_\($0)" }
        for (index, role) in hybrid.enumerated() {
            try writer.insert("UM_HYBRID_ROLE", ["UM_ID", "UM_ROLE_NAME", "UM_TENANT_ID"], [.int(index + 1), .text(role), t])
        }
        var hybridUserRoleID = 0
        for user in 1...users {
            var held = [2]  // subscriber
            if user == 1 { held += [3, 4] }
            if user % 4 == 0 { held.append(Self.hybridRoles.count + user / 4) }
            for role in held {
                hybridUserRoleID += 1
                try writer.insert(
                    "UM_HYBRID_USER_ROLE", ["UM_ID", "UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID", "UM_DOMAIN_ID"],
                    [.int(hybridUserRoleID), .text(LegacyDataGenerator.userName(user)), .int(role), t, .int(1)])
            }
        }

        // Permissions: the console's, and registry permissions per role.
        var permissions: [(String, String)] = Self.basePermissions.map { ($0, "ui.execute") }
        for role in roles.dropFirst() {
            permissions.append(("/_system/governance/apimgt/applicationdata/provider/\(role)", random.pick(Self.registryActions)))
        }
        // Roles with many permissions: a catalog of API permissions, each extra role holding a stride of it.
        let catalogStart = permissions.count
        if generator.permissionsPerRole != nil {
            for index in 0..<generator.rolePermissionCatalog {
                permissions.append(("/_system/governance/apimgt/applicationdata/provider/admin/API-\(index)/1.0.0", Self.registryActions[index % 3]))
            }
        }
        for (index, permission) in permissions.enumerated() {
            try writer.insert(
                "UM_PERMISSION", ["UM_ID", "UM_RESOURCE_ID", "UM_ACTION", "UM_TENANT_ID", "UM_MODULE_ID"],
                [.int(index + 1), .text(permission.0), .text(permission.1), t, .int(index % 4 == 0 ? 1 : 0)])
        }
        var rolePermissionID = 0
        for index in permissions.indices {
            rolePermissionID += 1
            try writer.insert(
                "UM_ROLE_PERMISSION", ["UM_ID", "UM_PERMISSION_ID", "UM_ROLE_NAME", "UM_IS_ALLOWED", "UM_TENANT_ID", "UM_DOMAIN_ID"],
                [.int(rolePermissionID), .int(index + 1), .text("admin"), .int(1), t, .int(1)])
        }
        if let perRole = generator.permissionsPerRole {
            let catalog = generator.rolePermissionCatalog
            for (roleIndex, role) in roles.enumerated().dropFirst(3) {
                for pick in 0..<min(perRole, catalog) {
                    rolePermissionID += 1
                    try writer.insert(
                        "UM_ROLE_PERMISSION", ["UM_ID", "UM_PERMISSION_ID", "UM_ROLE_NAME", "UM_IS_ALLOWED", "UM_TENANT_ID", "UM_DOMAIN_ID"],
                        [.int(rolePermissionID), .int(catalogStart + 1 + (roleIndex * 7 + pick * 13) % catalog), .text(role),
                         .int(pick % 17 == 0 ? 0 : 1), t, .int(1)])
                }
            }
        }
        for (index, role) in hybrid.prefix(4).enumerated() {
            rolePermissionID += 1
            try writer.insert(
                "UM_ROLE_PERMISSION", ["UM_ID", "UM_PERMISSION_ID", "UM_ROLE_NAME", "UM_IS_ALLOWED", "UM_TENANT_ID", "UM_DOMAIN_ID"],
                [.int(rolePermissionID), .int(3 + index), .text(role), .int(index == 3 ? 0 : 1), t, index == 2 ? .null : .int(3)])
        }
        for user in stride(from: 1, through: users, by: 5) {
            try writer.insert(
                "UM_USER_PERMISSION", ["UM_ID", "UM_PERMISSION_ID", "UM_USER_NAME", "UM_IS_ALLOWED", "UM_TENANT_ID"],
                [.int(user / 5 + 1), .int(1 + user % permissions.count), .text(LegacyDataGenerator.userName(user)), .int(1), t])
        }

        // Claims: dialects, claims, a profile per dialect and claim behaviours.
        var claimID = 0
        for (dialectIndex, dialect) in Self.dialects.enumerated() {
            let dialectID = dialectIndex + 1
            try writer.insert("UM_DIALECT", ["UM_ID", "UM_DIALECT_URI", "UM_TENANT_ID"], [.int(dialectID), .text(dialect), t])
            try writer.insert("UM_PROFILE_CONFIG", ["UM_ID", "UM_DIALECT_ID", "UM_PROFILE_NAME", "UM_TENANT_ID"],
                              [.int(dialectID), .int(dialectID), dialectIndex == 2 ? .null : .text("default"), t])
            for (claimIndex, claim) in Self.claims.enumerated() {
                claimID += 1
                try writer.insert(
                    "UM_CLAIM",
                    ["UM_ID", "UM_DIALECT_ID", "UM_CLAIM_URI", "UM_DISPLAY_TAG", "UM_DESCRIPTION", "UM_MAPPED_ATTRIBUTE_DOMAIN",
                     "UM_MAPPED_ATTRIBUTE", "UM_REG_EX", "UM_SUPPORTED", "UM_REQUIRED", "UM_DISPLAY_ORDER", "UM_CHECKED_ATTRIBUTE",
                     "UM_READ_ONLY", "UM_TENANT_ID"],
                    [.int(claimID), .int(dialectID), .text("\(dialect)/\(claim)"), .text(capitalized(claim)),
                     claimIndex == 0 ? .text("") : .text("The \(claim) — \"claim\""), claimIndex % 2 == 0 ? .null : .text("PRIMARY"),
                     .text(claim), claimIndex == 2 ? .text("^[\\S]{3,30}$") : .null, .int(1), .int(claimIndex < 2 ? 1 : 0),
                     .int(claimIndex), .optional(claimIndex == 3 ? nil : 0), .int(claimIndex == 6 ? 1 : 0), t])
                if dialectIndex == 0 {
                    try writer.insert(
                        "UM_CLAIM_BEHAVIOR", ["UM_ID", "UM_PROFILE_ID", "UM_CLAIM_ID", "UM_BEHAVIOUR", "UM_TENANT_ID"],
                        [.int(claimID), .int(1), .int(claimID), .int(claimIndex % 3), t])
                }
            }
        }

        // System users and roles, remember-me cookies.
        try writer.insert(
            "UM_SYSTEM_USER",
            ["UM_ID", "UM_USER_NAME", "UM_USER_PASSWORD", "UM_SALT_VALUE", "UM_REQUIRE_CHANGE", "UM_CHANGED_TIME", "UM_TENANT_ID"],
            [.int(1), .text("wso2.anonymous.user"), .text(random.token(44)), .null, .boolean(false), .text(random.timestamp()), t])
        try writer.insert("UM_SYSTEM_ROLE", ["UM_ID", "UM_ROLE_NAME", "UM_TENANT_ID"], [.int(1), .text("wso2.anonymous.role"), t])
        try writer.insert("UM_SYSTEM_ROLE", ["UM_ID", "UM_ROLE_NAME", "UM_TENANT_ID"], [.int(2), .text(""), t])
        try writer.insert("UM_SYSTEM_USER_ROLE", ["UM_ID", "UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID"],
                          [.int(1), .text("wso2.anonymous.user"), .int(1), t])
        for user in stride(from: 1, through: users, by: 7) {
            try writer.insert(
                "UM_HYBRID_REMEMBER_ME", ["UM_ID", "UM_USER_NAME", "UM_COOKIE_VALUE", "UM_CREATED_TIME", "UM_TENANT_ID"],
                [.int(user / 7 + 1), .text(LegacyDataGenerator.userName(user)), .text(random.uuid()),
                 user % 2 == 0 ? .null : .text(random.timestamp()), t])
        }
    }
}

/// `text` with its first character upper-cased.
func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
