import Foundation
import SystemPackage

/// The rejects file of an import (`--rejects FILE`): every refused record,
/// in the input's own format, with the reasons it was refused, so that
/// fixing FILE and importing it completes the import.
///
/// Records are written as they are refused, to a temporary file beside FILE,
/// so memory stays flat however many are refused. FILE is replaced only once
/// the import's transaction has ended well (`commit`), never half-written,
/// and not at all when the import fails: then nothing was imported, and the
/// whole input is still the file to fix. When nothing was refused, FILE is
/// not written, and one left by an earlier import is removed, so that after
/// an import FILE holds exactly the rows it refused or does not exist.
final class RejectsFile {
  /// How the input's records are written back.
  enum Shape {
    case csv
    /// A JSON array, one object a line; an input `{"tools": […]}` gives a plain array.
    case jsonArray
    case jsonLines
    /// An awesome list: the refused item lines under their headings.
    case markdown
  }

  let path: String
  let shape: Shape
  /// The input's name, for the title of a Markdown rejects file.
  let inputName: String
  /// The input's whole text, for the Markdown shape: its lines and headings.
  var text: String?
  /// How many records were refused.
  private(set) var count = 0

  /// Bytes not yet written to the temporary file.
  var pending: [UInt8] = []
  /// CSV: which column holds the reasons, once the header is written.
  var errorColumn: Int?
  /// Markdown: the refused lines and their reasons, written at the end in
  /// file order, each under its headings.
  var refusedLines: [(line: Int, reason: String)] = []

  private let temporary: String
  private var descriptor: FileDescriptor?
  private var closed = false

  /// A rejects file for the input `inputPath` (`-` for stdin) of `format`:
  /// never a story page, never the input itself (`RejectsError`). Nothing is
  /// created until a record is refused.
  init(path: String, format: ImportFormat, inputName: String, inputPath: String) throws {
    switch format {
    case .csv: shape = .csv
    case .json, .auto: shape = .jsonArray
    case .ndjson: shape = .jsonLines
    case .awesome: shape = .markdown
    case .outpostPage: throw RejectsError.storyPage
    }
    self.path = path
    self.inputName = inputName
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw CatalogError("cannot write the rejects file \(path): there is no folder \(folder)")
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      if isFolder.boolValue { throw CatalogError("cannot write the rejects file \(path): it is a folder") }
      if inputPath != "-", Self.sameFile(path, inputPath) { throw RejectsError.sameAsInput(path) }
    }
    temporary =
      url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
  }

  deinit { discard() }

  /// Writes `original` to the file, refused for `problems`.
  func refuse(_ original: OriginalRecord, for problems: ProblemList) throws {
    let reason = problems.messages.map(InputProblem.printable).joined(separator: " | ")
    count += 1
    switch shape {
    case .csv: appendCSV(original, reason: reason)
    case .jsonArray, .jsonLines: appendJSON(original, reason: reason)
    case .markdown:
      if case .line(let line) = original { refusedLines.append((line, reason)) }
    }
    if pending.count >= 64 * 1024 { try flush() }
  }

  /// Ends the file once every record is refused: its closing bytes written
  /// and on disk. Call before the import's transaction commits, so that a
  /// file that cannot be written fails the import rather than lose its rows.
  func finish() throws {
    guard count > 0 else { return }
    switch shape {
    case .jsonArray: pending.append(contentsOf: "\n]\n".utf8)
    case .markdown: appendMarkdown()
    case .csv, .jsonLines: break
    }
    try flush()
    guard let descriptor else { return }
    let synced = fsync(descriptor.rawValue) == 0 ? nil : Errno(rawValue: errno)
    closed = true
    do { try descriptor.close() } catch { throw failure(error) }
    if let synced { throw failure(synced) }
  }

  /// Puts the finished file in place, once the import has ended well; true
  /// when nothing was refused and a rejects file of an earlier import was removed.
  func commit() throws -> Bool {
    guard count > 0 else {
      guard FileManager.default.fileExists(atPath: path) else { return false }
      do {
        try FileManager.default.removeItem(atPath: path)
      } catch {
        throw CatalogError("cannot remove the earlier rejects file \(path): \(error.localizedDescription)")
      }
      return true
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno)).lowercased()
      throw CatalogError("cannot write the rejects file \(path): \(reason); the refused rows are in \(temporary)")
    }
    descriptor = nil
    return false
  }

  /// Removes the temporary file of an import that failed.
  func discard() {
    guard let descriptor else { return }
    if !closed { try? descriptor.close() }
    self.descriptor = nil
    unlink(temporary)
  }

  private func flush() throws {
    guard !pending.isEmpty else { return }
    do {
      if descriptor == nil {
        descriptor = try FileDescriptor.open(
          temporary, .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead])
      }
      _ = try descriptor!.writeAll(pending)
    } catch {
      throw failure(error)
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// Whether the two paths name one file, through links or other spellings.
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var first = stat()
    var second = stat()
    guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino
  }

  private func failure(_ error: any Error) -> CatalogError {
    let reason = (error as? Errno)?.description ?? "\(error)"
    return CatalogError("cannot write the rejects file \(path): \(reason.lowercased()); nothing was imported")
  }
}
