<#
.SYNOPSIS
    The RealtimeOps demo: the A/B triage against the local emulator, first where transcription fails with a 500,
    then where minting works but transcription fails at run time (the live sessions of -Live), then where everything
    is healthy. Exits non-zero when a verdict is not the expected one.
.DESCRIPTION
    Starts the emulator (127.0.0.1 only, HTTPS with a throw-away certificate so managed-identity tokens can be used),
    and runs docs/examples/Invoke-RealtimeTriage.ps1 as a user would, signed in with a managed identity the emulator
    serves: Test-TranscriptionConfig, Get-RealtimeDeployment, Test-RealtimeDeployment, Invoke-RealtimeProbe and
    Export-SupportBundle. It prints each verdict, the apim-request-ids of the failing responses and the bundle path.
    No internet is used. The emulator is always stopped.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./docs/examples/Invoke-DemoTriage.ps1 -ModulePath ./out/RealtimeOps/0.1.0 -EmulatorPath ./out/emulator/RealtimeOps.Emulator.dll
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [string] $OutputFolder = (Join-Path ([IO.Path]::GetTempPath()) 'realtimeops-demo')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$manifest = if (Test-Path -LiteralPath $ModulePath -PathType Container) { Join-Path $ModulePath 'RealtimeOps.psd1' } else { $ModulePath }
$manifest = (Resolve-Path -LiteralPath $manifest).Path
$EmulatorPath = (Resolve-Path -LiteralPath $EmulatorPath).Path
$triage = Join-Path $PSScriptRoot 'Invoke-RealtimeTriage.ps1'
$dotnet = (Get-Process -Id $PID).Path
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null
$certificate = Join-Path ([IO.Path]::GetTempPath()) "realtimeops-demo-$([guid]::NewGuid().ToString('n')).pem"

function Start-Emulator {
    $psi = [Diagnostics.ProcessStartInfo]::new($dotnet)
    foreach ($a in $EmulatorPath, '--port', '0', '--scenario', 'transcription-500', '--https', '--certificate-out', $certificate, '--parent-pid', "$PID") { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $null = $process.StandardError.ReadToEndAsync()
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(60000) -or $line.Result -notmatch 'listening on (https://127\.0\.0\.1:\d+)$') {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The emulator did not start: '$($line.Result)'."
    }
    $null = $process.StandardOutput.ReadToEndAsync()
    [pscustomobject]@{ Process = $process; BaseUri = $Matches[1] }
}

function Invoke-Control($Emulator, [string] $Method, [string] $Path, $Body) {
    $p = @{ Method = $Method; Uri = "$($Emulator.BaseUri)$Path"; SkipCertificateCheck = $true; NoProxy = $true; TimeoutSec = 30 }
    if ($Body) { $p.Body = $Body | ConvertTo-Json -Compress; $p.ContentType = 'application/json' }
    Invoke-RestMethod @p
}

# The triage runs in its own pwsh: .NET reads SSL_CERT_FILE (the emulator's certificate) only at process start.
function Invoke-Triage($Emulator, $Config, [string] $Name, [bool] $Live) {
    $bundle = Join-Path $OutputFolder "$Name.zip"
    $resultFile = Join-Path $OutputFolder "$Name.result.json"
    $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
`$r = & '$triage' -ModulePath '$manifest' -Endpoint '$($Emulator.BaseUri)' -Deployment gpt-realtime -Auth Identity ``
    -SubscriptionId '$($Config.subscriptionId)' -ResourceGroupName '$($Config.accounts[0].resourceGroup)' -AccountName '$($Config.accounts[0].name)' ``
    -ResourceManagerEndpoint '$($Emulator.BaseUri)/' -BundlePath '$bundle' -DelayMs 100 -Live:`$$Live
`$r | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath '$resultFile'
"@
    $file = Join-Path ([IO.Path]::GetTempPath()) "realtimeops-demo-$Name.ps1"
    Set-Content -LiteralPath $file -Value $script
    $psi = [Diagnostics.ProcessStartInfo]::new($dotnet)
    foreach ($a in $pwshDll, '-NoProfile', '-NonInteractive', '-File', $file) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.Environment['SSL_CERT_FILE'] = $certificate
    $psi.Environment['IDENTITY_ENDPOINT'] = $Config.identityEndpoint
    $psi.Environment['IDENTITY_HEADER'] = $Config.identityHeader
    foreach ($v in 'MSI_ENDPOINT', 'MSI_SECRET', 'IMDS_ENDPOINT', 'AZURE_POD_IDENTITY_AUTHORITY_HOST', 'AZURE_CLIENT_ID') { $null = $psi.Environment.Remove($v) }
    $child = [Diagnostics.Process]::Start($psi)
    if (-not $child.WaitForExit(120000)) { $child.Kill($true); throw "The $Name triage did not finish within 2 minutes." }
    Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    if ($child.ExitCode -ne 0 -or -not (Test-Path -LiteralPath $resultFile)) { throw "The $Name triage failed (exit code $($child.ExitCode))." }
    Get-Content -LiteralPath $resultFile -Raw | ConvertFrom-Json
}

$watch = [Diagnostics.Stopwatch]::StartNew()
$emulator = $null
$failures = @()
try {
    $emulator = Start-Emulator
    $config = Invoke-Control $emulator Get '/_emulator/config'
    Write-Host "Emulator on $($emulator.BaseUri) (account $($config.accounts[0].name), $($config.regionDisplayName))" -ForegroundColor Cyan

    foreach ($case in @(
            @{ Scenario = 'transcription-500'; Expected = 'TranscriptionServiceFault'; Live = $false },
            @{ Scenario = 'transcription-failed'; Expected = 'LiveTranscriptionFailure'; Live = $true },
            @{ Scenario = 'healthy'; Expected = 'Healthy'; Live = $true })) {
        $null = Invoke-Control $emulator Post '/_emulator/scenario' @{ name = $case.Scenario }
        Write-Host ''
        Write-Host "==> Scenario '$($case.Scenario)': validate the configuration, check deployments, probe, export the bundle" -ForegroundColor Cyan
        $result = Invoke-Triage $emulator $config $case.Scenario $case.Live
        $colour = if ($result.Verdict -eq $case.Expected) { 'Green' } else { 'Red' }
        Write-Host "Verdict: $($result.Verdict)" -ForegroundColor $colour
        Write-Host "Summary: $($result.Summary)"
        if (@($result.FailedApimRequestIds).Count -gt 0) {
            Write-Host 'apim-request-id of the failing responses:'
            foreach ($id in $result.FailedApimRequestIds) { Write-Host "  $id" }
        }
        foreach ($v in @($result.LiveVerdicts)) { Write-Host "Live session: $v" }
        if (@($result.LiveApimRequestIds).Count -gt 0) { Write-Host "apim-request-id of the live sessions' upgrades: $(@($result.LiveApimRequestIds) -join ', ')" }
        Write-Host "Bundle:  $($result.BundlePath)"
        if ($result.Verdict -ne $case.Expected) { $failures += "$($case.Scenario): expected $($case.Expected), got $($result.Verdict)" }
        if ($case.Expected -eq 'TranscriptionServiceFault' -and @($result.FailedApimRequestIds).Count -eq 0) { $failures += "$($case.Scenario): no apim-request-id was reported" }
        if ($case.Expected -eq 'LiveTranscriptionFailure' -and @($result.LiveApimRequestIds).Count -eq 0) { $failures += "$($case.Scenario): no live session request id was reported" }
    }
}
finally {
    if ($emulator -and -not $emulator.Process.HasExited) { $emulator.Process.Kill($true); $null = $emulator.Process.WaitForExit(5000) }
    Remove-Item -LiteralPath $certificate -ErrorAction SilentlyContinue
}

Write-Host ''
Write-Host ("Demo finished in {0:0.0} s." -f $watch.Elapsed.TotalSeconds)
if ($failures) {
    $failures | ForEach-Object { Write-Host "FAILED: $_" -ForegroundColor Red }
    exit 1
}
exit 0
