import Foundation
import LVSModel

/// The captures folder as one listing gives it: each entry's name with the type the listing
/// says (`DT_DIR`, `DT_REG`, `DT_LNK`, or `DT_UNKNOWN` where the file system does not say).
/// A host's `<host>/` and `<host>.txt` are then known from it: a fleet of 10,000 hosts asked
/// the file system for each with an `lstat`, two per host, most of them to hear that
/// `<host>.txt` is not there. Only an entry the listing does not type is examined again.
struct CapturesListing: Sendable {
    /// Every name but `.` and `..`, hidden ones too, in the order of their Strings.
    let names: [String]
    /// Each name's type, by the bytes of the name: a name is a path, and two spellings a
    /// String holds equal are two entries.
    private let types: [[UInt8]: UInt8]

    init(_ listed: [(name: String, type: UInt8)]) {
        names = listed.map(\.name).sorted()
        var types: [[UInt8]: UInt8] = [:]
        types.reserveCapacity(listed.count)
        for item in listed { types[Array(item.name.utf8)] = item.type }
        self.types = types
    }

    /// The listing of `directory`; nil when it cannot be listed (each host is then examined
    /// on its own, as it was before listings were kept).
    static func read(_ directory: String) -> CapturesListing? {
        CaptureFileReader.list(directory).map(CapturesListing.init)
    }

    /// What the listing says of one entry.
    enum Listed: Equatable {
        /// Not in the listing.
        case absent
        /// A folder, not a link to one.
        case folder
        /// A regular file, not a link to one.
        case file
        /// A link, a device, a FIFO, or a type the listing does not give: examined with `lstat`.
        case examine
    }

    func entry(_ name: String) -> Listed {
        guard let type = types[Array(name.utf8)] else { return .absent }
        switch type {
        case UInt8(DT_DIR): return .folder
        case UInt8(DT_REG): return .file
        default: return .examine
        }
    }
}
