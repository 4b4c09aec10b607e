<#
.SYNOPSIS
    Ctrl+C latency: how long PowerShell.Stop() takes to end a call the service never answers, for
    New-RealtimeClientSecret and Invoke-RealtimeProbe, against a named peer in the same run: Invoke-RestMethod
    stopped the same way on the same hung endpoint.
    Target: each median under 1 s (what the help pages promise), ratio to the peer near 1.
.DESCRIPTION
    The emulator's hang scenario holds every client_secrets request open. Each run starts the call in its own
    runspace with -TimeoutSec 120, waits until the emulator has received the request, then times Stop(). The Pester
    tests assert only the order (the call ends at Stop(), before any answer or timeout); the figures live here.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/stop.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    # Stops timed per case.
    [int] $Runs = 7
)
$ErrorActionPreference = 'Stop'
$manifest = Join-Path (Resolve-Path $ModulePath) 'RealtimeOps.psd1'
if (-not $env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path }
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/EmulatorHelpers.psm1') -Force

function Get-Median([double[]] $Values) {
    $s = $Values | Sort-Object
    if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
}

# Starts $Script in a new runspace, waits for the emulator to hold its request, and returns Stop()'s duration in ms.
function Measure-Stop([string] $Script) {
    Clear-EmulatorRequest -Emulator $emu
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript($Script)
        $null = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Get-EmulatorRequest -Emulator $emu -Path '/openai/*')) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "No request reached the emulator: $Script" }
            Start-Sleep -Milliseconds 20
        }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Stop()
        if ($ps.InvocationStateInfo.State -ne 'Stopped') { throw "The call ended '$($ps.InvocationStateInfo.State)', not Stopped: $Script" }
        $watch.Elapsed.TotalMilliseconds
    }
    finally { $ps.Dispose() }
}

$emu = Start-RealtimeOpsEmulator -Scenario hang
try {
    $key = "(ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force)"
    $connection = "-Endpoint '$($emu.BaseUri)' -ApiKey $key -Deployment gpt-realtime -TimeoutSec 120"
    $cases = [ordered]@{
        'Invoke-RestMethod (peer)' = "Invoke-RestMethod -Method Post -Uri '$($emu.BaseUri)/openai/v1/realtime/client_secrets' -Headers @{ 'api-key' = '$($emu.ApiKey)' } -ContentType application/json -Body '{""session"":{""type"":""realtime"",""model"":""gpt-realtime""}}' -TimeoutSec 120 -NoProxy"
        'New-RealtimeClientSecret' = "Import-Module '$manifest'; New-RealtimeClientSecret $connection"
        'Invoke-RealtimeProbe'     = "Import-Module '$manifest'; Invoke-RealtimeProbe $connection -Rounds 1 -DelayMs 0 -SkipDeploymentCheck"
    }
    $results = [ordered]@{}
    foreach ($name in $cases.Keys) { $results[$name] = [Collections.Generic.List[double]]::new() }
    # Interleaved, so machine noise hits every case alike.
    for ($i = 0; $i -lt $Runs; $i++) {
        foreach ($name in $cases.Keys) { $results[$name].Add((Measure-Stop $cases[$name])) }
    }
    $peer = Get-Median $results['Invoke-RestMethod (peer)']
    foreach ($name in $results.Keys) {
        $m = Get-Median $results[$name]
        '{0,-26} Stop() took {1,7:N0} ms (median of {2})   ratio to the peer {3:N2}   (target: under 1000 ms)' -f $name, $m, $Runs, ($m / $peer)
    }
}
finally { $emu | Stop-RealtimeOpsEmulator }
