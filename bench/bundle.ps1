<#
.SYNOPSIS
    Export-SupportBundle with 10,000 recorded exchanges: time and peak working set, against a named peer in the same
    run: the same exchanges written as JSON files (ConvertTo-Json) and zipped with Compress-Archive.
    Targets: under 5 s and under 200 MB peak working set.
.DESCRIPTION
    The exchanges are recorded for real: Invoke-RealtimeProbe against the local emulator (healthy scenario) until the
    runspace's exchange log holds 10,000 of them. Only the export is timed. The export runs first, so the peak
    working set printed for it is the process's peak up to the end of the export, recording included.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Exchanges = 10000
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$manifest = Join-Path (Resolve-Path $ModulePath) 'RealtimeOps.psd1'
$repo = Resolve-Path (Join-Path $PSScriptRoot '..')
if (-not $env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT = $repo.Path }
Import-Module (Join-Path $repo 'tests/EmulatorHelpers.psm1') -Force
Import-Module $manifest -Force

$work = Join-Path ([IO.Path]::GetTempPath()) "realtimeops-bench-bundle-$([guid]::NewGuid().ToString('n'))"
New-Item -ItemType Directory -Path $work | Out-Null
$emu = Start-RealtimeOpsEmulator -Scenario healthy
try {
    Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey (ConvertTo-SecureString $emu.ApiKey -AsPlainText -Force) -Deployment gpt-realtime
    $recordWatch = [Diagnostics.Stopwatch]::StartNew()
    $perProbe = 200
    while ((Get-RealtimeExchange).Count -lt $Exchanges) {
        $left = $Exchanges - (Get-RealtimeExchange).Count
        $rounds = [math]::Max(1, [math]::Min(100, [math]::Ceiling($left / 2)))
        $null = Invoke-RealtimeProbe -Rounds $rounds -DelayMs 0 -SkipDeploymentCheck
    }
    $recorded = @(Get-RealtimeExchange)
    $recordWatch.Stop()
    '{0:N0} exchanges recorded through Invoke-RealtimeProbe in {1:N1} s (not timed below)' -f $recorded.Count, $recordWatch.Elapsed.TotalSeconds

    [GC]::Collect(); [GC]::WaitForPendingFinalizers()
    $process = Get-Process -Id $PID
    $before = $process.WorkingSet64
    $zip = Join-Path $work 'bundle.zip'
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $file = Export-SupportBundle -Path $zip -WarningAction SilentlyContinue
    $watch.Stop()
    $process.Refresh()
    $ours = $watch.Elapsed.TotalSeconds
    $peak = $process.PeakWorkingSet64
    if ($file.ExchangeCount -ne $recorded.Count) { throw "The bundle holds $($file.ExchangeCount) exchanges, not $($recorded.Count)." }

    # The peer: the same exchanges as JSON files, zipped by Compress-Archive.
    $folder = Join-Path $work 'exchanges'
    New-Item -ItemType Directory -Path $folder | Out-Null
    $peerZip = Join-Path $work 'peer.zip'
    $peerWatch = [Diagnostics.Stopwatch]::StartNew()
    $i = 0
    foreach ($e in $recorded) {
        $i++
        [IO.File]::WriteAllText((Join-Path $folder ('{0:D5}.json' -f $i)), ($e | ConvertTo-Json -Depth 4))
    }
    Compress-Archive -Path (Join-Path $folder '*') -DestinationPath $peerZip
    $peerWatch.Stop()
    $peer = $peerWatch.Elapsed.TotalSeconds

    ''
    '{0,-58} {1,8:N2} s  {2,6:N0} MB zip' -f "Export-SupportBundle ($($file.ExchangeCount) exchanges, redacted, hashed)", $ours, ($file.Length / 1MB)
    '{0,-58} {1,8:N2} s  {2,6:N0} MB zip' -f 'peer: ConvertTo-Json files + Compress-Archive', $peer, ((Get-Item $peerZip).Length / 1MB)
    '{0,-58} {1,8:N0} MB (before the export: {2:N0} MB, so the export added at most {3:N0} MB)' -f 'peak working set of this process', ($peak / 1MB), ($before / 1MB), ([math]::Max(0, $peak - $before) / 1MB)
    '{0,-58} {1,8:N2}x' -f 'ratio Export-SupportBundle / peer (time)', ($ours / $peer)
    'targets: < 5 s ({0}), < 200 MB ({1})' -f ($(if ($ours -lt 5) { 'met' } else { 'missed' })), ($(if ($peak -lt 200MB) { 'met' } else { 'missed' }))
}
finally {
    $emu | Stop-RealtimeOpsEmulator
    Disconnect-RealtimeOps -ClearExchange -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
