import Foundation
import StepWriter

// Writes the generated schema operations of the WSO2_AM_DB steps (Migrations/AM/Generated) from the catalog.
// Run from the package root: `swift run wso2db-steps`; `--check` only reports files that would change (exit 1).
let checking = CommandLine.arguments.contains("--check")
var changed: [String] = []
do {
    for file in try StepWriter.amFiles() {
        let current = try? String(contentsOfFile: file.path, encoding: .utf8)
        guard current != file.text else { continue }
        changed.append(file.path)
        if !checking { try file.text.write(toFile: file.path, atomically: true, encoding: .utf8) }
    }
} catch {
    FileHandle.standardError.write(Data("wso2db-steps: error: \(error)\n".utf8))
    exit(2)
}
for path in changed { print((checking ? "would change " : "wrote ") + path) }
exit(checking && !changed.isEmpty ? 1 : 0)
