using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Conversion
{
    /// <summary>
    /// Turns what users build in scripts (hashtables, ordered dictionaries, PSCustomObjects, arrays, values
    /// wrapped in PSObject) into plain dictionaries and lists the engine reads: SessionDocument.FromObject for
    /// Test-TranscriptionConfig and ConvertTo-RealtimeGaConfig, SessionJson.FromObject for the client_secrets cmdlets.
    /// </summary>
    internal static class PSObjectGraph
    {
        public static object? ToPlain(object? value) => ToPlain(value, 0);

        private static object? ToPlain(object? value, int depth)
        {
            // Beyond the engine's limit we stop converting (a cyclic PSCustomObject would never end) and hand over
            // one more container, so the engine reports RTC1002 instead of us recursing.
            if (depth > SessionDocument.MaxDepth + 1) return new Hashtable();
            // A bare PSCustomObject (not wrapped) only exposes its properties through a PSObject.
            if (value is PSCustomObject) value = PSObject.AsPSObject(value);
            if (value is PSObject pso)
            {
                var baseObject = pso.BaseObject;
                if (baseObject is PSCustomObject)
                {
                    var result = new OrderedDictionary();
                    foreach (var p in pso.Properties)
                    {
                        result[p.Name] = ToPlain(p.Value, depth + 1);
                    }
                    return result;
                }
                value = baseObject;
            }
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case IDictionary dictionary:
                    var ordered = new OrderedDictionary();
                    foreach (DictionaryEntry e in dictionary)
                    {
                        var key = e.Key is PSObject k ? k.BaseObject : e.Key;
                        // Invariant, as the engine names keys when it reads or writes JSON.
                        ordered[Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(e.Value, depth + 1);
                    }
                    return ordered;
                case IEnumerable list:
                    var items = new List<object?>();
                    foreach (var item in list) items.Add(ToPlain(item, depth + 1));
                    return items;
                default: return value;
            }
        }
    }
}
