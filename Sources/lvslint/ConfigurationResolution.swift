import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import LVSRules

/// Which configuration applies to a description: `--config`, else the nearest
/// `.lvslint.yaml` from the description's folder up to the repository root, else none.
enum ConfigurationResolution {
    static func configuration(for description: String, explicit: String?) -> Result<Configuration, InputErrors> {
        let path = explicit ?? (description == "-" ? ConfigurationLoader.discover(from: FileManager.default.currentDirectoryPath + "/-")
                                                   : ConfigurationLoader.discover(from: description))
        guard let path else { return .success(Configuration()) }
        return ConfigurationLoader.load(path: path, rules: Catalogue.names)
    }
}
