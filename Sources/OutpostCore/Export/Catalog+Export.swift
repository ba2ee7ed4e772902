import Foundation

/// Where exported bytes go.
public protocol ByteSink {
  mutating func write(_ bytes: [UInt8]) throws
}

/// A file descriptor (stdout, or an open temporary file).
public struct FileDescriptorSink: ByteSink {
  public let descriptor: Int32
  public init(descriptor: Int32) { self.descriptor = descriptor }

  public mutating func write(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw CatalogError("cannot write the output: \(String(cString: strerror(errno)))")
      }
      offset += written
    }
  }
}

extension Catalog {
  /// Writes the matching entries to `sink`, ordered by kind, then slug,
  /// buffering 256 KiB at a time. Returns the number of entries written.
  @discardableResult
  public func export(
    matching filter: EntryFilter, format: ExportFormat, to sink: inout some ByteSink,
    progress: ((Int) -> Void)? = nil
  ) throws -> Int {
    var encoder = EntryEncoder(format: format)
    var buffer = encoder.header()
    var count = 0
    try forEachEntry(matching: filter, sort: .kindSlug) { entry in
      encoder.append(entry, to: &buffer)
      count += 1
      if buffer.count >= 256 * 1024 {
        try sink.write(buffer)
        buffer.removeAll(keepingCapacity: true)
        progress?(count)
      }
    }
    buffer += encoder.footer()
    try sink.write(buffer)
    return count
  }

  /// Exports into `path` atomically: a temporary file beside it, renamed over
  /// it only once complete, so a failed export never leaves half a file.
  @discardableResult
  public func export(matching filter: EntryFilter, format: ExportFormat, toFile path: String) throws -> Int {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    let descriptor = Foundation.open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      throw CatalogError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
    var sink = FileDescriptorSink(descriptor: descriptor)
    do {
      let count = try export(matching: filter, format: format, to: &sink)
      guard fsync(descriptor) == 0, close(descriptor) == 0 else {
        throw CatalogError("cannot write \(path): \(String(cString: strerror(errno)))")
      }
      guard rename(temporary.path, path) == 0 else {
        throw CatalogError("cannot write \(path): \(String(cString: strerror(errno)))")
      }
      return count
    } catch {
      close(descriptor)
      unlink(temporary.path)
      throw error
    }
  }
}
