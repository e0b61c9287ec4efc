/// An address with a prefix length: an interface address (`192.0.2.10/24`) or a
/// route destination. `network` masks the host bits away.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let length: Int

    public init?(address: IPAddress, length: Int) {
        guard length >= 0 && length <= address.bitWidth else { return nil }
        self.address = address
        self.length = length
    }

    /// `a.b.c.d/n`, `x::y/n`, or a bare address (a host prefix).
    public init?(_ text: String) {
        if let slash = text.firstIndex(of: "/") {
            guard let address = IPAddress(String(text[..<slash])),
                let length = Int(text[text.index(after: slash)...])
            else { return nil }
            self.init(address: address, length: length)
        } else {
            guard let address = IPAddress(text) else { return nil }
            self.init(address: address, length: address.bitWidth)
        }
    }

    public var mask: UInt128 {
        let width = address.bitWidth
        if length == 0 { return 0 }
        let ones: UInt128 = width == 128 ? ~0 : (UInt128(1) << UInt128(width)) - 1
        return ones ^ ((UInt128(1) << UInt128(width - length)) - 1)
    }

    public var network: IPAddress {
        address.family == .v4
            ? IPAddress(v4: UInt32(truncatingIfNeeded: address.bits & mask))
            : IPAddress(v6: address.bits & mask)
    }

    public var isHostPrefix: Bool { length == address.bitWidth }

    public func contains(_ other: IPAddress) -> Bool {
        other.family == address.family && (other.bits & mask) == (address.bits & mask)
    }

    public var description: String { "\(address)/\(length)" }

    /// The prefix length of a dotted netmask such as `255.255.255.0`; nil when the
    /// mask is not contiguous.
    public static func length(ofNetmask mask: UInt32) -> Int? {
        let ones = mask.leadingZeroBitCount == 0 ? (~mask).leadingZeroBitCount : 0
        if mask == 0 { return 0 }
        let expected: UInt32 = ones == 32 ? ~0 : ~(UInt32.max >> UInt32(ones))
        return mask == expected ? ones : nil
    }
}
