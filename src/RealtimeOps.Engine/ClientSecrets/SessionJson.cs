using System;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>JSON text from in-memory objects (hashtables and lists a script built).</summary>
    internal static class SessionJson
    {
        /// <summary>Serialises dictionaries, lists and primitives; anything else is written as its string form.</summary>
        public static string FromObject(object? value)
        {
            using (var stream = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    Write(writer, value, 0);
                }
                return System.Text.Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static void Write(Utf8JsonWriter w, object? value, int depth)
        {
            if (depth > 64) throw new ArgumentException("The session object is nested more than 64 levels deep.");
            switch (value)
            {
                case null: w.WriteNullValue(); return;
                case string s: w.WriteStringValue(s); return;
                case bool b: w.WriteBooleanValue(b); return;
                case char c: w.WriteStringValue(c.ToString()); return;
                case Enum e: w.WriteStringValue(e.ToString()); return;
                case int i: w.WriteNumberValue(i); return;
                case long l: w.WriteNumberValue(l); return;
                case short sh: w.WriteNumberValue(sh); return;
                case byte by: w.WriteNumberValue(by); return;
                case uint ui: w.WriteNumberValue(ui); return;
                case ulong ul: w.WriteNumberValue(ul); return;
                case float f: w.WriteNumberValue(f); return;
                case double d: w.WriteNumberValue(d); return;
                case decimal m: w.WriteNumberValue(m); return;
                case DateTime dt: w.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTimeOffset dto: w.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
                case IDictionary dict:
                    w.WriteStartObject();
                    foreach (DictionaryEntry entry in dict)
                    {
                        w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                        Write(w, entry.Value, depth + 1);
                    }
                    w.WriteEndObject();
                    return;
                case IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) Write(w, item, depth + 1);
                    w.WriteEndArray();
                    return;
                default:
                    w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }
    }
}
