<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.4 runtime): probe an Azure OpenAI Realtime resource with the Automation
    account's managed identity and keep a support bundle of the evidence.
.DESCRIPTION
    Import RealtimeOps into the Automation account first (the zip from 'build.ps1 Package', or the gallery), and give
    the account's managed identity two roles on the Azure OpenAI resource: Cognitive Services User (data plane, for the
    probe) and Reader (Azure Resource Manager, for the deployment checks). Role changes take about five minutes.

    The runbook never prompts and starts no process: it validates the session configuration, checks the deployments,
    probes with and without transcription and writes the bundle to the sandbox's temporary folder. Its output is one
    object (Verdict, Summary, Recommendation, FailedApimRequestIds, BundlePath); a verdict other than Healthy is also a
    warning in the job stream. Progress records are not written in Automation.

    Run it from a schedule, a webhook or the portal with the parameters below. The session configuration is passed as
    JSON (for example from an Automation variable: Get-AutomationVariable -Name RealtimeSessionJson).

    With -TranscriptionDeployment it also runs the scheduled live check: Test-RealtimeTranscription opens a
    transcription-only session (billable, a few seconds of audio) with the same managed identity and proves that
    speech is transcribed at run time. Its verdict joins the output (LiveVerdict, LiveApimRequestId), a verdict other
    than Transcribed is a warning, and the live session's event timeline goes into the same bundle.
#>
param(
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Deployment,
    [Parameter(Mandatory)] [string] $SessionJson,
    [string] $SubscriptionId,
    [string] $ResourceGroupName,
    [string] $AccountName,
    # The client id of a user-assigned identity; omit it for the system-assigned identity.
    [string] $ClientId,
    # Sovereign clouds; the public cloud's Resource Manager by default.
    [string] $ResourceManagerEndpoint,
    [ValidateRange(1, 20)] [int] $Rounds = 3,
    [ValidateRange(0, 60000)] [int] $DelayMs = 1000,
    [string] $BundleFolder = [IO.Path]::GetTempPath(),
    # The transcription deployment to check live (gpt-4o-transcribe...); no live check when omitted.
    [string] $TranscriptionDeployment,
    [ValidateRange(5, 300)] [int] $LiveTimeoutSec = 30
)
$ErrorActionPreference = 'Stop'
# Pinned, so a module update in the Automation account never changes a scheduled runbook's behaviour.
Import-Module RealtimeOps -RequiredVersion 0.1.0

$connect = @{ Endpoint = $Endpoint; Identity = $true; Deployment = $Deployment }
if ($ClientId) { $connect.ClientId = $ClientId }
if ($SubscriptionId) { $connect.SubscriptionId = $SubscriptionId; $connect.ResourceGroupName = $ResourceGroupName; $connect.AccountName = $AccountName }
if ($ResourceManagerEndpoint) { $connect.ResourceManagerEndpoint = $ResourceManagerEndpoint }
Connect-RealtimeOps @connect

$validation = Test-TranscriptionConfig -Json $SessionJson
foreach ($d in $validation.Diagnostics) { Write-Verbose "$($d.RuleId) $($d.Severity) $($d.Path): $($d.Message)" }
if (-not $validation.IsValid) {
    Write-Warning "The session configuration has $($validation.ErrorCount) error(s); the probe still runs, but a service-side verdict needs a valid payload."
}

$probe = Invoke-RealtimeProbe -Json $SessionJson -Rounds $Rounds -DelayMs $DelayMs
$live = $null
if ($TranscriptionDeployment) {
    # The scheduled live check: audio in, transcript out, over the realtime WebSocket (Confirm off: no one is there to answer).
    $live = Test-RealtimeTranscription -TranscriptionDeployment $TranscriptionDeployment -TimeoutSec $LiveTimeoutSec -Confirm:$false
}
$bundlePath = Join-Path $BundleFolder ("realtime-probe-{0:yyyyMMdd-HHmmss}.zip" -f [DateTime]::UtcNow)
$bundle = @($probe; $live) | Where-Object { $_ } | Export-SupportBundle -Path $bundlePath -Force -WarningAction SilentlyContinue

if ("$($probe.Verdict)" -ne 'Healthy') {
    Write-Warning "Realtime probe: $($probe.Verdict). $($probe.Summary) $($probe.Recommendation)"
}
if ($live -and "$($live.Verdict)" -ne 'Transcribed') {
    Write-Warning "Live transcription check: $($live.Verdict). $($live.Summary) $($live.Recommendation)"
}
[pscustomobject]@{
    Verdict              = "$($probe.Verdict)"
    Summary              = $probe.Summary
    Recommendation       = $probe.Recommendation
    FailedApimRequestIds = @($probe.FailedApimRequestIds)
    LiveVerdict          = if ($live) { "$($live.Verdict)" } else { $null }
    LiveApimRequestId    = if ($live) { $live.ApimRequestId } else { $null }
    BundlePath           = $bundle.FullName
    FillInBeforeSending  = @($bundle.FillInBeforeSending)
}
