using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>An error the user hit, as the bundle stores it (from a PowerShell ErrorRecord).</summary>
    internal sealed class BundleError
    {
        public string? ErrorId { get; set; }
        public string? Category { get; set; }
        public string? Message { get; set; }
        public string? RecommendedAction { get; set; }
        public string? TargetName { get; set; }
        public string? ExceptionType { get; set; }
        public string? InvocationInfo { get; set; }
        public DateTimeOffset? RecordedAtUtc { get; set; }
    }

    /// <summary>Where the bundle was made: versions and the kind of host, for manifest.json.</summary>
    internal sealed class BundleHostInfo
    {
        public string? ModuleVersion { get; set; }
        public string? PowerShellVersion { get; set; }
        public string? PowerShellEdition { get; set; }
        public string? OperatingSystem { get; set; }
        public string? Runtime { get; set; }
        public HostKind HostKind { get; set; }
    }
}
