import Foundation

/// A captures folder named on a command line (`--captures DIR`, `infer DIR`, `check DIR`):
/// what is wrong with it, said the same way by every command.
public enum CapturesFolder {
    /// Nil when `path` is a folder (and, when `needsHosts`, holds a `<host>/` folder or a
    /// `<host>.txt` bundle); else what is wrong, as words to follow the path.
    public static func problem(_ path: String, needsHosts: Bool) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such folder" }
        guard isFolder.boolValue else { return "not a folder" }
        if needsHosts && Inference.hosts(in: path).isEmpty { return "holds no <host>/ folder or <host>.txt bundle" }
        return nil
    }
}
