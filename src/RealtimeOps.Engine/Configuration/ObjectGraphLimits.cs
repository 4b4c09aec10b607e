#nullable enable
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>
    /// The limits on an object graph a script hands over (hashtables, lists, PSCustomObjects): the caller that walks
    /// the live objects puts one of these markers where it stopped, and <see cref="SessionDocument.FromObject"/> turns
    /// the marker into a diagnostic, so a self-referencing or runaway graph costs neither a stack nor unbounded memory.
    /// </summary>
    internal static class ObjectGraphLimits
    {
        /// <summary>More values than any session configuration holds (a 10 MB JSON file has fewer).</summary>
        public const int MaxValues = 1_000_000;

        /// <summary>Stands where a container contains itself (directly or through its children).</summary>
        public static readonly object SelfReference = new object();

        /// <summary>Stands where the walk stopped because the graph has more than <see cref="MaxValues"/> values.</summary>
        public static readonly object TooManyValues = new object();

        /// <summary>The diagnostic for a marker, or null for any other value.</summary>
        public static Diagnostic? Verdict(object? value, string source)
        {
            if (ReferenceEquals(value, SelfReference))
            {
                return new Diagnostic(RuleIds.NestingTooDeep, RuleCatalog.Get(RuleIds.NestingTooDeep).Severity, string.Empty, null, null,
                    "The object refers to itself (a hashtable or object that contains itself); checking stopped.",
                    "Pass a plain hashtable or ordered dictionary of the configuration, without references back to itself.", source);
            }
            if (ReferenceEquals(value, TooManyValues))
            {
                return new Diagnostic(RuleIds.DocumentTooLarge, RuleCatalog.Get(RuleIds.DocumentTooLarge).Severity, string.Empty, null, null,
                    $"The object holds more than {MaxValues:N0} values; RealtimeOps checks configurations up to that size and did not read the rest.",
                    "A session configuration holds a few dozen values: check that this is the right object.", source);
            }
            return null;
        }
    }
}
