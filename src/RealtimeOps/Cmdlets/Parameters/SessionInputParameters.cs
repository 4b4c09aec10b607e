using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// The four forms in which every RealtimeOps cmdlet takes a session configuration, each its own parameter set,
    /// declared here once. <see cref="SessionInputCmdlet"/> (offline) and <see cref="SessionServiceCmdlet"/> (networked)
    /// include them; both read what is bound through <see cref="SessionInputReader"/>. Anything piped in binds
    /// -InputObject: files, JSON text, hashtables, PSCustomObjects and ConvertTo-RealtimeGaConfig results.
    /// </summary>
    internal abstract class SessionInputParameters
    {
        /// <summary>Files to read; wildcards expand to every file they match. The first position where the cmdlet has no positional parameter of its own.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SessionInputReader.PathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Files to read as written. Takes the FullName and PSPath aliases: a path bound by name from an object is used as it is.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>JSON text. Empty text is read, and refused with the same rule as an empty file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.JsonSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Json { get; set; }

        /// <summary>A hashtable, PSCustomObject, file, JSON string or ConvertTo-RealtimeGaConfig result; whatever is piped in binds here.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.InputObjectSet, ValueFromPipeline = true)]
        [AllowNull]
        public object? InputObject { get; set; }
    }
}
