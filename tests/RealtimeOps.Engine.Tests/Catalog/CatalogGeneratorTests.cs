#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using RealtimeOps.CatalogGenerator;
using RealtimeOps.Engine.Tests.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Catalog
{
    /// <summary>The generator of the GA field tables on a small OpenAPI fixture, and the committed tables as its output.</summary>
    public class CatalogGeneratorTests
    {
        private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "RealtimeOps.Engine.Tests", "Catalog", name));

        private static JsonObject Generate()
        {
            var text = OpenApiTables.Generate(Fixture("catalog-fixture.openapi.yml"), Fixture("catalog-fixture.overlay.json"));
            return JsonNode.Parse(text)!.AsObject();
        }

        private static JsonObject Def(JsonObject tables, string name) => tables["definitions"]![name]!.AsObject();
        private static JsonObject Prop(JsonObject node, string name) => node["properties"]![name]!.AsObject();

        [Fact]
        public void ObjectsKeepTypesRequiredFieldsEnumsAndRanges()
        {
            var session = Def(Generate(), "Session");
            Assert.Equal("object", (string?)session["type"]);
            Assert.Equal(new[] { "type", "shape" }, session["required"]!.AsArray().Select(x => (string?)x));
            Assert.Equal(new[] { "type", "name", "count", "ratio", "level", "model", "shape", "tags", "labels", "extra", "legacy", "mode", "inferred" },
                session["properties"]!.AsObject().Select(p => p.Key));
            Assert.Equal("session", (string?)Prop(session, "type")["enum"]![0]);
            Assert.Equal(8, (int)Prop(session, "name")["maxLength"]!);
            Assert.Equal("^[a-z]+$", (string?)Prop(session, "name")["pattern"]);
            Assert.Equal(1, (int)Prop(session, "count")["minimum"]!);
        }

        [Fact]
        public void NullAlternativesAndNullableBecomeNullable()
        {
            var session = Def(Generate(), "Session");
            var ratio = Prop(session, "ratio");
            Assert.True((bool)ratio["nullable"]!);
            Assert.Equal("number", (string?)ratio["type"]);
            Assert.Equal(1, (double)ratio["maximum"]!);
            Assert.True((bool)Prop(session, "legacy")["nullable"]!);
            Assert.Null(Prop(session, "count")["nullable"]);
        }

        [Fact]
        public void UnionsKeepTheirDiscriminatorGivenOrInferred()
        {
            var tables = Generate();
            var shape = Def(tables, "Shape");
            Assert.True((bool)shape["nullable"]!); // the null alternative of the outer anyOf
            Assert.Equal("kind", (string?)shape["discriminator"]); // lifted from the grouping anyOf
            Assert.Equal(new[] { "Circle", "Square" }, shape["anyOf"]!.AsArray().Select(a => (string?)a!["ref"]));
            Assert.Equal("circle", (string?)Def(tables, "Circle")["properties"]!["kind"]!["enum"]![0]); // const becomes a one-value enum
            var inferred = Prop(Def(tables, "Session"), "inferred");
            Assert.Equal("kind", (string?)inferred["discriminator"]); // every alternative fixes kind to one value
            var mode = Prop(Def(tables, "Session"), "mode");
            Assert.Null(mode["discriminator"]); // a string or an object: no discriminator
            Assert.Equal(2, mode["anyOf"]!.AsArray().Count);
        }

        [Fact]
        public void PlainStringBesideAnEnumIsAnOpenEnumAndRefsPullInTheirTargets()
        {
            var tables = Generate();
            Assert.Equal(new[] { "Circle", "Level", "Session", "Shape", "Square", "Tags" }, tables["definitions"]!.AsObject().Select(d => d.Key));
            Assert.Equal("Level", (string?)Prop(Def(tables, "Session"), "level")["ref"]);
            var labels = Prop(Def(tables, "Session"), "labels");
            Assert.Equal("string", (string?)labels["additionalProperties"]!["type"]);
            Assert.Equal("any", (string?)Prop(Def(tables, "Session"), "extra")["additionalProperties"]!["type"]); // a free-form object
        }

        [Fact]
        public void OverlayPatchesExtractsAndRecordsItsSource()
        {
            var tables = Generate();
            var session = Def(tables, "Session");
            var count = Prop(session, "count");
            Assert.Equal(5, (int)count["maximum"]!);
            Assert.Equal("RTC1031", (string?)count["rule"]);
            Assert.Equal("Overlay", (string?)count["source"]);
            Assert.Equal(1, (int)Def(tables, "Square")["properties"]!["side"]!["minimum"]!);
            Assert.Equal("RTC1030", (string?)Prop(session, "mode")["anyOf"]![0]!["rule"]); // |n addresses an anyOf alternative
            var model = Prop(session, "model");
            Assert.Null(model["openEnum"]);
            Assert.Equal(new[] { "alpha", "beta" }, model["enum"]!.AsArray().Select(x => (string?)x));
            Assert.Equal("Tags", (string?)Prop(session, "tags")["ref"]);
            Assert.Equal(1, (int)Def(tables, "Tags")["minItems"]!);
            Assert.Equal(3, (int)Def(tables, "Tags")["maxItems"]!);
            Assert.Equal("Session", (string?)tables["roles"]!["Root"]);
            Assert.Equal("Tags", (string?)tables["roles"]!["Tags"]);
        }

        [Fact]
        public void OverlayPointingNowhereIsAnError()
        {
            var overlay = Fixture("catalog-fixture.overlay.json").Replace("Session/count", "Session/counter");
            var e = Assert.Throws<InvalidDataException>(() => OpenApiTables.Generate(Fixture("catalog-fixture.openapi.yml"), overlay));
            Assert.Contains("Session/counter", e.Message);
        }

        [Fact]
        public void CommittedGaTablesAreTheGeneratorOutputForTheCommittedSpecificationAndOverlay()
        {
            var root = TestPaths.RepoRoot;
            var expected = OpenApiTables.Generate(File.ReadAllText(Path.Combine(root, "build", "openapi", "openai-realtime-2026-08-21.yml")),
                File.ReadAllText(Path.Combine(root, "src", "RealtimeOps.Engine", "Catalog", "azure-overlay.json")));
            var committed = File.ReadAllText(Path.Combine(root, "src", "RealtimeOps.Engine", "Catalog", "ga-fields.json")).Replace("\r\n", "\n");
            Assert.True(expected == committed, "Catalog/ga-fields.json differs from the generator's output: run build.ps1 Catalog and review the diff.");
        }

        [Fact]
        public void RulesPageIsGeneratedFromRulesJson()
        {
            var root = TestPaths.RepoRoot;
            var expected = RulesDocument.Render(File.ReadAllText(Path.Combine(root, "src", "RealtimeOps.Engine", "Catalog", "rules.json")),
                File.ReadAllText(Path.Combine(root, "build", "RealtimeOps.CatalogGenerator", "rules.template.md")));
            var committed = File.ReadAllText(Path.Combine(root, "docs", "rules.md")).Replace("\r\n", "\n");
            Assert.True(expected == committed, "docs/rules.md differs from rules.json: run build.ps1 Catalog.");
        }
    }
}
