<#
.SYNOPSIS
    Minting cost: 200 sequential New-RealtimeClientSecret calls against 200 raw Invoke-RestMethod calls to the
    same emulator in the same run, plus the first call's extra cost (loading Azure.Core and building the pipeline).
.DESCRIPTION
    Peer: Invoke-RestMethod POSTing the same body with the same api key. Both run against the loopback emulator
    (tests/RealtimeOps.Emulator), alternating in blocks of 25 so machine noise hits both alike. The module's
    calls include what users get for free: retries policy, client request id, exchange recording with redaction.
    Target: ratio <= 1.15.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/mint.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Count = 200,
    [int] $Block = 25
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if (-not $env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path }
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/EmulatorHelpers.psm1') -Force

$emu = Start-RealtimeOpsEmulator
try {
    $uri = "$($emu.BaseUri)/openai/v1/realtime/client_secrets"
    $body = '{"session":{"type":"realtime","model":"gpt-realtime"}}'
    $headers = @{ 'api-key' = $emu.ApiKey }
    $key = ConvertTo-SecureString $emu.ApiKey -AsPlainText -Force

    # The peer's own first-call cost is paid before timing starts.
    $null = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body $body -ContentType 'application/json' -NoProxy

    $manifest = Join-Path (Resolve-Path $ModulePath).Path 'RealtimeOps.psd1'
    $watch = [Diagnostics.Stopwatch]::StartNew()
    Import-Module $manifest -Force
    $importMs = $watch.Elapsed.TotalMilliseconds

    $watch.Restart()
    Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $key -Deployment gpt-realtime
    $null = New-RealtimeClientSecret
    $firstMs = $watch.Elapsed.TotalMilliseconds
    $azureLoaded = @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -like 'Azure.*' }) -join ', '

    # Warm both once more, then alternate blocks.
    $null = New-RealtimeClientSecret
    $moduleTicks = 0L; $peerTicks = 0L
    $done = 0
    while ($done -lt $Count) {
        $n = [math]::Min($Block, $Count - $done)
        $watch.Restart()
        for ($i = 0; $i -lt $n; $i++) { $null = New-RealtimeClientSecret }
        $moduleTicks += $watch.Elapsed.Ticks
        $watch.Restart()
        for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body $body -ContentType 'application/json' -NoProxy }
        $peerTicks += $watch.Elapsed.Ticks
        $done += $n
    }
    $moduleMs = [TimeSpan]::FromTicks($moduleTicks).TotalMilliseconds
    $peerMs = [TimeSpan]::FromTicks($peerTicks).TotalMilliseconds
    $ratio = $moduleMs / $peerMs
    $warmPerCall = $moduleMs / $Count

    "RealtimeOps mint benchmark ($Count sequential calls each, loopback emulator, PowerShell $($PSVersionTable.PSVersion))"
    '  New-RealtimeClientSecret : {0,8:N0} ms total, {1,6:N2} ms per call' -f $moduleMs, $warmPerCall
    '  Invoke-RestMethod (peer) : {0,8:N0} ms total, {1,6:N2} ms per call' -f $peerMs, ($peerMs / $Count)
    '  ratio                    : {0:N3} (target <= 1.15) {1}' -f $ratio, $(if ($ratio -le 1.15) { 'MET' } else { 'NOT MET' })
    '  Import-Module            : {0,8:N0} ms (Azure.* not loaded yet)' -f $importMs
    '  first Connect + mint     : {0,8:N0} ms; extra over a warm mint: {1:N0} ms (loads {2})' -f $firstMs, ($firstMs - $warmPerCall), $azureLoaded
    '  exchanges recorded       : {0}' -f @(Get-RealtimeExchange).Count
}
finally {
    $emu | Stop-RealtimeOpsEmulator
}
