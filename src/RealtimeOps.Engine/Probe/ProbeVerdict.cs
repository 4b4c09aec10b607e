namespace RealtimeOps.Engine.Probe
{
    /// <summary>What the probe concludes from the attempts with and without transcription.</summary>
    public enum ProbeVerdict
    {
        /// <summary>Every attempt of every variant succeeded.</summary>
        Healthy,
        /// <summary>The service rejects the request as invalid (4xx), only with transcription or in every variant.</summary>
        ClientConfiguration,
        /// <summary>5xx only when transcription is on, while the same request without it succeeds: the case RealtimeOps grew from.</summary>
        TranscriptionServiceFault,
        /// <summary>5xx with and without transcription.</summary>
        ServiceFault,
        /// <summary>401: the key, the token or its audience is wrong.</summary>
        Authentication,
        /// <summary>403: network rules, a blocked resource or a missing data-plane role.</summary>
        Authorization,
        /// <summary>404 DeploymentNotFound: the realtime or transcription deployment name does not exist.</summary>
        DeploymentNotFound,
        /// <summary>429 and no other failure.</summary>
        Throttled,
        /// <summary>No HTTP answer: connection refused or reset, DNS, TLS, or a timeout.</summary>
        Network,
        /// <summary>Some attempts of the same request succeed and others fail.</summary>
        Intermittent,
        /// <summary>Nothing measured, or a pattern none of the other verdicts explains.</summary>
        Inconclusive,
        /// <summary>-Live: client_secrets answered 200, but the live session did not transcribe the speech sample.</summary>
        LiveTranscriptionFailure,
        /// <summary>-Live: the transcription-only session transcribed, the conversation session on the realtime deployment did not.</summary>
        RealtimeDeploymentLiveFailure,
    }
}
