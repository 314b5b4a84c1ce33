import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Rows for the two API-M 2.6.0 legacy databases chosen to break a careless copy: text with
/// quotes, backslashes, tabs, newlines, COPY's own markers (`\N`, `\.`) and every kind of unicode;
/// empty strings beside NULLs; binary values holding every byte 0…255 (and an empty one beside a
/// NULL); extreme integers; ids repeated across tenants under the composite keys (the super tenant
/// -1234 and tenants 1 and 2); exact duplicate rows in the key-less `REG_RESOURCE_*` link tables;
/// `UM_SHARED_USER_ROLE` rows across tenants. The `UM_*` rows go into the UM database, the `REG_*`
/// rows into the REG database, both made beforehand (WSO2's script through psql, or
/// `wso2db create um|reg --version 2.6.0`). Every sequence of a family is then set well ahead of the
/// largest id drawn from it, each to a different position, as on a long-lived server.
enum AwkwardLegacyData {
    static let superTenant = -1234
    static let tenants = [superTenant, 1, 2]

    /// Every byte value once, in order.
    static let everyByte: [UInt8] = Array(0...255)
    /// Text with everything that trips up quoting, escaping, COPY and encodings (well under 255 characters).
    static let nasty =
        "tab\there, newline\nand CRLF\r\n, back\\slash, 'single' \"double\" \\N \\. ; -- /* 😀 ünïcödé 中文 שלום e\u{301} 👩‍👩‍👧 𝄞 \u{FEFF}\u{2028}end\\"
    /// The same spirit in at most 31 characters (the legacy `REG_USER_ID` / `REG_CREATOR` length).
    static let short = "o'n\t\"ï\"\\😀\n"
    /// Values that a COPY or CSV writer might take for something else.
    static let markers = ["\\N", "\\.", "NULL", "null", " ", "\\", "\"\"", "''", ","]
    /// A name for user 2 of each tenant: quotes, a tab, a backslash, an emoji, a newline.
    static let awkwardUser = "o'neil\t\"jörg\"\\😀\nzoë"

    /// A text of `count` characters: mostly ASCII with unicode and escapes sprinkled in (compressible,
    /// so that it fits the target's btree indexes).
    static func long(_ count: Int, seed: Int) -> String {
        let pieces = ["abcdefghij", "ü'\\\t", "0123456789", "😀\n", "/api/v1/", "\"q\""]
        var text = "\(seed)-"
        var index = abs(seed)
        while text.unicodeScalars.count < count {
            text += pieces[index % pieces.count]
            index += 1
        }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(count)))
    }

    /// Deterministic bytes (xorshift), all values likely.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    /// Timestamps as PostgreSQL prints them (no trailing zeros in the fraction), so that they read
    /// back the same from either engine.
    static let stamps = [
        "2018-01-02 03:04:05", "2019-12-31 23:59:59.999999", "2020-02-29 12:00:00.5", "1970-01-01 00:00:00",
        "2017-07-14 08:09:10.123456", "2038-01-19 03:14:08",
    ]
    /// The nearest awkward values MySQL's TIMESTAMP holds (whole seconds from 1970-01-01 00:00:01 to
    /// 2038-01-19 03:14:07): its own edges.
    static let mysqlStamps = [
        "2018-01-02 03:04:05", "2019-12-31 23:59:59", "2020-02-29 12:00:00", "1970-01-01 00:00:01", "2017-07-14 08:09:10",
        "2038-01-19 03:14:07",
    ]

    static func time(_ index: Int, in stamps: [String] = stamps) -> SQLValue {
        .text(stamps[(index % stamps.count + stamps.count) % stamps.count])
    }

    /// The tenant's own spelling of a value, so that repeated ids do not carry repeated text.
    static func of(_ tenant: Int, _ text: String) -> String { tenant == superTenant ? text : "\(text)@t\(tenant)" }

    /// Fills both databases and advances their sequences.
    static func fill(um: any DatabaseConnection, reg: any DatabaseConnection) throws {
        try fillUserManagement(um)
        try fillRegistry(reg)
    }

    /// The `UM_*` rows, then the `UM_*` sequences.
    static func fillUserManagement(_ connection: any DatabaseConnection) throws {
        let w = Rows(connection)
        try connection.exclusiveTransaction {
            // Modules are not per tenant: NULL and '' both under UNIQUE (UM_MODULE_NAME).
            try w.insert("UM_MODULE", ["UM_ID": .integer(1), "UM_MODULE_NAME": .text("registry")])
            try w.insert("UM_MODULE", ["UM_ID": .integer(2), "UM_MODULE_NAME": .null])
            try w.insert("UM_MODULE", ["UM_ID": .integer(3), "UM_MODULE_NAME": .text("")])
            for (action, module) in [("read", 1), ("wr'ite\t\\", 1), ("", 2), (short, 3)] {
                try w.insert("UM_MODULE_ACTIONS", ["UM_ACTION": .text(action), "UM_MODULE_ID": .integer(Int64(module))])
            }
            // Tenants 1 and 2; the super tenant has no row, as on a real server.
            try w.insert(
                "UM_TENANT",
                [
                    "UM_ID": .integer(1), "UM_DOMAIN_NAME": .text("tenant-one.example.com"), "UM_EMAIL": .text(""),
                    "UM_ACTIVE": .boolean(true), "UM_CREATED_DATE": w.time(0), "UM_USER_CONFIG": .blob(everyByte),
                ])
            try w.insert(
                "UM_TENANT",
                [
                    "UM_ID": .integer(2), "UM_DOMAIN_NAME": .text("tënant-二.example.com"), "UM_EMAIL": .null,
                    "UM_ACTIVE": .null, "UM_CREATED_DATE": w.time(1), "UM_USER_CONFIG": .null,
                ])
            for (id, tenant, store) in [(1, 1, SQLValue.text("PRIMARY")), (2, 2, .null), (3, 1, .text(""))] {
                try w.insert(
                    "UM_ACCOUNT_MAPPING",
                    [
                        "UM_ID": .integer(Int64(id)), "UM_USER_NAME": .text(id == 3 ? awkwardUser : "admin"),
                        "UM_TENANT_ID": .integer(Int64(tenant)), "UM_USER_STORE_DOMAIN": store, "UM_ACC_LINK_ID": .integer(Int64(id)),
                    ])
            }
            for tenant in tenants { try fillTenant(tenant, w) }
            // Roles of tenants shared with users of other tenants.
            for (role, roleTenant, user, userTenant) in [(1, 1, 2, superTenant), (2, 2, 2, superTenant), (1, 2, 3, 1), (2, 1, 1, 2)] {
                try w.insert(
                    "UM_SHARED_USER_ROLE",
                    [
                        "UM_ROLE_ID": .integer(Int64(role)), "UM_USER_ID": .integer(Int64(user)),
                        "UM_USER_TENANT_ID": .integer(Int64(userTenant)), "UM_ROLE_TENANT_ID": .integer(Int64(roleTenant)),
                    ])
            }
            try advanceSequences(connection, prefix: "UM_")
        }
    }

    static func fillTenant(_ tenant: Int, _ w: Rows) throws {
        let t = SQLValue.integer(Int64(tenant))
        for (id, name) in [(1, "PRIMARY"), (2, "INTERNAL"), (3, "dömain 'q' \"dq\" \\ 😀")] {
            try w.insert("UM_DOMAIN", ["UM_DOMAIN_ID": .integer(Int64(id)), "UM_DOMAIN_NAME": .text(name), "UM_TENANT_ID": t])
        }
        // Users 1…3 in every tenant: the same ids under (UM_ID, UM_TENANT_ID).
        let users: [(String, String, SQLValue, SQLValue)] = [
            ("admin", "pw/+=\(tenant)", .text(""), .boolean(false)),
            (awkwardUser, "pa\tss\nwo'rd\\", .null, .boolean(true)),
            ("\\N", "NULL", .text("\\."), .null),
        ]
        for (index, (name, password, salt, change)) in users.enumerated() {
            try w.insert(
                "UM_USER",
                [
                    "UM_ID": .integer(Int64(index + 1)), "UM_USER_NAME": .text(name), "UM_USER_PASSWORD": .text(password),
                    "UM_SALT_VALUE": salt, "UM_REQUIRE_CHANGE": change, "UM_CHANGED_TIME": w.time(index + tenant), "UM_TENANT_ID": t,
                ])
        }
        try w.insert(
            "UM_SYSTEM_USER",
            [
                "UM_ID": .integer(1), "UM_USER_NAME": .text("wso2.anonymous.user"), "UM_USER_PASSWORD": .text(""),
                "UM_SALT_VALUE": .null, "UM_REQUIRE_CHANGE": .boolean(false), "UM_CHANGED_TIME": w.time(3), "UM_TENANT_ID": t,
            ])
        for (id, name, shared) in [(1, "admin", false), (2, "rôle 'x' \\ \t 😀", true)] {
            try w.insert(
                "UM_ROLE",
                ["UM_ID": .integer(Int64(id)), "UM_ROLE_NAME": .text(name), "UM_TENANT_ID": t, "UM_SHARED_ROLE": .boolean(shared)])
        }
        let permissions: [(Int, String, String, Int)] = [
            (1, "/permission/admin", "ui.execute", 1),
            (2, "/_system/governance/ünï 'q'\t\\", "http://www.wso2.org/projects/registry/actions/get", 0),
        ]
        for (id, resource, action, module) in permissions {
            try w.insert(
                "UM_PERMISSION",
                [
                    "UM_ID": .integer(Int64(id)), "UM_RESOURCE_ID": .text(resource), "UM_ACTION": .text(action), "UM_TENANT_ID": t,
                    "UM_MODULE_ID": .integer(Int64(module)),
                ])
        }
        for (id, permission, role, allowed, domain) in [(1, 1, "admin", 1, SQLValue.integer(1)), (2, 2, "rôle 'x' \\ \t 😀", 0, .null)] {
            try w.insert(
                "UM_ROLE_PERMISSION",
                [
                    "UM_ID": .integer(Int64(id)), "UM_PERMISSION_ID": .integer(Int64(permission)), "UM_ROLE_NAME": .text(role),
                    "UM_IS_ALLOWED": .integer(Int64(allowed)), "UM_TENANT_ID": t, "UM_DOMAIN_ID": domain,
                ])
        }
        try w.insert(
            "UM_USER_PERMISSION",
            [
                "UM_ID": .integer(1), "UM_PERMISSION_ID": .integer(2), "UM_USER_NAME": .text(awkwardUser),
                "UM_IS_ALLOWED": .integer(32767), "UM_TENANT_ID": t,
            ])
        for (id, role, user) in [(1, 1, 1), (2, 2, 2), (3, 1, 2)] {
            try w.insert(
                "UM_USER_ROLE",
                ["UM_ID": .integer(Int64(id)), "UM_ROLE_ID": .integer(Int64(role)), "UM_USER_ID": .integer(Int64(user)), "UM_TENANT_ID": t])
        }
        let attributes: [(String, SQLValue, SQLValue, SQLValue)] = [
            ("http://wso2.org/claims/givenname", .text(nasty), .text("default"), .integer(1)),
            ("http://wso2.org/claims/lastname", .text(""), .null, .integer(2)),
            ("http://wso2.org/claims/emailaddress", .null, .text("default"), .integer(2)),
            ("description", .text(long(1024, seed: tenant)), .text(""), .null),
            ("\\N", .text("\\N"), .text("\\."), .integer(3)),
        ]
        for (index, (name, value, profile, user)) in attributes.enumerated() {
            try w.insert(
                "UM_USER_ATTRIBUTE",
                [
                    "UM_ID": .integer(Int64(index + 1)), "UM_ATTR_NAME": .text(name), "UM_ATTR_VALUE": value, "UM_PROFILE_ID": profile,
                    "UM_USER_ID": user, "UM_TENANT_ID": t,
                ])
        }
        for (id, uri) in [(1, "http://wso2.org/claims"), (2, "urn:scim:schemas:core:1.0")] {
            try w.insert("UM_DIALECT", ["UM_ID": .integer(Int64(id)), "UM_DIALECT_URI": .text(uri), "UM_TENANT_ID": t])
        }
        try w.insert(
            "UM_CLAIM",
            [
                "UM_ID": .integer(1), "UM_DIALECT_ID": .integer(1), "UM_CLAIM_URI": .text("http://wso2.org/claims/givenname"),
                "UM_DISPLAY_TAG": .text("Fïrst 'Name'"), "UM_DESCRIPTION": .text(""), "UM_MAPPED_ATTRIBUTE_DOMAIN": .null,
                "UM_MAPPED_ATTRIBUTE": .text("givenName"), "UM_REG_EX": .text("^[\\S]{5,30}$"), "UM_SUPPORTED": .integer(1),
                "UM_REQUIRED": .integer(0), "UM_DISPLAY_ORDER": .integer(2_147_483_647), "UM_CHECKED_ATTRIBUTE": .null,
                "UM_READ_ONLY": .integer(-32768), "UM_TENANT_ID": t,
            ])
        try w.insert(
            "UM_CLAIM",
            [
                "UM_ID": .integer(2), "UM_DIALECT_ID": .integer(2), "UM_CLAIM_URI": .text("urn:scim:schemas:core:1.0:name.givenName"),
                "UM_DISPLAY_TAG": .null, "UM_DESCRIPTION": .text(nasty), "UM_MAPPED_ATTRIBUTE_DOMAIN": .text("PRIMARY"),
                "UM_MAPPED_ATTRIBUTE": .text("\\N"), "UM_REG_EX": .null, "UM_SUPPORTED": .null, "UM_REQUIRED": .null,
                "UM_DISPLAY_ORDER": .integer(-2_147_483_648), "UM_CHECKED_ATTRIBUTE": .integer(1), "UM_READ_ONLY": .null, "UM_TENANT_ID": t,
            ])
        for (id, dialect, name) in [(1, 1, SQLValue.text("default")), (2, 2, .null)] {
            try w.insert(
                "UM_PROFILE_CONFIG",
                ["UM_ID": .integer(Int64(id)), "UM_DIALECT_ID": .integer(Int64(dialect)), "UM_PROFILE_NAME": name, "UM_TENANT_ID": t])
        }
        for (id, profile, claim, behaviour) in [(1, SQLValue.integer(1), SQLValue.integer(1), SQLValue.integer(1)), (2, .null, .null, .null)] {
            try w.insert(
                "UM_CLAIM_BEHAVIOR",
                ["UM_ID": .integer(Int64(id)), "UM_PROFILE_ID": profile, "UM_CLAIM_ID": claim, "UM_BEHAVIOUR": behaviour, "UM_TENANT_ID": t])
        }
        for (id, name) in [(1, "everyone"), (2, "Application/ãpp 'x' \\ \t"), (3, "Internal/subscriber")] {
            try w.insert("UM_HYBRID_ROLE", ["UM_ID": .integer(Int64(id)), "UM_ROLE_NAME": .text(name), "UM_TENANT_ID": t])
        }
        for (id, user, role, domain) in [(1, SQLValue.text("admin"), 1, SQLValue.integer(1)), (2, .null, 2, .null), (3, .text(awkwardUser), 1, .integer(3))] {
            try w.insert(
                "UM_HYBRID_USER_ROLE",
                ["UM_ID": .integer(Int64(id)), "UM_USER_NAME": user, "UM_ROLE_ID": .integer(Int64(role)), "UM_TENANT_ID": t, "UM_DOMAIN_ID": domain])
        }
        try w.insert("UM_SYSTEM_ROLE", ["UM_ID": .integer(1), "UM_ROLE_NAME": .text("wso2.anonymous.role"), "UM_TENANT_ID": t])
        try w.insert("UM_SYSTEM_ROLE", ["UM_ID": .integer(2), "UM_ROLE_NAME": .text("sÿstem 'r' \\"), "UM_TENANT_ID": t])
        try w.insert(
            "UM_SYSTEM_USER_ROLE", ["UM_ID": .integer(1), "UM_USER_NAME": .text("wso2.anonymous.user"), "UM_ROLE_ID": .integer(1), "UM_TENANT_ID": t])
        try w.insert("UM_SYSTEM_USER_ROLE", ["UM_ID": .integer(2), "UM_USER_NAME": .null, "UM_ROLE_ID": .integer(2), "UM_TENANT_ID": t])
        try w.insert(
            "UM_HYBRID_REMEMBER_ME",
            ["UM_ID": .integer(1), "UM_USER_NAME": .text("admin"), "UM_COOKIE_VALUE": .text(""), "UM_CREATED_TIME": .null, "UM_TENANT_ID": t])
        try w.insert(
            "UM_HYBRID_REMEMBER_ME",
            [
                "UM_ID": .integer(2), "UM_USER_NAME": .text(awkwardUser), "UM_COOKIE_VALUE": .text(long(1024, seed: 7 + tenant)),
                "UM_CREATED_TIME": w.time(2), "UM_TENANT_ID": t,
            ])
    }

    /// The `REG_*` rows, then the `REG_*` sequences.
    static func fillRegistry(_ connection: any DatabaseConnection) throws {
        let w = Rows(connection)
        try connection.exclusiveTransaction {
            let locks: [(String, String, SQLValue, Int)] = [
                ("DATABASE_LOCK", "UNLOCKED", .null, 0), ("lock 'ü'\t\\", "LOCKED", w.time(4), superTenant), ("", "", w.time(0), 1),
            ]
            for (name, status, when, tenant) in locks {
                try w.insert(
                    "REG_CLUSTER_LOCK",
                    ["REG_LOCK_NAME": .text(name), "REG_LOCK_STATUS": .text(status), "REG_LOCKED_TIME": when, "REG_TENANT_ID": .integer(Int64(tenant))])
            }
            for tenant in tenants { try fillRegistryTenant(tenant, w) }
            try advanceSequences(connection, prefix: "REG_")
        }
    }

    /// The binary values of content `id` (1…4) of a tenant: every byte, empty, NULL, 64 KB of noise.
    static func content(_ id: Int, tenant: Int) -> SQLValue {
        switch id {
        case 1: .blob(everyByte)
        case 2: .blob([])
        case 3: .null
        default: .blob(bytes(64 * 1024, seed: UInt64(bitPattern: Int64(tenant)) &+ 99))
        }
    }

    static func fillRegistryTenant(_ tenant: Int, _ w: Rows) throws {
        let t = SQLValue.integer(Int64(tenant))
        // Paths 1…4 in every tenant: the same ids, other values.
        let paths: [(Int, String, SQLValue)] = [
            (1, "/", .null),
            (2, "/_system", .integer(1)),
            (3, of(tenant, "/_system/governance/ünïcödé 'q' \"dq\" \\ \t😀\nline"), .integer(2)),
            // Near the column's width: 2000 on PostgreSQL and SQLite, 750 in WSO2's MySQL script.
            (4, "/_system/governance/" + long(w.connection.dialect.catalogEngine == .mysql ? 700 : 1800, seed: tenant), .integer(3)),
            (5, of(tenant, "/_system/\\N"), .integer(2)),
        ]
        for (id, value, parent) in paths {
            try w.insert("REG_PATH", ["REG_PATH_ID": .integer(Int64(id)), "REG_PATH_VALUE": .text(value), "REG_PATH_PARENT_ID": parent, "REG_TENANT_ID": t])
        }
        for id in 1...4 {
            try w.insert("REG_CONTENT", ["REG_CONTENT_ID": .integer(Int64(id)), "REG_CONTENT_DATA": content(id, tenant: tenant), "REG_TENANT_ID": t])
        }
        try w.insert(
            "REG_CONTENT_HISTORY",
            ["REG_CONTENT_ID": .integer(1), "REG_CONTENT_DATA": .blob(Array(everyByte.reversed())), "REG_DELETED": .integer(0), "REG_TENANT_ID": t])
        try w.insert("REG_CONTENT_HISTORY", ["REG_CONTENT_ID": .integer(2), "REG_CONTENT_DATA": .null, "REG_DELETED": .null, "REG_TENANT_ID": t])
        let resources: [(Int, SQLValue, Int, SQLValue, String, SQLValue, SQLValue, SQLValue)] = [
            (3, .text("api.json"), 1, .text("application/json; charset=\"utf-8\""), "admin", .null, .text(""), .integer(1)),
            (4, .null, 2, .null, short, .text(short), .null, .null),
            (3, .text("b\\c 'd'\t😀"), 3, .text("text/plain"), "admin", .text("admin"), .text(nasty), .integer(2)),
            (5, .text("\\N"), 4, .text(""), "\\.", .text(""), .text("\\N"), .integer(4)),
        ]
        for (path, name, version, media, creator, updator, description, content) in resources {
            try w.insert(
                "REG_RESOURCE",
                [
                    "REG_PATH_ID": .integer(Int64(path)), "REG_NAME": name, "REG_VERSION": .integer(Int64(version)), "REG_MEDIA_TYPE": media,
                    "REG_CREATOR": .text(creator), "REG_CREATED_TIME": w.time(version), "REG_LAST_UPDATOR": updator,
                    "REG_LAST_UPDATED_TIME": w.time(version + 1), "REG_DESCRIPTION": description, "REG_CONTENT_ID": content, "REG_TENANT_ID": t,
                    "REG_UUID": .text("\(tenant)-\(version)-5b6f1e2a-'uuid'"),
                ])
        }
        for (version, content, deleted) in [(1, SQLValue.integer(1), SQLValue.integer(0)), (2, .null, .integer(1))] {
            try w.insert(
                "REG_RESOURCE_HISTORY",
                [
                    "REG_PATH_ID": .integer(3), "REG_NAME": .text("api.json"), "REG_VERSION": .integer(Int64(version)), "REG_MEDIA_TYPE": .null,
                    "REG_CREATOR": .text(short), "REG_CREATED_TIME": w.time(version), "REG_LAST_UPDATOR": .null,
                    "REG_LAST_UPDATED_TIME": w.time(version), "REG_DESCRIPTION": .text(""), "REG_CONTENT_ID": content, "REG_DELETED": deleted,
                    "REG_TENANT_ID": t, "REG_UUID": .text("history-\(version)"),
                ])
        }
        for (id, text) in [(1, nasty), (2, ""), (3, long(500, seed: tenant))] {
            try w.insert(
                "REG_COMMENT",
                ["REG_ID": .integer(Int64(id)), "REG_COMMENT_TEXT": .text(text), "REG_USER_ID": .text(short), "REG_COMMENTED_TIME": w.time(id), "REG_TENANT_ID": t])
        }
        for (id, rating) in [(1, 5), (2, 0), (3, -1)] {
            try w.insert(
                "REG_RATING",
                ["REG_ID": .integer(Int64(id)), "REG_RATING": .integer(Int64(rating)), "REG_USER_ID": .text("admin"), "REG_RATED_TIME": w.time(id), "REG_TENANT_ID": t])
        }
        for (id, name) in [(1, "tag"), (2, "tåg 'x' \\ \t😀"), (3, "")] {
            try w.insert(
                "REG_TAG",
                ["REG_ID": .integer(Int64(id)), "REG_TAG_NAME": .text(name), "REG_USER_ID": .text(short), "REG_TAGGED_TIME": w.time(id), "REG_TENANT_ID": t])
        }
        let properties: [(String, SQLValue)] = [
            ("overview_name", .text(nasty)), ("empty", .text("")), ("null", .null), ("\\N", .text("\\N")), ("long", .text(long(1000, seed: tenant))),
        ] + markers.map { ("marker \($0)", SQLValue.text($0)) }
        for (index, (name, value)) in properties.enumerated() {
            try w.insert("REG_PROPERTY", ["REG_ID": .integer(Int64(index + 1)), "REG_NAME": .text(name), "REG_VALUE": value, "REG_TENANT_ID": t])
        }
        // The key-less link tables, with exact duplicate rows (as WSO2 writes when the same tag is added again).
        let links: [(table: String, key: String, ids: [Int])] = [
            ("REG_RESOURCE_COMMENT", "REG_COMMENT_ID", [1, 2, 3]), ("REG_RESOURCE_RATING", "REG_RATING_ID", [1, 2, 3]),
            ("REG_RESOURCE_TAG", "REG_TAG_ID", [1, 2, 3]), ("REG_RESOURCE_PROPERTY", "REG_PROPERTY_ID", Array(1...properties.count)),
        ]
        for link in links {
            for id in link.ids {
                // A resource by version (twice, identical), a collection by path and name, and a bare link (three times).
                let shapes: [([String: SQLValue], Int)] = [
                    (["REG_VERSION": .integer(1), "REG_PATH_ID": .integer(3), "REG_RESOURCE_NAME": .text("api.json")], 2),
                    (["REG_VERSION": .null, "REG_PATH_ID": .integer(4), "REG_RESOURCE_NAME": .null], 1),
                    (["REG_VERSION": .null, "REG_PATH_ID": .null, "REG_RESOURCE_NAME": .null], id == 1 ? 3 : 1),
                    (["REG_VERSION": .integer(3), "REG_PATH_ID": .integer(3), "REG_RESOURCE_NAME": .text("b\\c 'd'\t😀")], 1),
                ]
                for (values, copies) in shapes {
                    var row = values
                    row[link.key] = .integer(Int64(id))
                    row["REG_TENANT_ID"] = t
                    try w.insert(link.table, row, copies: copies)
                }
            }
        }
        for (id, value) in [(1, 1), (2, 2147483647)] {
            try w.insert(
                "REG_LOG",
                [
                    "REG_LOG_ID": .integer(Int64(id)), "REG_PATH": id == 1 ? .text(of(tenant, "/_system/governance/ünïcödé 'q'")) : .null,
                    "REG_USER_ID": .text(id == 1 ? short : "admin"), "REG_LOGGED_TIME": w.time(id + 2), "REG_ACTION": .integer(Int64(value)),
                    "REG_ACTION_DATA": id == 1 ? .text(nasty) : .text(""), "REG_TENANT_ID": t,
                ])
        }
        try w.insert(
            "REG_ASSOCIATION",
            [
                "REG_ASSOCIATION_ID": .integer(1), "REG_SOURCEPATH": .text("/_system/governance/a 'b'"),
                "REG_TARGETPATH": .text("/_system/governance/ü\\v\t"), "REG_ASSOCIATION_TYPE": .text("depends"), "REG_TENANT_ID": t,
            ])
        try w.insert(
            "REG_ASSOCIATION",
            [
                "REG_ASSOCIATION_ID": .integer(2), "REG_SOURCEPATH": .text(""), "REG_TARGETPATH": .text("\\N"),
                "REG_ASSOCIATION_TYPE": .text(nasty), "REG_TENANT_ID": t,
            ])
        try w.insert(
            "REG_SNAPSHOT",
            [
                "REG_SNAPSHOT_ID": .integer(1), "REG_PATH_ID": .integer(3), "REG_RESOURCE_NAME": .text("api.json"),
                "REG_RESOURCE_VIDS": .blob(Array(everyByte.reversed())), "REG_TENANT_ID": t,
            ])
        try w.insert(
            "REG_SNAPSHOT",
            ["REG_SNAPSHOT_ID": .integer(2), "REG_PATH_ID": .integer(4), "REG_RESOURCE_NAME": .null, "REG_RESOURCE_VIDS": .blob([0]), "REG_TENANT_ID": t])
    }

    /// Sets every sequence of the family to a position of its own, far past every id drawn from
    /// it: `nextval` would hand out `position + 1` next.
    static func advanceSequences(_ connection: any DatabaseConnection, prefix: String) throws {
        let dialect = connection.dialect
        if dialect.catalogEngine == .mysql {
            // AUTO_INCREMENT counters, the MySQL counterpart of sequences, each set to a different position.
            let schema = try Catalog.schema(for: .um, version: "2.6.0", engine: .mysql)
            let numbered = schema.tables.filter { $0.name.hasPrefix(prefix) && $0.columns.contains(where: \.isAutoIncrement) }
            for (index, table) in numbered.enumerated() {
                try connection.execute(dialect.restartSequenceSQL(table.name, next: Int64(5_001 + 101 * index)))
            }
            return
        }
        let schema = try Catalog.schema(for: .um, version: "2.6.0")
        for (index, sequence) in schema.sequences.filter({ $0.name.hasPrefix(prefix) }).enumerated() {
            let position = Int64(5_000 + 101 * index)
            if dialect.hasNativeSequences {
                _ = try connection.query("SELECT setval($1, $2)", .text(dialect.storedName(sequence.name)), .integer(position))
            } else {
                let changed = try connection.run(
                    SQLStatement("UPDATE \"wso2db_sequence\" SET \"next_value\" = ?1 WHERE \"name\" = ?2", [.integer(position + 1), .text(sequence.name)]))
                precondition(changed == 1, "no wso2db_sequence row for \(sequence.name)")
            }
        }
    }

    /// Writes rows by column name, with parameters (never spliced into SQL).
    final class Rows {
        let connection: any DatabaseConnection

        init(_ connection: any DatabaseConnection) { self.connection = connection }

        /// `AwkwardLegacyData.time`, in `mysqlStamps` on an engine whose TIMESTAMP holds less (MySQL).
        func time(_ index: Int) -> SQLValue {
            AwkwardLegacyData.time(index, in: connection.storedValueRules.timestampRange == nil ? stamps : mysqlStamps)
        }

        func insert(_ table: String, _ values: [String: SQLValue], copies: Int = 1) throws {
            let columns = values.keys.sorted()
            let dialect = connection.dialect
            let statement = dialect.insertStatement(
                .seeds, "row", into: dialect.quote(table), columns: columns, values: columns.map { .value(values[$0]!) }
            ).statement
            for _ in 0..<copies { try connection.run(statement) }
        }
    }
}
