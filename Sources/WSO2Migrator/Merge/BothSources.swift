import Foundation
import SQLDriver

extension MergeSources {
    /// Runs `body` for each role on its source's connection: the two at once, the registry's on a
    /// thread of its own, when the sources are two connections (the checks of one source never
    /// need the other's); one after the other when one connection serves both. Throws what running
    /// them in role order would: the user-management source's error first.
    static func forEach<T>(
        _ sources: [LegacyRole: any DatabaseConnection], sameSource: Bool, _ body: (LegacyRole, any DatabaseConnection) throws -> T
    ) throws -> [LegacyRole: T] {
        guard !sameSource else {
            var results: [LegacyRole: T] = [:]
            for role in LegacyRole.allCases { results[role] = try body(role, sources[role]!) }
            return results
        }
        return try withoutActuallyEscaping(body) { body in
            let beside = Beside { try body(.reg, sources[.reg]!) }
            let um = Result { try body(.um, sources[.um]!) }
            // Waited for whatever happened here: the other thread lets go of its connection first.
            let reg = beside.result()
            return [.um: try um.get(), .reg: try reg.get()]
        }
    }
}
