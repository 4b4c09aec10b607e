<#
.SYNOPSIS
    Fleet sweep: Find-RealtimeAccount | Get-RealtimeDeployment | Export-RealtimeFleetReport (offline checks) over 1,000
    accounts against the emulator with 50 ms latency per request, against a sequential Invoke-RestMethod loop over the
    same accounts (ARM account list per subscription, then deployments per account) in the same run.
.DESCRIPTION
    Both run in fresh pwsh processes against one HTTPS emulator whose generated fleet has -Accounts accounts over
    40 subscriptions, with a managed identity (module) and a Resource Manager token from the emulator (peer). Reported:
    wall time of each (module import excluded), their ratio, and the peak working set of the module's process.
    The sweep runs twice: with Resource Graph not indexing deployments (every account read from ARM, -ThrottleLimit at
    a time) and with it indexing them (one query). Goals: >= 10x faster at the default throttle limit, < 300 MB.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/fleet.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Accounts = 1000,
    [int] $LatencyMs = 50,
    [int[]] $ThrottleLimit = @(8, 16)
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if (-not $env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path }
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/TestHelpers.psm1') -Force
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/EmulatorHelpers.psm1') -Force
$manifest = Join-Path (Resolve-Path $ModulePath).Path 'RealtimeOps.psd1'

$emu = Start-RealtimeOpsEmulator -Https
$saved = @{ SSL_CERT_FILE = $env:SSL_CERT_FILE; IDENTITY_ENDPOINT = $env:IDENTITY_ENDPOINT; IDENTITY_HEADER = $env:IDENTITY_HEADER }
try {
    $env:SSL_CERT_FILE = $emu.CertificatePath; $env:IDENTITY_ENDPOINT = $emu.IdentityEndpoint; $env:IDENTITY_HEADER = $emu.IdentityHeader
    function Set-Fleet([bool] $Index) {
        $body = @{ accounts = $Accounts; subscriptions = 40; latencyMs = $LatencyMs; indexDeployments = $Index; quota = 1000 } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$($emu.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy -ContentType application/json -Body $body
    }
    function Invoke-Measured([string] $Body) {
        $r = Invoke-FreshPwsh -TimeoutSeconds 900 -Script @"
`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'
$Body
`$p = Get-Process -Id `$PID
'RESULT:' + ([ordered]@{ Ms = `$ms; Count = `$count; PeakMB = [math]::Round(`$p.PeakWorkingSet64 / 1MB) } | ConvertTo-Json -Compress)
"@
        if ($r.ExitCode -ne 0) { throw "Bench process failed: $($r.StdErr)" }
        (($r.StdOut -split "`r?`n") | Where-Object { $_ -like 'RESULT:*' } | Select-Object -Last 1).Substring(7) | ConvertFrom-Json
    }

    $fleet = Set-Fleet $false
    # Peer: what a user scripts today, one request at a time, with a Resource Manager token.
    $peer = Invoke-Measured @"
`$token = (Invoke-RestMethod -Method Post -Uri '$($emu.BaseUri)/_emulator/tokens' -ContentType application/json -Body '{"resource":"https://management.azure.com"}').access_token
`$h = @{ Authorization = "Bearer `$token" }
`$w = [Diagnostics.Stopwatch]::StartNew(); `$count = 0
foreach (`$sub in '$($fleet.subscriptions -join "','")'.Split(',')) {
    `$sub = `$sub.Trim("'")
    `$list = Invoke-RestMethod -Uri "$($emu.BaseUri)/subscriptions/`$sub/providers/Microsoft.CognitiveServices/accounts?api-version=2024-10-01" -Headers `$h
    foreach (`$a in `$list.value) {
        try { `$count += @((Invoke-RestMethod -Uri "$($emu.BaseUri)`$(`$a.id)/deployments?api-version=2024-10-01" -Headers `$h).value).Count } catch { }
    }
}
`$ms = `$w.Elapsed.TotalMilliseconds
"@

    $rows = foreach ($index in $false, $true) {
        Set-Fleet $index | Out-Null
        foreach ($limit in ($index ? @(8) : $ThrottleLimit)) {
            $module = Invoke-Measured @"
Import-Module '$manifest'
Connect-RealtimeOps -Endpoint '$($emu.BaseUri)' -Identity -ResourceManagerEndpoint '$($emu.BaseUri)'
`$null = Find-RealtimeAccount -Name nothing-matches   # first call: token and pipeline, like the peer's token request
`$out = Join-Path ([IO.Path]::GetTempPath()) ("fleet-bench-{0}.json" -f [guid]::NewGuid().ToString('n'))
`$w = [Diagnostics.Stopwatch]::StartNew()
`$report = Find-RealtimeAccount | Get-RealtimeDeployment -ThrottleLimit $limit -ErrorAction SilentlyContinue | Export-RealtimeFleetReport -Path `$out
`$ms = `$w.Elapsed.TotalMilliseconds; `$count = `$report.Deployments
Remove-Item `$out
"@
            [pscustomobject]@{
                ResourceGraphIndexesDeployments = $index; ThrottleLimit = $limit
                ModuleSeconds = [math]::Round($module.Ms / 1000, 2); PeerSeconds = [math]::Round($peer.Ms / 1000, 2)
                Ratio = [math]::Round($peer.Ms / $module.Ms, 1); ModulePeakMB = $module.PeakMB; PeerPeakMB = $peer.PeakMB
                ModuleDeployments = $module.Count; PeerDeployments = $peer.Count
            }
        }
    }
    "Fleet sweep of $Accounts accounts, $LatencyMs ms per request (emulator over HTTPS; module import excluded):"
    $rows | Format-Table -AutoSize | Out-String -Width 200
}
finally {
    foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
    $emu | Stop-RealtimeOpsEmulator
}
