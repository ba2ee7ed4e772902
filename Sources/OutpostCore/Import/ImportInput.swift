import Foundation

/// The largest story page or awesome list read: both are read whole, and no
/// real one comes near this.
let wholeTextLimit = 64 * 1024 * 1024

/// How much of an input is looked at to tell its format.
private let sniffLength = 64 * 1024

/// An opened input: a file, or standard input. A pipe cannot be read twice,
/// so when its format must be sniffed, its head is read and then fed again,
/// with the rest of the pipe, through a socket pair the readers stream from.
final class ImportInput: @unchecked Sendable {
  let path: String
  private(set) var descriptor: Int32 = -1
  private(set) var bytes: [UInt8]?
  /// The file's size, for the progress bar.
  private(set) var size: Int?
  private let lock = NSLock()
  private var pumpFailure: String?

  /// Why standard input could not be read to its end, once the import has
  /// read what it got: the input may look complete but be cut short.
  var readFailure: String? { lock.withLock { pumpFailure } }

  init(path: String) throws {
    self.path = path
    if path == "-" {
      descriptor = 0
      return
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CatalogError("cannot read \(path): no such file")
    }
    if isFolder.boolValue { throw CatalogError("cannot read \(path): it is a folder") }
    descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw CatalogError("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
  }

  func close() {
    if descriptor > 0 { _ = Foundation.close(descriptor) }
  }

  /// True when readers read descriptor 0 itself, which nothing closes.
  var isStandardInput: Bool { descriptor == 0 }

  /// Ends a read blocked on the socket that standard input is pumped
  /// through, so that an import that stopped early does not wait for a
  /// stalled writer. The pump then stops on its next send. Nothing for a
  /// file, whose reads never block for long.
  func interruptReads() {
    if path == "-", descriptor > 0 { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
  }

  func detectFormat() throws -> ImportFormat {
    if path != "-", let format = ImportFormat.fromExtension(path) { return format }
    if path == "-" { return try sniffStandardInput() }
    var head = [UInt8](repeating: 0, count: sniffLength)
    let count = pread(descriptor, &head, head.count, 0)
    return ImportFormat.sniff(Array(head.prefix(max(0, count))))
  }

  func jsonReader(_ name: String) -> JSONRecordReader {
    bytes.map { JSONRecordReader(bytes: $0, fileName: name) }
      ?? JSONRecordReader(fileDescriptor: descriptor, fileName: name)
  }

  func ndjsonReader(_ name: String) -> NDJSONRecordReader {
    bytes.map { NDJSONRecordReader(bytes: $0, fileName: name) }
      ?? NDJSONRecordReader(fileDescriptor: descriptor, fileName: name)
  }

  func csvReader(_ name: String, delimiter: UInt8?) -> CSVReader {
    bytes.map { CSVReader(bytes: $0, fileName: name, delimiter: delimiter) }
      ?? CSVReader(fileDescriptor: descriptor, fileName: name, delimiter: delimiter)
  }

  /// Reads the head of standard input and returns its format; a longer
  /// input goes on streaming through a pump thread, so memory stays flat.
  private func sniffStandardInput() throws -> ImportFormat {
    var head: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: sniffLength)
    while head.count < sniffLength {
      let count = read(0, &chunk, sniffLength - head.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw CatalogError("cannot read stdin: \(String(cString: strerror(errno)))")
      }
      if count == 0 {
        bytes = head  // the whole input
        return ImportFormat.sniff(head)
      }
      head += chunk.prefix(count)
    }
    var pair: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else {
      bytes = try head + readAll(limit: nil)
      return ImportFormat.sniff(head)
    }
    descriptor = pair[0]
    let writer = pair[1]
    Thread.detachNewThread { [self, head] in pump(head, to: writer) }
    return ImportFormat.sniff(head)
  }

  /// Feeds `head`, then the rest of standard input, into `socket`. A socket
  /// rather than a pipe: when the import stops early, `send` fails with
  /// EPIPE instead of raising SIGPIPE, and the pump just stops.
  private func pump(_ head: [UInt8], to socket: Int32) {
    defer { _ = Foundation.close(socket) }
    func sendAll(_ bytes: ArraySlice<UInt8>) -> Bool {
      var offset = bytes.startIndex
      while offset < bytes.endIndex {
        let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += sent
      }
      return true
    }
    guard sendAll(head[...]) else { return }
    var chunk = [UInt8](repeating: 0, count: sniffLength)
    while true {
      let count = read(0, &chunk, chunk.count)
      if count < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        lock.withLock { pumpFailure = "cannot read stdin to its end: \(reason); nothing was imported" }
        return
      }
      guard count > 0, sendAll(chunk[..<count]) else { return }
    }
  }

  /// The whole input as text, for the page and awesome formats.
  func wholeText(_ name: String) throws -> String {
    let data = try bytes ?? readAll(limit: wholeTextLimit)
    guard let text = String(validating: data, as: UTF8.self) else {
      throw InputProblem(Self.firstInvalidUTF8(in: data, file: name), "the file is not valid UTF-8; save it as UTF-8")
    }
    if let nul = data.firstIndex(of: 0) {
      throw InputProblem(Self.location(ofByte: nul, in: data, file: name), "NUL byte in the file; is it a binary file?")
    }
    return text
  }

  /// Where the first byte that is not UTF-8 is, as line and column (in characters).
  static func firstInvalidUTF8(in bytes: [UInt8], file: String) -> SourceLocation {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var line = 1
    var column = 1
    while case .scalarValue(let scalar) = decoder.decode(&iterator) {
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return SourceLocation(file: file, line: line, column: column)
  }

  /// The line and column of byte `offset` of valid UTF-8 `bytes`.
  static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
    let before = bytes[..<offset]
    let lineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? 0
    let line = before.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
    // Count scalars, not bytes: continuation bytes start with 0b10.
    let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
    return SourceLocation(file: file, line: line, column: column)
  }

  private func readAll(limit: Int?) throws -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = read(descriptor, &chunk, chunk.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw CatalogError("cannot read \(path): \(String(cString: strerror(errno)))")
      }
      if count == 0 { break }
      result += chunk.prefix(count)
      if let limit, result.count > limit {
        throw InputProblem(
          SourceLocation(file: path), "the file is larger than \(limit / 1024 / 1024) MiB; is it the right file?")
      }
    }
    return result
  }
}
