using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace RealtimeOps.HelpCompiler
{
    /// <summary>
    /// Reads one PlatyPS 2.0.0-schema cmdlet page through Markdig's syntax tree and checks it is complete:
    /// every required section, at least two examples, every parameter described, no {{ }} placeholders.
    /// </summary>
    public sealed class CommandPageParser
    {
        public static readonly string[] RequiredSections =
            { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        private static readonly string[] CommonParameterHeadings = { "CommonParameters", "WorkflowCommonParameters" };
        private static readonly Regex s_placeholder = new Regex(@"\{\{.*?\}\}", RegexOptions.Compiled);
        private static readonly Regex s_syntaxParameter = new Regex(@"(?<![\w-])-([A-Za-z][A-Za-z0-9_]*)", RegexOptions.Compiled);

        internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

        private readonly string _path;
        private readonly List<string> _errors;

        private CommandPageParser(string path, List<string> errors)
        {
            _path = path;
            _errors = errors;
        }

        /// <summary>Parses a page; problems are added to <paramref name="errors"/> as "file:line: message".</summary>
        public static CommandHelp Parse(string path, string text, List<string> errors)
        {
            return new CommandPageParser(path, errors).Parse(text);
        }

        private void Error(int zeroBasedLine, string message) => _errors.Add($"{_path}:{zeroBasedLine + 1}: {message}");

        internal static void CheckPlaceholders(string path, string text, List<string> errors)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var m = s_placeholder.Match(lines[i]);
                if (m.Success) errors.Add($"{path}:{i + 1}: placeholder '{m.Value}' left in the page; write the real text.");
            }
        }

        private CommandHelp Parse(string text)
        {
            CheckPlaceholders(_path, text, _errors);
            var document = Markdown.Parse(text, Pipeline);
            var help = new CommandHelp();
            var expectedName = Path.GetFileNameWithoutExtension(_path);

            var title = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
            if (title == null)
            {
                Error(0, $"no '# {expectedName}' title heading.");
                help.Name = expectedName;
            }
            else
            {
                help.Name = MarkdownText.Inline(title.Inline);
                if (!string.Equals(help.Name, expectedName, StringComparison.Ordinal))
                    Error(title.Line, $"title '{help.Name}' does not match the file name '{expectedName}.md'.");
            }
            var dash = help.Name.IndexOf('-');
            if (dash <= 0 || dash == help.Name.Length - 1) Error(title?.Line ?? 0, $"'{help.Name}' is not a Verb-Noun cmdlet name.");
            help.Verb = dash > 0 ? help.Name.Substring(0, dash) : help.Name;
            help.Noun = dash > 0 ? help.Name.Substring(dash + 1) : string.Empty;

            var sections = SplitSections(document);
            foreach (var required in RequiredSections)
            {
                if (!sections.ContainsKey(required))
                    Error(title?.Line ?? 0, $"required section '## {required}' is missing.");
            }

            if (sections.TryGetValue("SYNOPSIS", out var synopsis)) ReadParagraphs(synopsis, help.Synopsis, "SYNOPSIS");
            if (sections.TryGetValue("DESCRIPTION", out var description)) ReadParagraphs(description, help.Description, "DESCRIPTION");
            if (sections.TryGetValue("SYNTAX", out var syntax)) ReadSyntax(syntax, help);
            if (sections.TryGetValue("EXAMPLES", out var examples)) ReadExamples(examples, help);
            if (sections.TryGetValue("PARAMETERS", out var parameters)) ReadParameters(parameters, help);
            if (sections.TryGetValue("INPUTS", out var inputs)) ReadTypes(inputs, help.Inputs, "INPUTS");
            if (sections.TryGetValue("OUTPUTS", out var outputs)) ReadTypes(outputs, help.Outputs, "OUTPUTS");
            if (sections.TryGetValue("NOTES", out var notes)) ReadParagraphs(notes, help.Notes, "NOTES");
            if (sections.TryGetValue("RELATED LINKS", out var links)) ReadLinks(links, help);
            if (syntax != null && parameters != null) CrossCheckSyntaxAndParameters(help, syntax);
            return help;
        }

        private sealed class Section
        {
            public HeadingBlock Heading;
            public List<Block> Blocks = new List<Block>();
        }

        private Dictionary<string, Section> SplitSections(MarkdownDocument document)
        {
            var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
            Section current = null;
            foreach (var block in document)
            {
                if (block is YamlFrontMatterBlock) continue;
                if (block is HeadingBlock heading && heading.Level <= 2)
                {
                    current = null;
                    if (heading.Level == 1) continue;
                    var name = MarkdownText.Inline(heading.Inline);
                    if (sections.ContainsKey(name)) { Error(heading.Line, $"section '## {name}' appears twice."); continue; }
                    current = new Section { Heading = heading };
                    sections[name] = current;
                    continue;
                }
                current?.Blocks.Add(block);
            }
            return sections;
        }

        private void ReadParagraphs(Section section, List<string> target, string name)
        {
            target.AddRange(section.Blocks.SelectMany(MarkdownText.Paragraphs).Where(p => p.Length > 0));
            if (target.Count == 0) Error(section.Heading.Line, $"section '## {name}' is empty.");
        }

        private void ReadSyntax(Section section, CommandHelp help)
        {
            SyntaxSet current = null;
            foreach (var block in section.Blocks)
            {
                if (block is HeadingBlock h3)
                {
                    var heading = MarkdownText.Inline(h3.Inline);
                    var isDefault = heading.EndsWith("(Default)", StringComparison.Ordinal);
                    current = new SyntaxSet
                    {
                        Name = isDefault ? heading.Substring(0, heading.Length - "(Default)".Length).Trim() : heading,
                        IsDefault = isDefault,
                        Line = h3.Line,
                    };
                    help.Syntax.Add(current);
                }
                else if (block is FencedCodeBlock code)
                {
                    if (current == null || current.ParameterNames.Count > 0)
                    {
                        // PlatyPS writes a single-set command without a set heading.
                        current = new SyntaxSet { Name = "__AllParameterSets", IsDefault = true, Line = code.Line };
                        help.Syntax.Add(current);
                    }
                    var line = MarkdownText.Code(code);
                    if (!line.TrimStart().StartsWith(help.Name, StringComparison.OrdinalIgnoreCase))
                        Error(code.Line, $"the syntax block does not start with the cmdlet name '{help.Name}'.");
                    foreach (Match m in s_syntaxParameter.Matches(line))
                    {
                        if (!current.ParameterNames.Contains(m.Groups[1].Value, StringComparer.OrdinalIgnoreCase))
                            current.ParameterNames.Add(m.Groups[1].Value);
                    }
                }
            }
            if (help.Syntax.Count == 0) Error(section.Heading.Line, "section '## SYNTAX' has no syntax code block.");
        }

        private void ReadExamples(Section section, CommandHelp help)
        {
            ExampleHelp current = null;
            var currentLine = section.Heading.Line;
            void Finish()
            {
                if (current != null && current.Code.Count == 0) Error(currentLine, $"example '{current.Title}' has no code block.");
            }
            foreach (var block in section.Blocks)
            {
                if (block is HeadingBlock h3)
                {
                    Finish();
                    current = new ExampleHelp { Title = MarkdownText.Inline(h3.Inline) };
                    currentLine = h3.Line;
                    help.Examples.Add(current);
                    continue;
                }
                if (current == null) continue;
                if (block is FencedCodeBlock code)
                {
                    var text = MarkdownText.Code(code);
                    if (text.Length == 0) Error(code.Line, $"example '{current.Title}' has an empty code block.");
                    else current.Code.Add(text);
                }
                else current.Remarks.AddRange(MarkdownText.Paragraphs(block).Where(p => p.Length > 0));
            }
            Finish();
            if (help.Examples.Count < 2)
                Error(section.Heading.Line, $"{help.Examples.Count} example(s); every cmdlet page needs at least two ('### Example N: title' with a code block).");
        }

        private void ReadParameters(Section section, CommandHelp help)
        {
            ParameterHelp current = null;
            var skipping = false;
            void Finish()
            {
                if (current == null) return;
                if (current.Description.Count == 0) Error(current.Line, $"parameter -{current.Name} has no description.");
                if (current.Metadata.Count == 0) Error(current.Line, $"parameter -{current.Name} has no ```yaml block (Type, Parameter Sets, Required, Position...).");
            }
            foreach (var block in section.Blocks)
            {
                if (block is HeadingBlock h3)
                {
                    Finish();
                    current = null;
                    var heading = MarkdownText.Inline(h3.Inline);
                    skipping = CommonParameterHeadings.Contains(heading);
                    if (skipping) continue;
                    if (!heading.StartsWith("-", StringComparison.Ordinal) || heading.Length < 2)
                    {
                        Error(h3.Line, $"parameter heading '{heading}' should read '### -Name'.");
                        skipping = true;
                        continue;
                    }
                    current = new ParameterHelp { Name = heading.Substring(1), Line = h3.Line };
                    if (help.Parameters.Any(p => string.Equals(p.Name, current.Name, StringComparison.OrdinalIgnoreCase)))
                        Error(h3.Line, $"parameter -{current.Name} is described twice.");
                    help.Parameters.Add(current);
                    continue;
                }
                if (skipping || current == null) continue;
                if (block is FencedCodeBlock code && string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                    current.Metadata.Add(ReadParameterYaml(code, current.Name));
                else current.Description.AddRange(MarkdownText.Paragraphs(block).Where(p => p.Length > 0));
            }
            Finish();
        }

        /// <summary>The PlatyPS parameter block is flat 'Key: value' lines; nothing nested, so no YAML library is needed.</summary>
        private ParameterMetadata ReadParameterYaml(FencedCodeBlock code, string parameter)
        {
            var metadata = new ParameterMetadata();
            var lines = code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString()).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (line.Trim().Length == 0) continue;
                var colon = line.IndexOf(':');
                if (colon <= 0) { Error(code.Line + 1 + i, $"parameter -{parameter}: '{line.Trim()}' is not 'Key: value'."); continue; }
                var key = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                switch (key)
                {
                    case "Type": metadata.Type = value.Length > 0 ? value : "Object"; break;
                    case "Parameter Sets":
                        if (value.Length > 0 && value != "(All)") metadata.ParameterSets.AddRange(SplitList(value));
                        break;
                    case "Aliases": metadata.Aliases.AddRange(SplitList(value)); break;
                    case "Accepted values": metadata.AcceptedValues.AddRange(SplitList(value)); break;
                    case "Required": metadata.Required = ReadBool(value, key, parameter, code.Line + 1 + i); break;
                    case "Position": metadata.Position = value.Length == 0 || value.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : value; break;
                    case "Default value": metadata.DefaultValue = value.Length > 0 ? value : "None"; break;
                    case "Accept pipeline input": metadata.PipelineInput = value.Length > 0 ? value : "False"; break;
                    case "Accept wildcard characters": metadata.Globbing = ReadBool(value, key, parameter, code.Line + 1 + i); break;
                    default: Error(code.Line + 1 + i, $"parameter -{parameter}: unknown key '{key}'."); break;
                }
            }
            return metadata;
        }

        private static IEnumerable<string> SplitList(string value) =>
            value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0);

        private bool ReadBool(string value, string key, string parameter, int line)
        {
            if (value.StartsWith("True", StringComparison.OrdinalIgnoreCase)) return true;
            if (value.StartsWith("False", StringComparison.OrdinalIgnoreCase) || value.Length == 0) return false;
            Error(line, $"parameter -{parameter}: '{key}' must be True or False, not '{value}'.");
            return false;
        }

        private void ReadTypes(Section section, List<TypeHelp> target, string name)
        {
            TypeHelp current = null;
            foreach (var block in section.Blocks)
            {
                if (block is HeadingBlock h3)
                {
                    current = new TypeHelp { Name = MarkdownText.Inline(h3.Inline) };
                    target.Add(current);
                }
                else if (current != null) current.Description.AddRange(MarkdownText.Paragraphs(block).Where(p => p.Length > 0));
            }
            if (target.Count == 0) Error(section.Heading.Line, $"section '## {name}' names no type ('### TypeName', or '### None').");
        }

        private void ReadLinks(Section section, CommandHelp help)
        {
            foreach (var paragraph in section.Blocks.OfType<ParagraphBlock>())
            {
                foreach (var link in paragraph.Inline.Descendants<LinkInline>().Where(l => !l.IsImage))
                {
                    var url = link.Url ?? string.Empty;
                    // Links to sibling pages are resolved by Get-Help through the link text, not a file path.
                    var absolute = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https");
                    help.RelatedLinks.Add(new RelatedLink { Text = MarkdownText.Inline(link), Uri = absolute ? url : string.Empty });
                }
            }
        }

        private void CrossCheckSyntaxAndParameters(CommandHelp help, Section syntax)
        {
            var sets = help.Syntax.Select(s => s.Name).ToList();
            foreach (var set in help.Syntax)
            {
                foreach (var name in set.ParameterNames)
                {
                    var parameter = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (parameter == null)
                        Error(set.Line, $"syntax '{set.Name}' names -{name}, which '## PARAMETERS' does not describe.");
                    else if (parameter.Metadata.Count > 0 && !parameter.Metadata.Any(m => m.AppliesTo(set.Name)))
                        Error(parameter.Line, $"parameter -{parameter.Name} is in syntax '{set.Name}' but its 'Parameter Sets' do not include it.");
                }
            }
            foreach (var parameter in help.Parameters)
            {
                foreach (var metadata in parameter.Metadata)
                {
                    foreach (var set in metadata.ParameterSets.Where(s => !sets.Contains(s)))
                        Error(parameter.Line, $"parameter -{parameter.Name} names parameter set '{set}', which '## SYNTAX' does not have.");
                }
                if (!help.Syntax.Any(s => s.ParameterNames.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase)))
                    Error(parameter.Line, $"parameter -{parameter.Name} appears in no '## SYNTAX' block.");
            }
        }
    }
}
