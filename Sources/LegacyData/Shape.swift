/// What the generated data looks like, beyond how much of it there is: the merge's speed depends on
/// the sizes of its values and on how rows spread over tables and tenants, so the benchmark runs on
/// several shapes, not only the one the merge was tuned on.
public enum Shape: String, CaseIterable, Sendable {
    /// The original shape: a large super tenant and small, equal tenants; API definitions of 1–20 KB,
    /// a few 1 MB icons; users with five or six claims.
    case uniform
    /// As a registry of a busy API-M holds it: many small API definitions (swagger-like JSON of a
    /// few KB), 1% WSDL/ZIP-like binaries of 256 KB–1 MB, 3% NULL content, a few values of 4–8 MB;
    /// users with 25–45 claims each, roles with 40 permissions each. At scale 40 about 12,000
    /// `REG_CONTENT` rows of about 180 MB and 320,000 `UM_USER_ATTRIBUTE` rows.
    case registry
    /// Many tenants of very uneven size: 20 per scale step, tenant k holding about 1/k of the
    /// largest one's users and APIs (Zipf), the smallest a couple of users and one API.
    case tenants

    /// One line for help texts and reports.
    public var summary: String {
        switch self {
        case .uniform: "big super tenant, equal small tenants, 1-20 KB definitions"
        case .registry: "few-KB JSON definitions, 1% 256 KB-1 MB binaries, 3% NULL, users with 25-45 claims, roles with 40 permissions"
        case .tenants: "20 tenants per scale step, Zipf-sized"
        }
    }
}

/// How much one tenant holds.
public struct TenantSize: Sendable, Hashable {
    /// The tenant's id (-1234 for the super tenant).
    public var tenant: Int
    /// Users of its user store.
    public var users: Int
    /// User-store roles besides admin, `Internal "ops"` and developers.
    public var extraRoles: Int
    /// APIs in its registry (each a few resources).
    public var apis: Int
}

extension LegacyDataGenerator {
    /// Every tenant that holds data, the super tenant first, with what it holds.
    public var tenantSizes: [TenantSize] {
        let factor = scale.factor
        let superTenant = Self.superTenant
        switch shape {
        case .uniform:
            return [TenantSize(tenant: superTenant, users: scale.superTenantUsers, extraRoles: scale.superTenantRoles, apis: scale.superTenantAPIs)]
                + (1...scale.tenants).map { TenantSize(tenant: $0, users: scale.tenantUsers, extraRoles: scale.tenantRoles, apis: scale.tenantAPIs) }
        case .registry:
            return [TenantSize(tenant: superTenant, users: 160 * factor, extraRoles: 6 * factor, apis: 80 * factor)]
                + (1...(2 * factor)).map { TenantSize(tenant: $0, users: 20, extraRoles: 4, apis: 6) }
        case .tenants:
            // Rank 1 is the super tenant; tenant k (rank k + 1) holds 1/(k + 1) of it.
            return (1...(20 * factor)).map { rank in
                TenantSize(
                    tenant: rank == 1 ? superTenant : rank - 1, users: max(2, 60 * factor / rank), extraRoles: max(1, 4 * factor / rank),
                    apis: max(1, 20 * factor / rank))
            }
        }
    }

    /// Claims each user has beyond the usual five or six (`UM_USER_ATTRIBUTE` rows).
    var extraClaimsPerUser: ClosedRange<Int>? { shape == .registry ? 25...45 : nil }

    /// Permissions each extra role holds, from a catalog of `rolePermissionCatalog` per tenant.
    var permissionsPerRole: Int? { shape == .registry ? 40 : nil }
    /// Permission resources per tenant that roles draw from (coprime with the stride 13 that picks them).
    var rolePermissionCatalog: Int { 200 }

    /// The values of the few very large `REG_CONTENT` rows of the super tenant, in bytes.
    var veryLargeValues: [Int] {
        guard shape == .registry else { return [] }
        return (0..<max(1, scale.factor / 20)).map { (4 << 20) + ($0 % 5) * (1 << 20) }
    }
}
