<#
.SYNOPSIS
    Live transcription check cost: 50 Test-RealtimeTranscription calls against 50 runs of a plain PowerShell script
    doing the same steps with System.Net.WebSockets.ClientWebSocket by hand, same emulator, same run.
.DESCRIPTION
    Both open a transcription-only session (?intent=transcription) with the same api key, wait for session.created,
    send the same session.update, wait for session.updated, send the shipped 2.8 s recording in 100 ms chunks as
    fast as the socket takes them, commit, and wait for the completed event, then close. They alternate in blocks
    of 10 so machine noise hits both alike. RealtimeOps' own overhead per check is the difference of the two totals
    divided by the count (recording and redacting every event, the verdict, the word error rate), and the cmdlet's
    time outside the session span (binding, loading the audio, ShouldProcess, output). Target: ratio <= 1.10.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/transcription.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Count = 50,
    [int] $Block = 10,
    [int] $Warmup = 20
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if (-not $env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path }
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/EmulatorHelpers.psm1') -Force

# The same recording the module ships; the peer reads its samples from the 'data' chunk.
$wav = [IO.File]::ReadAllBytes((Join-Path $env:REALTIMEOPS_REPO_ROOT 'src/RealtimeOps.Engine/Transcription/Audio/sample.wav'))
$dataAt = 12
while ([Text.Encoding]::ASCII.GetString($wav, $dataAt, 4) -ne 'data') { $dataAt += 8 + [BitConverter]::ToInt32($wav, $dataAt + 4) }
$pcm = [byte[]]::new([BitConverter]::ToInt32($wav, $dataAt + 4))
[Array]::Copy($wav, $dataAt + 8, $pcm, 0, $pcm.Length)

function Invoke-PeerCheck([string] $BaseUri, [string] $ApiKey, [byte[]] $Pcm) {
    $socket = [Net.WebSockets.ClientWebSocket]::new()
    $socket.Options.SetRequestHeader('api-key', $ApiKey)
    $token = [Threading.CancellationToken]::None
    $buffer = [byte[]]::new(65536)
    function Send([string] $text) {
        $bytes = [Text.Encoding]::UTF8.GetBytes($text)
        $null = $socket.SendAsync([ArraySegment[byte]]::new($bytes), 'Text', $true, $token).GetAwaiter().GetResult()
    }
    function Receive {
        $ms = [IO.MemoryStream]::new()
        do {
            $r = $socket.ReceiveAsync([ArraySegment[byte]]::new($buffer), $token).GetAwaiter().GetResult()
            $ms.Write($buffer, 0, $r.Count)
        } until ($r.EndOfMessage)
        [Text.Encoding]::UTF8.GetString($ms.ToArray()) | ConvertFrom-Json
    }
    try {
        $null = $socket.ConnectAsync([uri]($BaseUri.Replace('http://', 'ws://') + '/openai/v1/realtime?intent=transcription'), $token).GetAwaiter().GetResult()
        while ((Receive).type -ne 'session.created') { }
        Send '{"type":"session.update","event_id":"peer_update","session":{"type":"transcription","audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"model":"gpt-4o-transcribe"},"turn_detection":null}}}}'
        while ((Receive).type -ne 'session.updated') { }
        for ($o = 0; $o -lt $Pcm.Length; $o += 4800) {
            $n = [math]::Min(4800, $Pcm.Length - $o)
            Send ('{"type":"input_audio_buffer.append","audio":"' + [Convert]::ToBase64String($Pcm, $o, $n) + '"}')
        }
        Send '{"type":"input_audio_buffer.commit","event_id":"peer_commit"}'
        do { $e = Receive } until ($e.type -eq 'conversation.item.input_audio_transcription.completed')
        $null = $socket.CloseOutputAsync('NormalClosure', 'done', $token).GetAwaiter().GetResult()
        $e.transcript
    }
    finally { $socket.Dispose() }
}

$emu = Start-RealtimeOpsEmulator
try {
    $key = ConvertTo-SecureString $emu.ApiKey -AsPlainText -Force
    Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'RealtimeOps.psd1') -Force
    Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $key

    # Warm both, and the emulator, until the JIT has settled (first-call costs are not what this measures).
    for ($i = 0; $i -lt $Warmup; $i++) {
        $warm = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
        if ($warm.Verdict -ne 'Transcribed') { throw "Warm-up check: $($warm.Verdict) $($warm.Summary)" }
        $peerText = Invoke-PeerCheck $emu.BaseUri $emu.ApiKey $pcm
        if ($peerText -ne $warm.Transcript) { throw "Peer warm-up got '$peerText'." }
    }

    $watch = [Diagnostics.Stopwatch]::new()
    $moduleTicks = 0L; $peerTicks = 0L; $done = 0; $failures = 0; $engineMs = 0.0
    while ($done -lt $Count) {
        $n = [math]::Min($Block, $Count - $done)
        $watch.Restart()
        for ($i = 0; $i -lt $n; $i++) {
            $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
            if ($r.Verdict -ne 'Transcribed') { $failures++ }
            $engineMs += ($r.EndedAtUtc - $r.StartedAtUtc).TotalMilliseconds
        }
        $moduleTicks += $watch.Elapsed.Ticks
        $watch.Restart()
        for ($i = 0; $i -lt $n; $i++) { $null = Invoke-PeerCheck $emu.BaseUri $emu.ApiKey $pcm }
        $peerTicks += $watch.Elapsed.Ticks
        $done += $n
    }
    $moduleMs = [TimeSpan]::FromTicks($moduleTicks).TotalMilliseconds
    $peerMs = [TimeSpan]::FromTicks($peerTicks).TotalMilliseconds
    $ratio = $moduleMs / $peerMs

    "RealtimeOps live transcription benchmark ($Count checks each, loopback emulator, PowerShell $($PSVersionTable.PSVersion))"
    '  Test-RealtimeTranscription : {0,8:N0} ms total, {1,7:N2} ms per check ({2} not Transcribed)' -f $moduleMs, ($moduleMs / $Count), $failures
    '  ClientWebSocket by hand    : {0,8:N0} ms total, {1,7:N2} ms per check' -f $peerMs, ($peerMs / $Count)
    '  ratio                      : {0:N3} (target <= 1.10) {1}' -f $ratio, $(if ($ratio -le 1.10) { 'MET' } else { 'NOT MET' })
    '  RealtimeOps overhead       : {0,7:N2} ms per check over the peer (negative: the peer parses every event with ConvertFrom-Json)' -f (($moduleMs - $peerMs) / $Count)
    '  cmdlet overhead            : {0,7:N2} ms per check outside the session (binding, audio load, ShouldProcess, output)' -f (($moduleMs - $engineMs) / $Count)
    '  exchanges recorded         : {0}' -f @(Get-RealtimeExchange).Count
}
finally {
    $emu | Stop-RealtimeOpsEmulator
}
