using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace RealtimeOps.HelpCompiler
{
    /// <summary>
    /// Turns an about_*.help.md page into the plain text Get-Help about_Name prints: headings in capitals,
    /// text indented four columns and wrapped at 80, code indented eight and left as written.
    /// </summary>
    public static class AboutTopicWriter
    {
        private const int Width = 80;
        private static readonly string[] RequiredSections = { "SHORT DESCRIPTION", "LONG DESCRIPTION" };

        /// <summary>The topic name (about_X) from a file name like about_X.help.md.</summary>
        public static string TopicName(string path)
        {
            var file = Path.GetFileName(path);
            return file.Substring(0, file.Length - ".help.md".Length);
        }

        public static string Render(string path, string text, List<string> errors)
        {
            CommandPageParser.CheckPlaceholders(path, text, errors);
            var topic = TopicName(path);
            var document = Markdown.Parse(text, CommandPageParser.Pipeline);
            var title = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
            if (title == null) errors.Add($"{path}:1: no '# {topic}' title heading.");
            else if (MarkdownText.Inline(title.Inline) != topic)
                errors.Add($"{path}:{title.Line + 1}: title '{MarkdownText.Inline(title.Inline)}' does not match the file name ({topic}).");

            var headings = document.OfType<HeadingBlock>().Where(h => h.Level == 2).Select(h => MarkdownText.Inline(h.Inline).ToUpperInvariant()).ToList();
            foreach (var required in RequiredSections.Where(r => !headings.Contains(r)))
                errors.Add($"{path}:{(title?.Line ?? 0) + 1}: required section '## {required}' is missing.");

            var sb = new StringBuilder();
            sb.Append("TOPIC\n    ").Append(topic).Append("\n");
            var afterHeading = false;
            // Text sits right under its heading; blocks after the first are separated by a blank line.
            void Gap()
            {
                if (!afterHeading) sb.Append('\n');
                afterHeading = false;
            }
            foreach (var block in document)
            {
                switch (block)
                {
                    case YamlFrontMatterBlock _:
                        break;
                    case HeadingBlock heading when heading.Level == 1:
                        break;
                    case HeadingBlock heading when heading.Level == 2:
                        sb.Append('\n').Append(MarkdownText.Inline(heading.Inline).ToUpperInvariant()).Append('\n');
                        afterHeading = true;
                        break;
                    case HeadingBlock heading:
                        sb.Append('\n').Append("  ").Append(MarkdownText.Inline(heading.Inline)).Append('\n');
                        afterHeading = true;
                        break;
                    case FencedCodeBlock code:
                        Gap();
                        foreach (var line in MarkdownText.Code(code).Split('\n')) sb.Append("        ").Append(line.TrimEnd()).Append('\n');
                        break;
                    case ListBlock list:
                        Gap();
                        foreach (var item in MarkdownText.Paragraphs(list))
                        {
                            var marker = item.Substring(0, item.IndexOf(' ') + 1);
                            Wrap(sb, item.Substring(marker.Length), "    " + marker, new string(' ', 4 + marker.Length));
                        }
                        break;
                    default:
                        foreach (var paragraph in MarkdownText.Paragraphs(block))
                        {
                            Gap();
                            Wrap(sb, paragraph, "    ", "    ");
                        }
                        break;
                }
            }
            return sb.ToString();
        }

        private static void Wrap(StringBuilder sb, string text, string firstIndent, string indent)
        {
            foreach (var hardLine in text.Split('\n'))
            {
                var line = new StringBuilder(firstIndent);
                var lineHasWord = false;
                foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (lineHasWord && line.Length + 1 + word.Length > Width)
                    {
                        sb.Append(line.ToString().TrimEnd()).Append('\n');
                        line.Clear().Append(indent);
                        lineHasWord = false;
                    }
                    if (lineHasWord) line.Append(' ');
                    line.Append(word);
                    lineHasWord = true;
                }
                sb.Append(line.ToString().TrimEnd()).Append('\n');
                firstIndent = indent;
            }
        }
    }
}
