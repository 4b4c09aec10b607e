using System;
using System.IO;

namespace RealtimeOps.CatalogGenerator
{
    /// <summary>
    /// build.ps1 Catalog: regenerate Catalog/ga-fields.json from an OpenAPI document and the overlay, and docs/rules.md
    /// from Catalog/rules.json. Exit code 0 on success, 1 with a message on bad input.
    /// Usage: RealtimeOps.CatalogGenerator --openapi spec.yml --overlay azure-overlay.json --tables ga-fields.json
    ///        --rules rules.json --rules-template rules.template.md --rules-doc docs/rules.md
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            try
            {
                string? openApi = null, overlay = null, tables = null, rules = null, template = null, rulesDoc = null;
                for (var i = 0; i + 1 < args.Length; i += 2)
                {
                    switch (args[i])
                    {
                        case "--openapi": openApi = args[i + 1]; break;
                        case "--overlay": overlay = args[i + 1]; break;
                        case "--tables": tables = args[i + 1]; break;
                        case "--rules": rules = args[i + 1]; break;
                        case "--rules-template": template = args[i + 1]; break;
                        case "--rules-doc": rulesDoc = args[i + 1]; break;
                        default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
                    }
                }
                if (openApi != null && overlay != null && tables != null)
                {
                    WriteIfChanged(tables, OpenApiTables.Generate(File.ReadAllText(openApi), File.ReadAllText(overlay)));
                }
                if (rules != null && template != null && rulesDoc != null)
                {
                    WriteIfChanged(rulesDoc, RulesDocument.Render(File.ReadAllText(rules), File.ReadAllText(template)));
                }
                return 0;
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is ArgumentException || e is UnauthorizedAccessException ||
                                      e is YamlDotNet.Core.YamlException || e is System.Text.Json.JsonException)
            {
                Console.Error.WriteLine("Catalog generation failed: " + e.Message);
                return 1;
            }
        }

        private static void WriteIfChanged(string path, string text)
        {
            if (File.Exists(path) && File.ReadAllText(path) == text) { Console.WriteLine($"{path}: unchanged"); return; }
            var temp = path + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
            Console.WriteLine($"{path}: written");
        }
    }
}
