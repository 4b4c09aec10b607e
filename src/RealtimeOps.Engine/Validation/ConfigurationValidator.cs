using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// Checks a realtime or transcription session configuration offline against the GA or preview field
    /// tables (Catalog/session-fields.json), the model catalog (models.json) and the rules of rules.json.
    /// Never throws for bad content: every problem is a <see cref="Diagnostic"/>.
    /// </summary>
    public static class ConfigurationValidator
    {
        public static ValidationResult ValidateJson(string json, string source, ValidationOptions options)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            options = options ?? new ValidationOptions();
            source = source ?? "json";
            // A .NET char encodes to at most 3 UTF-8 bytes, so only a string whose Length*3 exceeds the limit needs counting.
            if (json.Length * 3L > options.MaxDocumentBytes && System.Text.Encoding.UTF8.GetByteCount(json) > options.MaxDocumentBytes)
            {
                return TooLarge(source, System.Text.Encoding.UTF8.GetByteCount(json), options);
            }
            return Validate(SessionDocument.Parse(json, source), options);
        }

        /// <summary>
        /// Reads and checks a file. Throws IOException, UnauthorizedAccessException (or another I/O exception) only
        /// when the file cannot be read; a file above <see cref="ValidationOptions.MaxDocumentBytes"/> gives RTC1003
        /// without being read.
        /// </summary>
        public static ValidationResult ValidateFile(string path, ValidationOptions options)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            options = options ?? new ValidationOptions();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))
            {
                var length = stream.Length;
                if (length > options.MaxDocumentBytes) return TooLarge(path, length, options);
                var bytes = new byte[length];
                var read = 0;
                while (read < bytes.Length)
                {
                    var n = stream.Read(bytes, read, bytes.Length - read);
                    if (n == 0) break;
                    read += n;
                }
                if (read != bytes.Length) Array.Resize(ref bytes, read);
                return Validate(SessionDocument.Parse(bytes, path), options);
            }
        }

        private static ValidationResult TooLarge(string source, long length, ValidationOptions options)
        {
            var d = new Diagnostic(RuleIds.DocumentTooLarge, DiagnosticSeverity.Error, string.Empty, null, null,
                $"The input is {length:N0} bytes; RealtimeOps checks configurations up to {options.MaxDocumentBytes:N0} bytes and did not read it.",
                "A session configuration is a few kilobytes: check that this is the right file.", source);
            return new ValidationResult(source, ConfigurationKind.Unknown, PayloadShape.Unknown, new[] { d }, null, null, null, false, options.Target);
        }

        public static ValidationResult Validate(SessionDocument doc, ValidationOptions options)
        {
            if (doc == null) throw new ArgumentNullException(nameof(doc));
            options = options ?? new ValidationOptions();
            if (doc.Root == null)
            {
                return new ValidationResult(doc.Source, ConfigurationKind.Unknown, PayloadShape.Unknown, doc.Diagnostics, doc, null, null, false, options.Target);
            }
            var run = new ValidationRun(doc, options);
            return run.Execute();
        }
    }
}
