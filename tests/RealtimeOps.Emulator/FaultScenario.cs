using System;
using System.Collections.Generic;
using System.Linq;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// The named faults the emulator can inject, with their parameters. Scenarios change how the
    /// data-plane endpoints answer (and ARM for arm-forbidden); control and identity endpoints never fault.
    /// </summary>
    public sealed class FaultScenario
    {
        public const string Healthy = "healthy";
        public const string Transcription500 = "transcription-500";
        public const string Throttle = "throttle";
        public const string Flaky503 = "flaky-503";
        public const string Html502 = "html-502";
        public const string Reset = "reset";
        public const string Hang = "hang";
        public const string PreviewResponse = "preview-response";
        public const string Audience401 = "audience-401";
        public const string ArmForbidden = "arm-forbidden";
        /// <summary>The data plane refuses the caller (network rules or a blocked resource): 403 on every request.</summary>
        public const string Forbidden403 = "forbidden-403";

        public static readonly IReadOnlyList<string> KnownNames = new[]
        {
            Healthy, Transcription500, Throttle, Flaky503, Html502, Reset, Hang, PreviewResponse, Audience401, ArmForbidden, Forbidden403,
        }.Concat(RealtimeSocketScenarios.Names).ToArray();

        /// <summary>Which surface the generic faults (throttle, flaky-503, html-502, reset, hang, audience-401) hit.</summary>
        public const string TargetDataPlane = "data-plane";
        public const string TargetArm = "arm";
        public const string TargetAll = "all";
        public static readonly IReadOnlyList<string> KnownTargets = new[] { TargetDataPlane, TargetArm, TargetAll };

        public const double DefaultFailureRate = 0.5;
        public const int DefaultCount = 2;
        public const int DefaultSeed = 42;

        private readonly object _gate = new object();
        private readonly Random _random;
        private int _throttledSoFar;

        public FaultScenario(string name, double failureRate = DefaultFailureRate, int count = DefaultCount, int seed = DefaultSeed, string target = TargetDataPlane)
        {
            Name = name;
            Target = target;
            FailureRate = failureRate;
            Count = count;
            Seed = seed;
            _random = new Random(seed);
        }

        public string Name { get; }
        public double FailureRate { get; }
        public int Count { get; }
        public int Seed { get; }
        public string Target { get; }

        public bool HitsDataPlane => Target == TargetDataPlane || Target == TargetAll;
        public bool HitsArm => Target == TargetArm || Target == TargetAll;

        public static bool IsKnown(string name) => name != null && KnownNames.Contains(name, StringComparer.Ordinal);

        /// <summary>throttle: true for the first <see cref="Count"/> data-plane requests after the scenario was set.</summary>
        public bool TakeThrottleSlot()
        {
            lock (_gate)
            {
                if (_throttledSoFar >= Count) return false;
                _throttledSoFar++;
                return true;
            }
        }

        /// <summary>flaky-503: a seeded draw, so a run with the same seed fails the same requests.</summary>
        public bool DrawFailure()
        {
            lock (_gate) return _random.NextDouble() < FailureRate;
        }

        public object Describe() => new { name = Name, failureRate = FailureRate, count = Count, seed = Seed, target = Target };
    }
}
