<#
.SYNOPSIS
    Interactive triage of "client_secrets returns 500 when I add transcription": validate the configuration, check
    the deployments, probe with and without transcription, and write a support bundle.
.DESCRIPTION
    The triage's three steps, in order (Microsoft Learn, "Troubleshoot Azure OpenAI errors", https://learn.microsoft.com/azure/foundry/openai/how-to/troubleshoot-errors): (1) the session configuration is valid and names a supported
    transcription model; (2) the realtime deployment exists, is a realtime model, and the region offers it;
    (3) if the 500 persists, open a support case with the region, resource, subscription, the exact request with and
    without transcription, and the UTC times and apim-request-ids of the failing responses. Step 3's evidence is the
    zip this script writes.

    Run it at a prompt after 'az login' (the default), or choose another sign-in with -Auth.
.EXAMPLE
    ./Invoke-RealtimeTriage.ps1 -Endpoint https://contoso-rt.openai.azure.com -Deployment gpt-realtime `
        -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName rg-realtime -AccountName contoso-rt `
        -ConfigPath ./session.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Deployment,
    [string] $ConfigPath = (Join-Path $PSScriptRoot 'session.json'),
    [string] $SubscriptionId,
    [string] $ResourceGroupName,
    [string] $AccountName,
    # Sovereign clouds, or the local emulator.
    [string] $ResourceManagerEndpoint,
    [ValidateSet('AzureCli', 'Identity', 'DefaultCredential', 'ApiKey')] [string] $Auth = 'AzureCli',
    [securestring] $ApiKey,
    [string] $BundlePath = (Join-Path (Get-Location) "realtime-triage-$(Get-Date -Format 'yyyyMMdd-HHmmss').zip"),
    [ValidateRange(1, 100)] [int] $Rounds = 3,
    [ValidateRange(0, 600000)] [int] $DelayMs = 500,
    # After the A/B probe, open live sessions and check that speech is transcribed at run time (billable).
    [switch] $Live,
    # Where to import RealtimeOps from; by default the installed module.
    [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
if ($ModulePath) { Import-Module $ModulePath } else { Import-Module RealtimeOps }

$connect = @{ Endpoint = $Endpoint; Deployment = $Deployment }
switch ($Auth) {
    'AzureCli' { $connect.AzureCli = $true }
    'Identity' { $connect.Identity = $true }
    'DefaultCredential' { $connect.DefaultCredential = $true }
    'ApiKey' {
        if (-not $ApiKey) { $ApiKey = Read-Host -AsSecureString -Prompt 'Api key of the Azure OpenAI resource' }
        $connect.ApiKey = $ApiKey
    }
}
if ($SubscriptionId) { $connect.SubscriptionId = $SubscriptionId; $connect.ResourceGroupName = $ResourceGroupName; $connect.AccountName = $AccountName }
if ($ResourceManagerEndpoint) { $connect.ResourceManagerEndpoint = $ResourceManagerEndpoint }
Connect-RealtimeOps @connect

# Step 1: the configuration, offline.
$validation = Test-TranscriptionConfig -Path $ConfigPath
$validation | Format-Table -AutoSize | Out-Host
$validation.Diagnostics | Format-Table -AutoSize | Out-Host

# Step 2: the deployments (online when the connection names the account and signs in with Entra ID).
if ($SubscriptionId -and $Auth -ne 'ApiKey') {
    Get-RealtimeDeployment | Format-Table -AutoSize | Out-Host
}
$deploymentCheck = Test-RealtimeDeployment -Path $ConfigPath -WarningAction SilentlyContinue
$deploymentCheck.Checks | Format-Table Name, Status, Reason -AutoSize -Wrap | Out-Host

# Step 3: the A/B probe, then the bundle for the support case.
$probe = Invoke-RealtimeProbe -Path $ConfigPath -Rounds $Rounds -DelayMs $DelayMs -Live:$Live
$probe | Format-List Verdict, Summary, Recommendation | Out-Host
$probe.Variants | Format-Table -AutoSize | Out-Host
# With -Live: what the live sessions saw, event by event.
foreach ($check in $probe.LiveChecks) { $check | Out-Host; $check.Timeline | Format-Table -AutoSize | Out-Host }
# The probe result carries its own validation and deployment results, its exchanges and the verdict.
$bundle = $probe | Export-SupportBundle -Path $BundlePath -Force -WarningAction SilentlyContinue

[pscustomobject]@{
    Verdict              = "$($probe.Verdict)"
    Summary              = $probe.Summary
    FailedApimRequestIds = @($probe.FailedApimRequestIds)
    LiveVerdicts         = @($probe.LiveChecks | ForEach-Object { "$($_.SessionType): $($_.Verdict)" })
    LiveApimRequestIds   = @($probe.LiveChecks | ForEach-Object ApimRequestId)
    BundlePath           = $bundle.FullName
    FillInBeforeSending  = @($bundle.FillInBeforeSending)
}
