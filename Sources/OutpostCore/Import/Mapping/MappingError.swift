/// A `--map` that does not fit the file.
public struct MappingError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
