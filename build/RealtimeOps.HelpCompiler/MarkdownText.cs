using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace RealtimeOps.HelpCompiler
{
    /// <summary>Plain text from Markdig's syntax tree: what help readers see, without markdown punctuation.</summary>
    internal static class MarkdownText
    {
        public static string Inline(ContainerInline container)
        {
            if (container == null) return string.Empty;
            var sb = new StringBuilder();
            Append(sb, container);
            return sb.ToString().Trim();
        }

        private static void Append(StringBuilder sb, Inline inline)
        {
            switch (inline)
            {
                case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
                case CodeInline code: sb.Append(code.Content); break;
                case LineBreakInline lineBreak: sb.Append(lineBreak.IsHard ? "\n" : " "); break;
                case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
                case AutolinkInline autolink: sb.Append(autolink.Url); break;
                case LinkInline link when link.IsImage: break;
                case ContainerInline container:
                    foreach (var child in container) Append(sb, child);
                    break;
                // Help text writes placeholders like <region>, which markdown reads as an HTML tag: keep them as written.
                case HtmlInline html: sb.Append(html.Tag); break;
            }
        }

        public static string Code(LeafBlock code) => string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())).TrimEnd();

        /// <summary>The paragraphs a block stands for: a paragraph is one, a list is one per item, code keeps its lines.</summary>
        public static IEnumerable<string> Paragraphs(Block block)
        {
            switch (block)
            {
                case ParagraphBlock paragraph:
                    yield return Inline(paragraph.Inline);
                    break;
                case ListBlock list:
                    var number = 1;
                    if (list.IsOrdered && int.TryParse(list.OrderedStart, out var start)) number = start;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var text = string.Join(" ", item.SelectMany(Paragraphs));
                        yield return (list.IsOrdered ? $"{number++}. " : "- ") + text;
                    }
                    break;
                case FencedCodeBlock fenced:
                    yield return Code(fenced);
                    break;
                case CodeBlock indented:
                    yield return Code(indented);
                    break;
                case QuoteBlock quote:
                    foreach (var inner in quote.SelectMany(Paragraphs)) yield return inner;
                    break;
                case HeadingBlock heading:
                    yield return Inline(heading.Inline);
                    break;
            }
        }
    }
}
