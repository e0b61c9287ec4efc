import Foundation
import LVSDescription
import LVSModel
import LVSRules

/// Which configuration applies to a description: `--config`, else the nearest
/// `.lvslint.yaml` from the description's folder up to the repository root, else none.
public enum ConfigurationResolution {
    /// `warn` hears of each configuration file found and ignored, with the reason.
    public static func configuration(
        for description: String, explicit: String?,
        warn: (String) -> Void = { _ in }
    ) -> Result<Configuration, InputErrors> {
        var path = explicit
        if explicit == nil {
            let discovery = ConfigurationLoader.discover(from: description == "-" ? FileManager.default.currentDirectoryPath + "/-" : description)
            for (ignored, reason) in discovery.ignored {
                warn("lvslint: warning: \(DisplayPath.relative(ignored)) is ignored: \(reason)")
            }
            path = discovery.path.map { DisplayPath.relative($0) }
        }
        guard let path else { return .success(Configuration()) }
        return ConfigurationLoader.load(path: path, rules: Catalogue.names)
    }
}
