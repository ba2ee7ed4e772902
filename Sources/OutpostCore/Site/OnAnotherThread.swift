import Dispatch

/// Work started on another thread while the caller goes on with its own;
/// `value()` waits for it. The caller must ask for the value, even when it
/// no longer needs it, so that nothing the work holds outlives the caller.
final class OnAnotherThread<Value>: @unchecked Sendable {
  private let body: () throws -> Value
  private let done = DispatchSemaphore(value: 0)
  private var result: Result<Value, any Error>?

  init(_ body: @escaping () throws -> Value) {
    self.body = body
    DispatchQueue.global().async { [self] in
      result = Result(catching: self.body)
      done.signal()
    }
  }

  /// The work's value, or its error, once it is done. Asked once.
  func value() throws -> Value {
    done.wait()
    return try result!.get()
  }
}

/// Drops the last reference to an object on another thread, so that the
/// caller does not wait for it to be freed.
final class FreedElsewhere: @unchecked Sendable {
  private var object: AnyObject?

  private init(_ object: AnyObject) { self.object = object }

  static func free(_ object: consuming AnyObject) {
    let box = FreedElsewhere(object)
    DispatchQueue.global(qos: .utility).async { box.object = nil }
  }
}
