using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace RealtimeOps.HelpCompiler
{
    /// <summary>Writes command help as the MAML that PlatyPS's New-ExternalHelp produces and Get-Help reads.</summary>
    public static class MamlWriter
    {
        private const string Msh = "http://msh";
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private const string MSHelp = "http://msdn.microsoft.com/mshelp";

        public static void Write(Stream stream, IEnumerable<CommandHelp> commands)
        {
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
            using (var w = XmlWriter.Create(stream, settings))
            {
                w.WriteStartDocument();
                w.WriteStartElement("helpItems", Msh);
                w.WriteAttributeString("schema", "maml");
                foreach (var command in commands) WriteCommand(w, command);
                w.WriteEndElement();
                w.WriteEndDocument();
            }
        }

        private static void WriteCommand(XmlWriter w, CommandHelp c)
        {
            w.WriteStartElement("command", "command", Command);
            w.WriteAttributeString("xmlns", "maml", null, Maml);
            w.WriteAttributeString("xmlns", "command", null, Command);
            w.WriteAttributeString("xmlns", "dev", null, Dev);
            w.WriteAttributeString("xmlns", "MSHelp", null, MSHelp);

            w.WriteStartElement("command", "details", Command);
            w.WriteElementString("command", "name", Command, c.Name);
            w.WriteElementString("command", "verb", Command, c.Verb);
            w.WriteElementString("command", "noun", Command, c.Noun);
            Description(w, c.Synopsis);
            w.WriteEndElement();

            Description(w, c.Description);

            w.WriteStartElement("command", "syntax", Command);
            foreach (var set in c.Syntax)
            {
                w.WriteStartElement("command", "syntaxItem", Command);
                w.WriteElementString("maml", "name", Maml, c.Name);
                foreach (var name in set.ParameterNames)
                {
                    var parameter = c.Parameters.FirstOrDefault(p => p.Name.Equals(name, System.StringComparison.OrdinalIgnoreCase));
                    var metadata = parameter?.Metadata.FirstOrDefault(m => m.AppliesTo(set.Name));
                    if (metadata != null) Parameter(w, parameter, metadata, inSyntax: true);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", Command);
            foreach (var parameter in c.Parameters.Where(p => p.Metadata.Count > 0))
            {
                Parameter(w, parameter, parameter.Metadata[0], inSyntax: false);
            }
            w.WriteEndElement();

            Types(w, "inputTypes", "inputType", c.Inputs);
            Types(w, "returnValues", "returnValue", c.Outputs);

            w.WriteStartElement("maml", "alertSet", Maml);
            w.WriteStartElement("maml", "alert", Maml);
            foreach (var note in c.Notes) w.WriteElementString("maml", "para", Maml, note);
            w.WriteEndElement();
            w.WriteEndElement();

            w.WriteStartElement("command", "examples", Command);
            foreach (var example in c.Examples)
            {
                w.WriteStartElement("command", "example", Command);
                w.WriteElementString("maml", "title", Maml, $"-------------------------- {example.Title} --------------------------");
                w.WriteElementString("dev", "code", Dev, string.Join("\n\n", example.Code));
                w.WriteStartElement("dev", "remarks", Dev);
                foreach (var remark in example.Remarks) w.WriteElementString("maml", "para", Maml, remark);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "relatedLinks", Command);
            foreach (var link in c.RelatedLinks)
            {
                w.WriteStartElement("maml", "navigationLink", Maml);
                w.WriteElementString("maml", "linkText", Maml, link.Text);
                w.WriteElementString("maml", "uri", Maml, link.Uri);
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteEndElement();
        }

        private static void Description(XmlWriter w, IEnumerable<string> paragraphs)
        {
            w.WriteStartElement("maml", "description", Maml);
            foreach (var p in paragraphs) w.WriteElementString("maml", "para", Maml, p);
            w.WriteEndElement();
        }

        private static void Parameter(XmlWriter w, ParameterHelp p, ParameterMetadata m, bool inSyntax)
        {
            w.WriteStartElement("command", "parameter", Command);
            w.WriteAttributeString("required", m.Required ? "true" : "false");
            w.WriteAttributeString("variableLength", m.Type.EndsWith("[]") ? "true" : "false");
            w.WriteAttributeString("globbing", m.Globbing ? "true" : "false");
            w.WriteAttributeString("pipelineInput", m.PipelineInput);
            w.WriteAttributeString("position", m.Position);
            w.WriteAttributeString("aliases", m.Aliases.Count > 0 ? string.Join(", ", m.Aliases) : "none");
            w.WriteElementString("maml", "name", Maml, p.Name);
            Description(w, p.Description);
            if (m.AcceptedValues.Count > 0)
            {
                w.WriteStartElement("command", "parameterValueGroup", Command);
                foreach (var value in m.AcceptedValues)
                {
                    w.WriteStartElement("command", "parameterValue", Command);
                    w.WriteAttributeString("required", "false");
                    w.WriteAttributeString("command", "variableLength", Command, "false");
                    w.WriteString(value);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            // A switch takes no value: PlatyPS leaves the value out of the syntax so Get-Help prints [-Force], not [-Force <SwitchParameter>].
            if (!(inSyntax && m.IsSwitch))
            {
                w.WriteStartElement("command", "parameterValue", Command);
                w.WriteAttributeString("required", m.IsSwitch ? "false" : "true");
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(m.Type);
                w.WriteEndElement();
            }
            w.WriteStartElement("dev", "type", Dev);
            w.WriteElementString("maml", "name", Maml, m.Type);
            w.WriteElementString("maml", "uri", Maml, string.Empty);
            w.WriteEndElement();
            w.WriteElementString("dev", "defaultValue", Dev, m.DefaultValue);
            w.WriteEndElement();
        }

        private static void Types(XmlWriter w, string listElement, string itemElement, IEnumerable<TypeHelp> types)
        {
            w.WriteStartElement("command", listElement, Command);
            foreach (var type in types)
            {
                w.WriteStartElement("command", itemElement, Command);
                w.WriteStartElement("dev", "type", Dev);
                w.WriteElementString("maml", "name", Maml, type.Name);
                w.WriteEndElement();
                Description(w, type.Description);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
    }
}
