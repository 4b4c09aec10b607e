using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace RealtimeOps.HelpCompiler
{
    /// <summary>
    /// dotnet run -- --input docs/en-US --output out/RealtimeOps/0.1.0/en-US --module RealtimeOps
    /// Exit codes: 0 compiled, 1 a page is incomplete or malformed (each problem printed as file:line: message), 2 bad command line.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string input = null, output = null, module = null;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : null;
                switch (args[i])
                {
                    case "--input": input = Next(); break;
                    case "--output": output = Next(); break;
                    case "--module": module = Next(); break;
                    default: return Usage($"unknown argument '{args[i]}'.");
                }
            }
            if (input == null || output == null || module == null) return Usage("--input, --output and --module are all required.");
            if (!Directory.Exists(input)) return Usage($"the input folder '{input}' does not exist.");

            var errors = new List<string>();
            var commands = new List<CommandHelp>();
            var abouts = new List<(string File, string Text)>();
            var pages = Directory.GetFiles(input, "*.md").OrderBy(p => p, StringComparer.Ordinal).ToList();
            foreach (var page in pages)
            {
                var text = File.ReadAllText(page);
                var name = Path.GetFileName(page);
                if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                {
                    if (!name.EndsWith(".help.md", StringComparison.OrdinalIgnoreCase))
                    {
                        errors.Add($"{page}:1: an about topic page must be named about_<Name>.help.md.");
                        continue;
                    }
                    abouts.Add(($"{AboutTopicWriter.TopicName(page)}.help.txt", AboutTopicWriter.Render(page, text, errors)));
                }
                else
                {
                    commands.Add(CommandPageParser.Parse(page, text, errors));
                }
            }
            if (commands.Count == 0 && abouts.Count == 0) errors.Add($"{input}: no help pages (*.md) found.");

            if (errors.Count > 0)
            {
                foreach (var e in errors) Console.Error.WriteLine($"error: {e}");
                Console.Error.WriteLine($"Help not compiled: {errors.Count} problem(s) in {input}.");
                return 1;
            }

            Directory.CreateDirectory(output);
            WriteAtomically(Path.Combine(output, $"{module}.dll-Help.xml"), s => MamlWriter.Write(s, commands));
            foreach (var (file, text) in abouts)
            {
                var bytes = new UTF8Encoding(false).GetBytes(text.Replace("\n", Environment.NewLine));
                WriteAtomically(Path.Combine(output, file), s => s.Write(bytes, 0, bytes.Length));
            }
            Console.WriteLine($"Help compiled: {commands.Count} cmdlet page(s) into {module}.dll-Help.xml, {abouts.Count} about topic(s), in {output}.");
            return 0;
        }

        // Write beside the target and rename, so a failure never leaves a half-written help file for Get-Help to choke on.
        private static void WriteAtomically(string path, Action<Stream> write)
        {
            var temp = path + ".tmp";
            try
            {
                using (var stream = File.Create(temp)) write(stream);
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        private static int Usage(string problem)
        {
            Console.Error.WriteLine($"error: {problem}");
            Console.Error.WriteLine("usage: RealtimeOps.HelpCompiler --input <docs folder> --output <module en-US folder> --module <module name>");
            return 2;
        }
    }
}
