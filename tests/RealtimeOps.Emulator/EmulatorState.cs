using System;

namespace RealtimeOps.Emulator
{
    /// <summary>Everything the endpoints share: configuration, credentials, the current scenario and the request log.</summary>
    public sealed class EmulatorState
    {
        private FaultScenario _scenario;

        public EmulatorState(EmulatorConfiguration configuration, FaultScenario scenario)
        {
            Configuration = configuration;
            Credentials = new CredentialStore(configuration.ApiKeys);
            _scenario = scenario;
        }

        public EmulatorConfiguration Configuration { get; }
        public CredentialStore Credentials { get; }
        public RequestLog Requests { get; } = new RequestLog();

        /// <summary>The http://127.0.0.1:port/ base the emulator listens on (known once Kestrel has bound the port).</summary>
        public string BaseUri { get; set; }

        /// <summary>The TLS certificate when started with --https, else null.</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate { get; set; }

        /// <summary>Replaced whole (never mutated) so a request sees one consistent scenario.</summary>
        public FaultScenario Scenario
        {
            get => System.Threading.Volatile.Read(ref _scenario);
            set => System.Threading.Volatile.Write(ref _scenario, value ?? throw new ArgumentNullException(nameof(value)));
        }
    }
}
