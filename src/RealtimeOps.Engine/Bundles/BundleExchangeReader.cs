using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// Reads an <see cref="Exchange"/> from any object that carries its properties by name (a deserialised
    /// exchanges/NNNNN.json, Import-Clixml output, a PSCustomObject), so exchanges saved earlier can go into a bundle.
    /// </summary>
    internal static class BundleExchangeReader
    {
        /// <summary>True when the properties look like a recorded HTTP exchange (a method and a URL).</summary>
        public static bool LooksLikeExchange(Func<string, object?> property) =>
            property != null && property("Method") != null && property("Url") != null;

        public static Exchange Read(Func<string, object?> property)
        {
            if (property == null) throw new ArgumentNullException(nameof(property));
            return new Exchange
            {
                Sequence = (int)(Long(property("Sequence")) ?? 0),
                Operation = Text(property("Operation")),
                Variant = Text(property("Variant")),
                StartedAtUtc = Time(property("StartedAtUtc")) ?? DateTimeOffset.MinValue,
                DurationMs = Double(property("DurationMs")) ?? 0,
                Method = Text(property("Method")),
                Url = Text(property("Url")),
                RequestHeaders = Headers(property("RequestHeaders")),
                RequestBody = Text(property("RequestBody")),
                StatusCode = (int?)Long(property("StatusCode")),
                ResponseHeaders = Headers(property("ResponseHeaders")),
                ResponseBody = Text(property("ResponseBody")),
                // 1 for the first try, as recorded; 0 when the object does not say.
                Attempt = (int)(Long(property("Attempt")) ?? 0),
                Error = Text(property("Error")),
                ApimRequestId = Text(property("ApimRequestId")),
                RequestId = Text(property("RequestId")),
                ClientRequestId = Text(property("ClientRequestId")),
                Region = Text(property("Region")),
            };
        }

        private static string? Text(object? value)
        {
            if (value == null) return null;
            if (value is string s) return s;
            if (value is Exception ex) return ex.GetType().Name + ": " + ex.Message;
            return Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        private static long? Long(object? value)
        {
            if (value == null) return null;
            if (value is Enum e) return Convert.ToInt64(e, CultureInfo.InvariantCulture);
            try { return Convert.ToInt64(value, CultureInfo.InvariantCulture); }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException) { return null; }
        }

        private static double? Double(object? value)
        {
            if (value == null) return null;
            if (value is TimeSpan t) return t.TotalMilliseconds;
            try { return Convert.ToDouble(value, CultureInfo.InvariantCulture); }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException) { return null; }
        }

        private static DateTimeOffset? Time(object? value)
        {
            switch (value)
            {
                case null: return null;
                case DateTimeOffset d: return d.ToUniversalTime();
                case DateTime dt: return new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
                case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed): return parsed;
                default: return null;
            }
        }

        private static IReadOnlyDictionary<string, string>? Headers(object? value)
        {
            if (value == null) return null;
            var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry kv in dictionary) result[Convert.ToString(kv.Key, CultureInfo.InvariantCulture)] = JoinValues(kv.Value);
                return result;
            }
            if (value is IEnumerable<KeyValuePair<string, string>> pairs)
            {
                foreach (var kv in pairs) result[kv.Key] = kv.Value;
                return result;
            }
            if (value is IEnumerable<KeyValuePair<string, IEnumerable<string>>> multi)
            {
                foreach (var kv in multi) result[kv.Key] = string.Join(", ", kv.Value);
                return result;
            }
            return new SortedDictionary<string, string> { ["(headers)"] = Text(value) ?? string.Empty };
        }

        private static string JoinValues(object value)
        {
            if (value is string s) return s;
            if (value is IEnumerable many)
            {
                var parts = new List<string>();
                foreach (var v in many) parts.Add(Convert.ToString(v, CultureInfo.InvariantCulture));
                return string.Join(", ", parts);
            }
            return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }
}
