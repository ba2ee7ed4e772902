// swift-tools-version:6.1
// A benchmark of two HTTP clients for `outpost links check` (issue 14), kept
// out of the main package so that its build and CI never build SwiftNIO.
// `bench/http_clients.py` builds and runs it. With HTTP_CLIENTS_NO_AHC=1 in the
// environment the package has no dependency at all (URLSession only), which
// is how that script times a cold build without AsyncHTTPClient.
import PackageDescription

let withAHC = Context.environment["HTTP_CLIENTS_NO_AHC"] == nil

let package = Package(
  name: "http-clients",
  platforms: [.macOS(.v13)],
  dependencies: withAHC
    ? [.package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0")] : [],
  targets: [
    .executableTarget(
      name: "http-clients",
      dependencies: withAHC ? [.product(name: "AsyncHTTPClient", package: "async-http-client")] : []
    )
  ]
)
