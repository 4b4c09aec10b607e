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
    internal static class ConfigurationValidator
    {
        public static ValidationResult ValidateJson(string json, string? source, ValidationOptions? options)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            options = options ?? new ValidationOptions();
            source = source ?? "json";
            return Validate(SessionReader.ReadText(json, source, options.MaxDocumentBytes), options);
        }

        /// <summary>
        /// Reads and checks a file through <see cref="SessionReader"/>. Throws IOException (FileNotFoundException when it
        /// does not exist) or UnauthorizedAccessException only when the file cannot be read; a file above
        /// <see cref="ValidationOptions.MaxDocumentBytes"/> gives RTC1003 without being read.
        /// </summary>
        public static ValidationResult ValidateFile(string path, ValidationOptions? options)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            options = options ?? new ValidationOptions();
            var read = SessionReader.ReadFile(path, options.MaxDocumentBytes);
            if (read.Failure != null)
            {
                switch (read.Failure.Kind)
                {
                    case SessionReadFailureKind.NotFound: throw new FileNotFoundException(read.Failure.Message, path);
                    case SessionReadFailureKind.AccessDenied: throw new UnauthorizedAccessException(read.Failure.Message);
                    default: throw new IOException(read.Failure.Message);
                }
            }
            return Validate(read.Document, options);
        }

        public static ValidationResult Validate(SessionDocument? doc, ValidationOptions? options)
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
