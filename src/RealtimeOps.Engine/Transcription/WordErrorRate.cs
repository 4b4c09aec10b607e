#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>
    /// Word error rate: (substitutions + deletions + insertions) / words expected, over words with case,
    /// punctuation and accents folded, so "Hello, world." and "hello world" match.
    /// </summary>
    internal static class WordErrorRate
    {
        internal static double Compute(string? expected, string? actual)
        {
            var reference = Words(expected);
            var hypothesis = Words(actual);
            if (reference.Count == 0) return hypothesis.Count == 0 ? 0 : 1;
            // Levenshtein distance over words, two rows.
            var previous = new int[hypothesis.Count + 1];
            var current = new int[hypothesis.Count + 1];
            for (var j = 0; j <= hypothesis.Count; j++) previous[j] = j;
            for (var i = 1; i <= reference.Count; i++)
            {
                current[0] = i;
                for (var j = 1; j <= hypothesis.Count; j++)
                {
                    var cost = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1;
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                }
                var swap = previous; previous = current; current = swap;
            }
            return Math.Round((double)previous[hypothesis.Count] / reference.Count, 4);
        }

        internal static IReadOnlyList<string> Words(string? text)
        {
            var words = new List<string>();
            if (text == null || string.IsNullOrWhiteSpace(text)) return words;
            var decomposed = text.Normalize(NormalizationForm.FormD);
            var word = new StringBuilder();
            foreach (var c in decomposed)
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.NonSpacingMark) continue;
                if (char.IsLetterOrDigit(c)) { word.Append(char.ToLowerInvariant(c)); continue; }
                // An apostrophe inside a word ("don't") stays part of it; other punctuation splits or vanishes.
                if ((c == '\'' || c == '\u2019') && word.Length > 0) continue;
                if (word.Length > 0) { words.Add(word.ToString()); word.Clear(); }
            }
            if (word.Length > 0) words.Add(word.ToString());
            return words;
        }
    }
}
