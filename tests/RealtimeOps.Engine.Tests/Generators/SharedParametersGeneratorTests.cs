using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RealtimeOps.Generators;
using Xunit;

namespace RealtimeOps.Engine.Tests.Generators
{
    /// <summary>The build-time copy of parameter groups into cmdlets: what it copies, what it drops, what it refuses.</summary>
    public class SharedParametersGeneratorTests
    {
        // Stand-ins for the attributes the cmdlet assembly uses, so the test compiles without PowerShell.
        private const string Attributes = @"
namespace System.Management.Automation
{
    [System.AttributeUsage(System.AttributeTargets.Property)]
    public sealed class ParameterAttribute : System.Attribute
    {
        public bool Mandatory { get; set; }
        public int Position { get; set; } = int.MinValue;
        public string ParameterSetName { get; set; } = ""__AllParameterSets"";
        public bool ValueFromPipeline { get; set; }
    }
    [System.AttributeUsage(System.AttributeTargets.Property)]
    public sealed class AliasAttribute : System.Attribute { public AliasAttribute(params string[] names) { } }
}
namespace RealtimeOps.Cmdlets
{
    [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    internal sealed class IncludeParametersAttribute : System.Attribute
    {
        public IncludeParametersAttribute(System.Type group) { Group = group; }
        public System.Type Group { get; }
        public bool Positional { get; set; } = true;
    }
}
";

        private const string Group = @"
using System.Management.Automation;

namespace RealtimeOps.Cmdlets.Groups
{
    internal abstract class InputGroup
    {
        /// <summary>Files to read.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ""Path"")]
        [Alias(""FullName"")]
        public string? Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ""InputObject"", ValueFromPipeline = true)]
        public object? InputObject { get; set; }
    }
}
";

        private static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Run) Generate(string cmdlets)
        {
            var references = AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
                .Select(a => MetadataReference.CreateFromFile(a.Location));
            var options = new CSharpParseOptions(LanguageVersion.Latest);
            var compilation = CSharpCompilation.Create("Cmdlets",
                new[] { CSharpSyntaxTree.ParseText(Attributes, options), CSharpSyntaxTree.ParseText(Group, options, path: "InputGroup.cs"), CSharpSyntaxTree.ParseText(cmdlets, options) },
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var driver = CSharpGeneratorDriver.Create(new SharedParametersGenerator()).WithUpdatedParseOptions(options)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            return (output, diagnostics, driver.GetRunResult());
        }

        private static AttributeData ParameterOf(Compilation output, string type, string property)
        {
            var symbol = output.GetTypeByMetadataName(type)!.GetMembers(property).Single();
            return symbol.GetAttributes().Single(a => a.AttributeClass!.Name == "ParameterAttribute");
        }

        [Fact]
        public void Copies_the_group_into_each_including_class_and_drops_Position_only_where_asked()
        {
            var (output, diagnostics, run) = Generate(@"
namespace RealtimeOps.Cmdlets
{
    [IncludeParameters(typeof(Groups.InputGroup))]
    public abstract partial class OfflineBase { }

    [IncludeParameters(typeof(Groups.InputGroup), Positional = false)]
    public abstract partial class OnlineBase { }
}");
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Equal(2, run.GeneratedTrees.Length);

            var offline = ParameterOf(output, "RealtimeOps.Cmdlets.OfflineBase", "Path");
            Assert.Contains(offline.NamedArguments, a => a.Key == "Position" && (int)a.Value.Value! == 0);
            var online = ParameterOf(output, "RealtimeOps.Cmdlets.OnlineBase", "Path");
            Assert.DoesNotContain(online.NamedArguments, a => a.Key == "Position");
            // Everything else stays as declared: set, mandatory, pipeline, aliases and the doc comment.
            Assert.Contains(online.NamedArguments, a => a.Key == "ParameterSetName" && (string)a.Value.Value! == "Path");
            Assert.Contains(online.NamedArguments, a => a.Key == "Mandatory" && (bool)a.Value.Value!);
            Assert.Contains(ParameterOf(output, "RealtimeOps.Cmdlets.OnlineBase", "InputObject").NamedArguments, a => a.Key == "ValueFromPipeline" && (bool)a.Value.Value!);
            var onlinePath = output.GetTypeByMetadataName("RealtimeOps.Cmdlets.OnlineBase")!.GetMembers("Path").Single();
            Assert.Contains(onlinePath.GetAttributes(), a => a.AttributeClass!.Name == "AliasAttribute");
            Assert.Contains("Files to read.", onlinePath.GetDocumentationCommentXml(), StringComparison.Ordinal);
            Assert.Contains("change them in InputGroup.cs", run.GeneratedTrees[0].ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_a_class_that_is_not_partial()
        {
            var (_, diagnostics, run) = Generate(@"
namespace RealtimeOps.Cmdlets
{
    [IncludeParameters(typeof(Groups.InputGroup))]
    public class Sealed { }
}");
            var problem = Assert.Single(diagnostics);
            Assert.Equal("RO0001", problem.Id);
            Assert.Equal(DiagnosticSeverity.Error, problem.Severity);
            Assert.Contains("'Sealed'", problem.GetMessage(), StringComparison.Ordinal);
            Assert.Empty(run.GeneratedTrees);
        }

        [Fact]
        public void Refuses_a_group_that_holds_more_than_properties()
        {
            var (_, diagnostics, _) = Generate(@"
namespace RealtimeOps.Cmdlets
{
    internal abstract class NotAGroup
    {
        public string? Name { get; set; }
        public void Run() { }
    }

    [IncludeParameters(typeof(NotAGroup))]
    public partial class Cmdlet { }
}");
            var problem = Assert.Single(diagnostics);
            Assert.Equal("RO0002", problem.Id);
            Assert.Contains("other than properties", problem.GetMessage(), StringComparison.Ordinal);
        }
    }
}
