import Foundation
import SystemPackage

/// The largest story page or awesome list read: both are read whole, and no
/// real one comes near this.
let wholeTextLimit = 64 * 1024 * 1024

/// How much of an input is looked at to tell its format.
private let sniffLength = 64 * 1024

/// An opened input: a file, or standard input. A pipe cannot be read twice,
/// so when its format must be told, its head is read and handed to the
/// reader with the pipe (`ByteSource.file(_:after:)`).
final class ImportInput {
  let path: String
  private let descriptor: FileDescriptor
  /// What the readers read.
  private(set) var source: ByteSource
  /// The file's size, for the progress bar.
  private(set) var size: Int?

  init(path: String) throws {
    self.path = path
    if path == "-" {
      descriptor = .standardInput
      source = .file(descriptor.rawValue)
      return
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CatalogError("cannot read \(path): no such file")
    }
    if isFolder.boolValue { throw CatalogError("cannot read \(path): it is a folder") }
    do {
      descriptor = try FileDescriptor.open(path, .readOnly)
    } catch {
      throw CatalogError("cannot read \(path): \(error)")
    }
    source = .file(descriptor.rawValue)
    size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
  }

  func close() {
    if !isStandardInput { try? descriptor.close() }
  }

  /// True on standard input, which nothing closes and a read on which
  /// nothing can interrupt.
  var isStandardInput: Bool { path == "-" }

  func detectFormat() throws -> ImportFormat {
    if !isStandardInput, let format = ImportFormat.fromExtension(path) { return format }
    if isStandardInput { return try sniffStandardInput() }
    var head = [UInt8](repeating: 0, count: sniffLength)
    let count = head.withUnsafeMutableBytes { (try? descriptor.read(fromAbsoluteOffset: 0, into: $0)) ?? 0 }
    return ImportFormat.sniff(Array(head.prefix(count)))
  }

  /// Reads the head of standard input and returns its format; the readers
  /// are handed that head and read the rest of the pipe behind it.
  private func sniffStandardInput() throws -> ImportFormat {
    let head = try read(upTo: sniffLength)
    source = head.count < sniffLength ? .bytes(head) : .file(descriptor.rawValue, after: head)
    return ImportFormat.sniff(head)
  }

  /// The whole input as text, for the page and awesome formats.
  func wholeText(_ name: String) throws -> String {
    var bytes = source.head
    if source.descriptor != nil {
      bytes += try read(upTo: wholeTextLimit + 1 - bytes.count)
      if bytes.count > wholeTextLimit {
        throw InputProblem(
          SourceLocation(file: path),
          "the file is larger than \(wholeTextLimit / 1024 / 1024) MiB; is it the right file?")
      }
    }
    return try InputText.decode(bytes, file: name)
  }

  /// Up to `limit` bytes from the descriptor's current offset: fewer only at its end.
  private func read(upTo limit: Int) throws -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while result.count < limit {
      let wanted = min(chunk.count, limit - result.count)
      let count: Int
      do {
        count = try chunk.withUnsafeMutableBytes {
          try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted]))
        }
      } catch {
        throw CatalogError("cannot read \(isStandardInput ? "stdin" : path): \(error)")
      }
      if count == 0 { break }
      result += chunk.prefix(count)
    }
    return result
  }
}
