using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Runtime.CompilerServices;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Conversion
{
    /// <summary>
    /// Turns what users build in scripts (hashtables, ordered dictionaries, PSCustomObjects, arrays, values
    /// wrapped in PSObject) into plain dictionaries and lists the session reader reads. A container met again on
    /// its own path becomes <see cref="ObjectGraphLimits.SelfReference"/>, and the walk stops after
    /// <see cref="ObjectGraphLimits.MaxValues"/> values (<see cref="ObjectGraphLimits.TooManyValues"/>), so a
    /// cyclic or runaway graph is a diagnostic, never a stack overflow or unbounded memory.
    /// </summary>
    internal static class PSObjectGraph
    {
        public static object? ToPlain(object? value)
        {
            var walk = new Walk();
            var plain = walk.ToPlain(value, 0);
            return walk.Stopped ? ObjectGraphLimits.TooManyValues : plain;
        }

        private sealed class Walk
        {
            private readonly HashSet<object> _path = new HashSet<object>(ReferenceComparer.Instance);
            private int _values;

            public bool Stopped { get; private set; }

            public object? ToPlain(object? value, int depth)
            {
                if (Stopped) return null;
                if (++_values > ObjectGraphLimits.MaxValues) { Stopped = true; return null; }
                // Beyond the engine's limit we stop converting and hand over one more container, so the engine reports RTC1002.
                if (depth > SessionDocument.MaxDepth + 1) return new Hashtable();
                // A bare PSCustomObject (not wrapped) only exposes its properties through a PSObject.
                if (value is PSCustomObject) value = PSObject.AsPSObject(value);
                if (value is PSObject pso)
                {
                    if (pso.BaseObject is PSCustomObject)
                    {
                        if (!_path.Add(pso)) return ObjectGraphLimits.SelfReference;
                        var result = new OrderedDictionary(StringComparer.Ordinal);
                        foreach (var p in pso.Properties)
                        {
                            result[p.Name] = ToPlain(p.Value, depth + 1);
                            if (Stopped) break;
                        }
                        _path.Remove(pso);
                        return result;
                    }
                    value = pso.BaseObject;
                }
                switch (value)
                {
                    case null: return null;
                    case string s: return s;
                    case IDictionary dictionary:
                        if (!_path.Add(dictionary)) return ObjectGraphLimits.SelfReference;
                        var ordered = new OrderedDictionary(StringComparer.Ordinal);
                        foreach (DictionaryEntry e in dictionary)
                        {
                            var key = e.Key is PSObject k ? k.BaseObject : e.Key;
                            // Invariant, as the engine names keys when it reads or writes JSON.
                            ordered[Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(e.Value, depth + 1);
                            if (Stopped) break;
                        }
                        _path.Remove(dictionary);
                        return ordered;
                    case IEnumerable list:
                        if (!_path.Add(list)) return ObjectGraphLimits.SelfReference;
                        var items = new List<object?>();
                        foreach (var item in list)
                        {
                            items.Add(ToPlain(item, depth + 1));
                            if (Stopped) break;
                        }
                        _path.Remove(list);
                        return items;
                    default: return value;
                }
            }
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();
            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
