import Foundation
import SystemPackage

/// Where exported bytes go.
public protocol ByteSink {
  mutating func write(_ bytes: [UInt8]) throws
}

/// A file descriptor (stdout, or an open temporary file).
public struct FileDescriptorSink: ByteSink {
  public let descriptor: Int32
  /// How messages name the destination: "the output", or the file's path.
  public var name: String

  public init(descriptor: Int32, name: String = "the output") {
    self.descriptor = descriptor
    self.name = name
  }

  public mutating func write(_ bytes: [UInt8]) throws {
    do {
      _ = try FileDescriptor(rawValue: descriptor).writeAll(bytes)
    } catch {
      throw WriteFailure(destination: name, reason: "\((error as? Errno)?.description ?? "\(error)")".lowercased())
    }
  }
}

/// Bytes that could not be written to the output.
public struct WriteFailure: Error, Sendable, CustomStringConvertible {
  /// "the output", or a file's path.
  public var destination: String
  /// The system's reason, lower-case: "no space left on device".
  public var reason: String
  public var description: String { "cannot write \(destination): \(reason)" }
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
  /// it only once complete, so a failed export never leaves half a file and
  /// an existing file at `path` stays as it was.
  @discardableResult
  public func export(
    matching filter: EntryFilter, format: ExportFormat, toFile path: String, progress: ((Int) -> Void)? = nil
  ) throws -> Int {
    try Self.writeAtomically(to: path) { sink in
      try export(matching: filter, format: format, to: &sink, progress: progress)
    }
  }

  /// Runs `body` on a temporary file beside `path`, then renames it over
  /// `path`; on any failure the temporary file goes and `path` is untouched.
  static func writeAtomically<T>(to path: String, _ body: (inout FileDescriptorSink) throws -> T) throws -> T {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
    let existed = FileManager.default.fileExists(atPath: path)
    func failure(_ reason: String) -> CatalogError {
      CatalogError(
        "cannot write \(path): \(reason); " + (existed ? "\(path) was left as it was" : "nothing was written"))
    }
    func lastError() -> String { String(cString: strerror(errno)).lowercased() }
    let descriptor = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw failure(lastError()) }
    var open = true
    var renamed = false
    defer {
      // Whatever went wrong, no temporary file is left behind.
      if open { close(descriptor) }
      if !renamed { unlink(temporary) }
    }
    var sink = FileDescriptorSink(descriptor: descriptor, name: path)
    let result: T
    do {
      result = try body(&sink)
    } catch let error as WriteFailure {
      throw failure(error.reason)
    }
    guard fsync(descriptor) == 0 else { throw failure(lastError()) }
    open = false
    guard close(descriptor) == 0 else { throw failure(lastError()) }
    guard rename(temporary, path) == 0 else { throw failure(lastError()) }
    renamed = true
    return result
  }
}
