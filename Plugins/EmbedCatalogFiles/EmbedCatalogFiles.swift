import Foundation
import PackagePlugin

/// Embeds `Migrations/*.sql`, `seed/*.json` and the site's default templates
/// (`Templates/*.mustache`, `*.css`, `*.js`) into OutpostCore at build time.
///
/// A resource bundle would sit beside the binary and be lost when the binary
/// is copied alone; generated Swift source travels inside it.
@main
struct EmbedCatalogFiles: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let root = context.package.directoryURL
    let inputs =
      try files(in: root.appending(path: "Migrations"), ext: "sql")
      + files(in: root.appending(path: "seed"), ext: "json")
    let templates = ["mustache", "css", "js"].flatMap { ext in
      (try? files(in: root.appending(path: "Templates"), ext: ext)) ?? []
    }
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(inputs.count) migration and seed files and \(templates.count) site templates",
        executable: try context.tool(named: "EmbedTool").url,
        arguments: [output.path] + (inputs + templates).map(\.path),
        inputFiles: inputs + templates,
        outputFiles: [output]
      )
    ]
  }

  private func files(in folder: URL, ext: String) throws -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix("." + ext) }.sorted().map { folder.appending(path: $0) }
  }
}
