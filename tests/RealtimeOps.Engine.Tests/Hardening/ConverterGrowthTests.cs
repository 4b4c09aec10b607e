using System.Linq;
using System.Text;
using System.Text.Json;
using RealtimeOps.Engine.Configuration;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public class ConverterGrowthTests
    {
        private static string PreviewWithFields(int n)
        {
            var sb = new StringBuilder("{\"modalities\":[\"text\",\"audio\"],\"input_audio_format\":\"pcm16\",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{");
            for (var i = 0; i < n; i++) sb.Append(i == 0 ? "" : ",").Append("\"p").Append(i).Append("\":{\"type\":\"string\"}");
            sb.Append("}}]");
            for (var i = 0; i < n; i++) sb.Append(",\"x_field_").Append(i).Append("\":").Append(i);
            return sb.Append('}').ToString();
        }

        private static long WorkFor(int n, out string json)
        {
            PreviewToGaConverter.KeyComparisons = 0;
            var result = PreviewToGaConverter.ConvertJson(PreviewWithFields(n), "big.json");
            json = result.Json;
            return PreviewToGaConverter.KeyComparisons;
        }

        [Fact]
        public void ConversionWorkGrowsLinearlyWithTheNumberOfFields()
        {
            var small = WorkFor(2000, out var smallJson);
            var large = WorkFor(8000, out var largeJson);
            using (var doc = JsonDocument.Parse(largeJson))
            {
                var root = doc.RootElement;
                Assert.Equal(7999, root.GetProperty("x_field_7999").GetInt32());
                Assert.Equal(8000, root.GetProperty("tools")[0].GetProperty("parameters").EnumerateObject().Count());
            }
            Assert.NotNull(smallJson);
            // Four times the fields: linear work is about four times as much; quadratic work was sixteen times.
            Assert.True(large <= small * 6, $"key comparisons: {small} for 2,000 fields, {large} for 8,000");
        }
    }
}
