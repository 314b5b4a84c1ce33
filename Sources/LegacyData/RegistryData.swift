import SQLDriver

/// The `REG_*` rows: a path tree per tenant with the governance registry of a few APIs (artifact,
/// swagger, documents, icons), older versions in the history tables, properties, tags, comments,
/// ratings, associations, snapshots and the activity log.
struct RegistryData {
    let generator: LegacyDataGenerator
    let writer: RowWriter
    var random: SplitMix64

    /// Rows written so far per key-less link table: every seventh is written twice, as WSO2 does
    /// when the same tag or property is attached again.
    var linkCounts: [String: Int] = [:]

    // Per tenant.
    var tenant = 0
    var pathID = 0
    var contentID = 0
    var version = 0
    var propertyID = 0
    var tagID = 0
    var commentID = 0
    var ratingID = 0
    var logID = 0
    var associationID = 0
    var snapshotID = 0
    var paths: [String: Int] = [:]

    init(generator: LegacyDataGenerator, writer: RowWriter) {
        self.generator = generator
        self.writer = writer
        random = SplitMix64(seed: generator.seed ^ 0x5245_475F_5245_475F)
    }

    /// A resource as the link tables point at it.
    struct Resource {
        var pathID: Int
        var path: String
        var name: String?
        var version: Int
    }

    static let tags = ["pizza", "food & drink", "ünïcode-tag", "rest", "beta\tversion", "O'Reilly", "back\\slash"]
    static let propertyNames = [
        "registry.lifecycle.APILifeCycle.state", "STATUS", "overview_name", "registry.link", "custom \"prop\"",
    ]

    mutating func write() throws {
        try writer.insert("REG_CLUSTER_LOCK", ["REG_LOCK_NAME", "REG_LOCK_STATUS", "REG_LOCKED_TIME", "REG_TENANT_ID"],
                          [.text("DATABASE_LOCK"), .text("UNLOCKED"), .null, .int(LegacyDataGenerator.superTenant)])
        try writer.insert("REG_CLUSTER_LOCK", ["REG_LOCK_NAME", "REG_LOCK_STATUS", "REG_LOCKED_TIME", "REG_TENANT_ID"],
                          [.text("INDEXING_LOCK"), .text("LOCKED"), .text(random.timestamp()), .int(0)])
        for size in generator.tenantSizes {
            try writeTenant(size.tenant, apis: size.apis)
        }
    }

    mutating func writeTenant(_ tenant: Int, apis: Int) throws {
        self.tenant = tenant
        (pathID, contentID, version, propertyID, tagID, commentID, ratingID, logID, associationID, snapshotID) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        paths = [:]
        let provider = "/_system/governance/apimgt/applicationdata/provider"
        for base in ["/", "/_system", "/_system/config", "/_system/governance", "/_system/local", "/_system/governance/apimgt",
                     "/_system/governance/apimgt/applicationdata", provider, "/_system/config/apimgt",
                     "/_system/governance/trash", "/_system/governance/trash/ünïcode 'quoted' \\ path\twith tab"] {
            _ = try self.path(base)
        }
        let config = try path("/_system/config/apimgt")
        _ = try resource(pathID: config, path: "/_system/config/apimgt", name: "tenant-conf.json", media: "application/json",
                         content: json("tenant-conf", size: random.int(1024...4096)))

        for api in 0..<apis {
            let owner = LegacyDataGenerator.userName(1 + api % 3)
            let name = api % 5 == 1 ? "Café API \(api)" : "PizzaShackAPI\(api)"
            let versionPath = "\(provider)/\(owner)/\(name)/1.0.\(api % 3)"
            let versionID = try path(versionPath)
            let artifact = try resource(
                pathID: versionID, path: versionPath, name: "api", media: "application/vnd.wso2-api+xml",
                content: definition(name), creator: owner)
            let swagger = try resource(
                pathID: versionID, path: versionPath, name: "swagger.json", media: "application/json",
                content: definition(name + " swagger"), creator: owner)
            let documents = try path(versionPath + "/documents")
            for document in 0..<(api % 3) {
                let doc = try resource(
                    pathID: documents, path: versionPath + "/documents", name: "doc-\(document).md", media: "text/markdown",
                    content: Array(("# \(name)\n\n" + Awkward.texts.joined(separator: "\n") + "\n").utf8), creator: owner)
                try attachProperty(doc, "overview_type", .text("InLine"))
            }
            if api % 4 == 0 {
                let large = generator.shape == .uniform && api % 32 == 0 && tenant == LegacyDataGenerator.superTenant
                let size = large ? generator.scale.largeBlobBytes : random.int(256...16 * 1024)
                _ = try resource(pathID: versionID, path: versionPath, name: "icon", media: "image/png",
                                 content: random.bytes(size), creator: owner)
            }
            if generator.shape == .registry {
                // 1% of the APIs carry a WSDL or an archive; the super tenant's first few, a very large value.
                let veryLarge = generator.veryLargeValues
                let size: Int? = tenant == LegacyDataGenerator.superTenant && api < veryLarge.count
                    ? veryLarge[api] : random.chance(3) ? random.int(256 * 1024...1 << 20) : nil
                if let size {
                    _ = try resource(pathID: versionID, path: versionPath, name: api % 2 == 0 ? "service.wsdl" : "bundle.zip",
                                     media: api % 2 == 0 ? "application/wsdl+xml" : "application/zip", content: random.bytes(size), creator: owner)
                }
            }

            for property in 0..<(2 + api % 3) {
                let value: SQLValue = property == 0 ? .text("PUBLISHED") : random.chance(20) ? .null : .text(random.pick(Awkward.texts))
                try attachProperty(artifact, Self.propertyNames[property % Self.propertyNames.count], value)
            }
            for tag in 0..<(1 + api % 2) {
                tagID += 1
                try writer.insert("REG_TAG", ["REG_ID", "REG_TAG_NAME", "REG_USER_ID", "REG_TAGGED_TIME", "REG_TENANT_ID"],
                                  [.int(tagID), .text(Self.tags[(api + tag) % Self.tags.count]), .text(owner), .text(random.timestamp()), .int(tenant)])
                try link("REG_RESOURCE_TAG", "REG_TAG_ID", tagID, artifact)
            }
            if api % 3 == 0 {
                commentID += 1
                try writer.insert("REG_COMMENT", ["REG_ID", "REG_COMMENT_TEXT", "REG_USER_ID", "REG_COMMENTED_TIME", "REG_TENANT_ID"],
                                  [.int(commentID), .text(random.pick(Awkward.texts)), .text("admin"), .text(random.timestamp()), .int(tenant)])
                try link("REG_RESOURCE_COMMENT", "REG_COMMENT_ID", commentID, artifact)
            }
            if api % 2 == 0 {
                ratingID += 1
                try writer.insert("REG_RATING", ["REG_ID", "REG_RATING", "REG_USER_ID", "REG_RATED_TIME", "REG_TENANT_ID"],
                                  [.int(ratingID), .int(random.int(1...5)), .text(owner), .text(random.timestamp()), .int(tenant)])
                try link("REG_RESOURCE_RATING", "REG_RATING_ID", ratingID, artifact)
            }
            associationID += 1
            try writer.insert(
                "REG_ASSOCIATION", ["REG_ASSOCIATION_ID", "REG_SOURCEPATH", "REG_TARGETPATH", "REG_ASSOCIATION_TYPE", "REG_TENANT_ID"],
                [.int(associationID), .text(versionPath + "/api"), .text(versionPath + "/swagger.json"), .text("depends"), .int(tenant)])
            if api % 5 == 0 {
                snapshotID += 1
                var vids: [UInt8] = []
                for id in [artifact.version, swagger.version] { vids += withUnsafeBytes(of: Int64(id).bigEndian, Array.init) }
                try writer.insert(
                    "REG_SNAPSHOT", ["REG_SNAPSHOT_ID", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_RESOURCE_VIDS", "REG_TENANT_ID"],
                    [.int(snapshotID), .int(versionID), api % 10 == 0 ? .null : .text("api"), .blob(vids), .int(tenant)])
            }
        }
    }

    /// The id of `value`, creating it (and its parents, each with a collection resource) when new.
    mutating func path(_ value: String) throws -> Int {
        if let id = paths[value] { return id }
        var parent: Int?
        if value != "/" {
            let cut = value.lastIndex(of: "/")!
            parent = try path(cut == value.startIndex ? "/" : String(value[..<cut]))
        }
        pathID += 1
        let id = pathID
        paths[value] = id
        try writer.insert("REG_PATH", ["REG_PATH_ID", "REG_PATH_VALUE", "REG_PATH_PARENT_ID", "REG_TENANT_ID"],
                          [.int(id), .text(value), .optional(parent), .int(tenant)])
        _ = try resource(pathID: id, path: value, name: nil, media: nil, content: nil)
        return id
    }

    /// A resource (a collection when `name` is nil) with its content; a third of them with an older
    /// version in the history tables. Each gets a log line.
    mutating func resource(
        pathID: Int, path: String, name: String?, media: String?, content: [UInt8]?, creator: String = "admin"
    ) throws -> Resource {
        let columns = ["REG_PATH_ID", "REG_NAME", "REG_VERSION", "REG_MEDIA_TYPE", "REG_CREATOR", "REG_CREATED_TIME",
                       "REG_LAST_UPDATOR", "REG_LAST_UPDATED_TIME", "REG_DESCRIPTION", "REG_CONTENT_ID"]
        let created = random.timestamp()
        let description: SQLValue = random.chance(40) ? .null : .text(random.pick(Awkward.texts))
        if content != nil, random.chance(33) {
            // The older version: its content, then its resource row.
            contentID += 1
            let old = contentID
            let oldData = Array(content!.prefix(max(1, content!.count / 2)))
            try writer.insert("REG_CONTENT_HISTORY", ["REG_CONTENT_ID", "REG_CONTENT_DATA", "REG_DELETED", "REG_TENANT_ID"],
                              [.int(old), old % 4 == 0 ? .null : .blob(oldData), old % 5 == 0 ? .null : .int(0), .int(tenant)])
            version += 1
            try writer.insert(
                "REG_RESOURCE_HISTORY", columns + ["REG_DELETED", "REG_TENANT_ID", "REG_UUID"],
                [.int(pathID), .optional(name), .int(version), .optional(media), .text(creator), .text(created), .text(creator),
                 .text(created), description, .int(old), .int(version % 9 == 0 ? 1 : 0), .int(tenant), .text(random.uuid())])
        }
        var contentValue = SQLValue.null
        if let content {
            contentID += 1
            // A registry shape's content row is NULL now and then (a resource whose content was cleared).
            let data: SQLValue = generator.shape == .registry && random.chance(3) ? .null : .blob(content)
            try writer.insert("REG_CONTENT", ["REG_CONTENT_ID", "REG_CONTENT_DATA", "REG_TENANT_ID"],
                              [.int(contentID), data, .int(tenant)])
            contentValue = .int(contentID)
        }
        version += 1
        try writer.insert(
            "REG_RESOURCE", columns + ["REG_TENANT_ID", "REG_UUID"],
            [.int(pathID), .optional(name), .int(version), .optional(media), .text(creator), .text(created),
             version % 6 == 0 ? .null : .text("admin"), .text(random.timestamp()), description, contentValue, .int(tenant),
             .text(random.uuid())])
        logID += 1
        let full = name.map { path == "/" ? "/" + $0 : path + "/" + $0 } ?? path
        try writer.insert(
            "REG_LOG", ["REG_LOG_ID", "REG_PATH", "REG_USER_ID", "REG_LOGGED_TIME", "REG_ACTION", "REG_ACTION_DATA", "REG_TENANT_ID"],
            [.int(logID), logID % 13 == 0 ? .null : .text(full), .text(creator), .text(created), .int(random.int(0...10)),
             random.chance(50) ? .null : .text(random.pick(Awkward.texts)), .int(tenant)])
        return Resource(pathID: pathID, path: path, name: name, version: version)
    }

    mutating func attachProperty(_ resource: Resource, _ name: String, _ value: SQLValue) throws {
        propertyID += 1
        try writer.insert("REG_PROPERTY", ["REG_ID", "REG_NAME", "REG_VALUE", "REG_TENANT_ID"],
                          [.int(propertyID), .text(name), value, .int(tenant)])
        try link("REG_RESOURCE_PROPERTY", "REG_PROPERTY_ID", propertyID, resource)
    }

    /// A row of a key-less link table: by version (versioned registry) or by path and name, as WSO2
    /// writes them; every seventh row twice.
    mutating func link(_ table: String, _ idColumn: String, _ id: Int, _ resource: Resource) throws {
        let count = linkCounts[table, default: 0]
        linkCounts[table] = count + 1
        let byVersion = count % 2 == 0
        try writer.insert(
            table, [idColumn, "REG_VERSION", "REG_PATH_ID", "REG_RESOURCE_NAME", "REG_TENANT_ID"],
            [.int(id), byVersion ? .int(resource.version) : .null, byVersion ? .null : .int(resource.pathID),
             byVersion ? .null : .optional(resource.name), .int(tenant)],
            copies: count % 7 == 0 ? 2 : 1)
    }

    /// An API's definition: 1–20 KB evenly in the uniform shape; in the others mostly a few KB
    /// (2 KB plus a square-law tail up to 22 KB, about 9 KB on average), as registries hold them.
    mutating func definition(_ name: String) -> [UInt8] {
        if generator.shape == .uniform { return json(name, size: random.int(1024...20 * 1024)) }
        let draw = random.int(0...1000)
        return json(name, size: 2048 + draw * draw * 20 / 1000)
    }

    /// An API definition of about `size` bytes of JSON, with awkward strings escaped inside.
    mutating func json(_ name: String, size: Int) -> [UInt8] {
        var text = "{\"name\":\(Awkward.json(name)),\"version\":\"1.0.0\",\"description\":\(Awkward.json(random.pick(Awkward.texts))),\"paths\":{"
        var index = 0
        while text.utf8.count < size - 2 {
            if index > 0 { text += "," }
            text += "\"/items/\(index)\":{\"get\":{\"summary\":\(Awkward.json(random.pick(Awkward.texts))),"
                + "\"x-auth-type\":\"Application & Application User\",\"x-throttling-tier\":\"Unlimited\","
                + "\"responses\":{\"200\":{\"description\":\"OK ✓\"}}}}"
            index += 1
        }
        text += "}}"
        return Array(text.utf8)
    }
}
