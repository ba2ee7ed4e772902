// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "Outpost",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "outpost", targets: ["outpost"]),
    .executable(name: "outpost-link-probe", targets: ["outpost-link-probe"]),
    .library(name: "OutpostCore", targets: ["OutpostCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    .executableTarget(
      name: "outpost",
      dependencies: [
        "OutpostCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Rainbow", package: "Rainbow"),
      ],
      // A release binary is linked at a fixed address (not position-
      // independent): the loader then has no 135 000 relative relocations to
      // write into the binary's data pages at every start, which took a
      // quarter of a one-entry command (`--version`: 23.2 → 17.5 ms of CPU).
      // The cost is that the executable itself is not placed at a random
      // address; its libraries, stack and heap still are.
      linkerSettings: [
        .unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    // `outpost links check`'s HTTP requests, in an executable of their own:
    // URLSession on Linux links libcurl and thirty libraries that every
    // other command would otherwise load at start (LinkProbeMessage.swift).
    .executableTarget(
      name: "outpost-link-probe",
      dependencies: [
        "OutpostLinkProbe",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      linkerSettings: [
        .unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    .target(name: "OutpostLinkProbe", dependencies: ["OutpostCore"]),
    .target(
      name: "OutpostCore",
      dependencies: [
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SystemPackage", package: "swift-system"),
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      plugins: ["EmbedCatalogFiles"]
    ),
    // Turns Migrations/*.sql and seed/*.json into Swift source, so the
    // release binary copied alone still carries its schema and seed.
    .executableTarget(name: "EmbedTool"),
    .plugin(
      name: "EmbedCatalogFiles",
      capability: .buildTool(),
      dependencies: ["EmbedTool"]
    ),
    .testTarget(
      name: "OutpostCoreTests",
      dependencies: ["OutpostCore"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "OutpostLinkProbeTests", dependencies: ["OutpostLinkProbe"]),
    // End-to-end: runs the built `outpost`. Depending on it makes
    // `swift test` build the binary first.
    .testTarget(
      name: "outpostTests",
      dependencies: ["OutpostCore", "outpost", "outpost-link-probe", .product(name: "GRDB", package: "GRDB.swift")]
    ),
  ]
)
