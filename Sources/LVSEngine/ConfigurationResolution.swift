import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import LVSRules

/// Which configuration applies to a description: `--config`, else the nearest
/// `.lvslint.yaml` from the description's folder up to the repository root, else none.
enum ConfigurationResolution {
    static func configuration(for description: String, explicit: String?) -> Result<Configuration, InputErrors> {
        var path = explicit
        if explicit == nil {
            let discovery = ConfigurationLoader.discover(from: description == "-" ? FileManager.default.currentDirectoryPath + "/-" : description)
            for (ignored, reason) in discovery.ignored {
                Terminal.error("lvslint: warning: \(ignored) is ignored: \(reason)\n")
            }
            path = discovery.path
        }
        guard let path else { return .success(Configuration()) }
        return ConfigurationLoader.load(path: path, rules: Catalogue.names)
    }
}
