import Foundation
import PackagePlugin

/// Turns each translation catalogue (Catalogues/*.po of the target) into a Swift source file
/// holding it as a string, at build time: the PO files stay the only copy in the repository.
@main
struct EmbedCatalogues: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.directoryURL.appendingPathComponent("Catalogues")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".po") }.sorted()
        let tool = try context.tool(named: "lvslint-embed")
        return files.map { file in
            let input = folder.appendingPathComponent(file)
            // zh-CN.rules.po -> zh_CN_rules_po
            let name = String(file.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            let output = context.pluginWorkDirectoryURL.appendingPathComponent("\(name).swift")
            return .buildCommand(
                displayName: "Embedding \(file)", executable: tool.url, arguments: [input.path, output.path, name],
                inputFiles: [input], outputFiles: [output])
        }
    }
}
