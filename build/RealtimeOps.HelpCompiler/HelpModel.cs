using System.Collections.Generic;

namespace RealtimeOps.HelpCompiler
{
    /// <summary>One cmdlet's help as the markdown page states it, ready to write as MAML.</summary>
    public sealed class CommandHelp
    {
        public string Name { get; set; }
        public string Verb { get; set; }
        public string Noun { get; set; }
        public List<string> Synopsis { get; } = new List<string>();
        public List<string> Description { get; } = new List<string>();
        public List<SyntaxSet> Syntax { get; } = new List<SyntaxSet>();
        public List<ParameterHelp> Parameters { get; } = new List<ParameterHelp>();
        public List<TypeHelp> Inputs { get; } = new List<TypeHelp>();
        public List<TypeHelp> Outputs { get; } = new List<TypeHelp>();
        public List<string> Notes { get; } = new List<string>();
        public List<ExampleHelp> Examples { get; } = new List<ExampleHelp>();
        public List<RelatedLink> RelatedLinks { get; } = new List<RelatedLink>();
    }

    /// <summary>A parameter set as the SYNTAX section writes it: its name and the parameters in order.</summary>
    public sealed class SyntaxSet
    {
        public string Name { get; set; }
        public bool IsDefault { get; set; }
        public List<string> ParameterNames { get; } = new List<string>();
        public int Line { get; set; }
    }

    /// <summary>One parameter: its description and, per group of parameter sets, the yaml metadata block.</summary>
    public sealed class ParameterHelp
    {
        public string Name { get; set; }
        public int Line { get; set; }
        public List<string> Description { get; } = new List<string>();
        public List<ParameterMetadata> Metadata { get; } = new List<ParameterMetadata>();
    }

    public sealed class ParameterMetadata
    {
        public string Type { get; set; } = "Object";
        /// <summary>Empty means (All).</summary>
        public List<string> ParameterSets { get; } = new List<string>();
        public List<string> Aliases { get; } = new List<string>();
        public List<string> AcceptedValues { get; } = new List<string>();
        public bool Required { get; set; }
        public string Position { get; set; } = "named";
        public string DefaultValue { get; set; } = "None";
        public string PipelineInput { get; set; } = "False";
        public bool Globbing { get; set; }

        public bool AppliesTo(string set) => ParameterSets.Count == 0 || ParameterSets.Contains(set);
        public bool IsSwitch => Type == "SwitchParameter" || Type == "System.Management.Automation.SwitchParameter";
    }

    public sealed class TypeHelp
    {
        public string Name { get; set; }
        public List<string> Description { get; } = new List<string>();
    }

    public sealed class ExampleHelp
    {
        public string Title { get; set; }
        public List<string> Code { get; } = new List<string>();
        public List<string> Remarks { get; } = new List<string>();
    }

    public sealed class RelatedLink
    {
        public string Text { get; set; }
        public string Uri { get; set; }
    }
}
