import Glibc

/// Writes to a file descriptor with `write(2)`, reporting failure instead of trapping.
/// Foundation's `FileHandle.write` stops the process on EPIPE (a reader such as `head` went
/// away), which would skip the clean-up (the lab's namespaces) that must still run.
public enum FileDescriptorWriter {
    /// True when every byte was written; false on any error (EPIPE included).
    @discardableResult
    public static func write(_ descriptor: Int32, _ text: String) -> Bool {
        write(descriptor, bytes: Array(text.utf8))
    }

    @discardableResult
    public static func write(_ descriptor: Int32, bytes: [UInt8]) -> Bool {
        var bytes = bytes
        return bytes.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var done = 0
            while done < buffer.count {
                let written = Glibc.write(descriptor, base + done, buffer.count - done)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += written
            }
            return true
        }
    }
}
