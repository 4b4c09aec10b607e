# Test-RealtimeTranscription end to end against the emulator's realtime WebSocket: every verdict from a scenario,
# the audio inputs and their errors, -UseClientSecret, -WhatIf, Ctrl+C, the recorded events and the support bundle.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest -Emulator
    $script:SocketPath = '/openai/v1/realtime'
    $script:Spoken = 'Please transcribe this short sentence.'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("rtops-live-{0}" -f [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    function Connect-Emulator { Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -MaxRetries 0 }
    function Get-SocketRequest { @(Get-EmulatorRequest -Emulator $emu -Path $SocketPath) }

    # A RIFF/WAVE file: 16-bit PCM unless -Format says otherwise; a tone, or silence with -Silent.
    function New-TestWav([string] $Name, [int] $Rate = 16000, [int] $Channels = 1, [int] $Bits = 16, [int] $Format = 1, [double] $Seconds = 1, [switch] $Silent) {
        $frames = [int]($Rate * $Seconds)
        $blockAlign = $Channels * $Bits / 8
        $data = [byte[]]::new($frames * $blockAlign)
        if (-not $Silent -and $Bits -eq 16) {
            for ($i = 0; $i -lt $frames; $i++) {
                $v = [int16](8000 * [math]::Sin(2 * [math]::PI * 440 * $i / $Rate))
                for ($c = 0; $c -lt $Channels; $c++) { [BitConverter]::GetBytes($v).CopyTo($data, $i * $blockAlign + 2 * $c) }
            }
        }
        $ms = [IO.MemoryStream]::new(); $w = [IO.BinaryWriter]::new($ms)
        $w.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $w.Write([int](36 + $data.Length)); $w.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
        $w.Write([int]16); $w.Write([uint16]$Format); $w.Write([uint16]$Channels); $w.Write([int]$Rate); $w.Write([int]($Rate * $blockAlign)); $w.Write([uint16]$blockAlign); $w.Write([uint16]$Bits)
        $w.Write([Text.Encoding]::ASCII.GetBytes('data')); $w.Write([int]$data.Length); $w.Write($data); $w.Flush()
        $path = Join-Path $Work $Name
        [IO.File]::WriteAllBytes($path, $ms.ToArray())
        $path
    }
}

AfterAll {
    Complete-RealtimeOpsTest
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-RealtimeTranscription verdicts' {
    BeforeEach {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It 'Transcribed: a transcription-only session with the shipped recording' {
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -Language en
        $r.GetType().FullName | Should -Be 'RealtimeOps.Engine.Transcription.RealtimeTranscriptionResult'
        $r.Verdict | Should -Be 'Transcribed'
        $r.Transcript | Should -Be $Spoken
        $r.ExpectedText | Should -Be $Spoken
        $r.WordErrorRate | Should -Be 0
        $r.SessionType | Should -Be 'transcription'
        $r.TranscriptionDeployment | Should -Be 'gpt-4o-transcribe'
        $r.SessionId | Should -Match '^sess_'
        $r.ItemId | Should -Match '^item_'
        $upgrade = Get-SocketRequest | Select-Object -Last 1
        $upgrade.query | Should -Be 'intent=transcription'
        $r.ApimRequestId | Should -Be $upgrade.responseRequestId
        $r.RequestId | Should -Not -BeNullOrEmpty
        $r.HandshakeStatus | Should -Be 101
        $r.CompletedMs | Should -Not -BeNullOrEmpty
        ($r | Out-String) | Should -Match 'Verdict\s+: Transcribed'
    }

    It 'Transcribed: a conversation session on the realtime deployment, with -Pace RealTime' {
        $r = Test-RealtimeTranscription -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe -Pace RealTime
        $r.Verdict | Should -Be 'Transcribed'
        $r.SessionType | Should -Be 'realtime'
        $r.Deployment | Should -Be 'gpt-realtime'
        (Get-SocketRequest | Select-Object -Last 1).query | Should -Be 'model=gpt-realtime'
    }

    It 'Transcribed: the configuration''s audio.input part, with server VAD committing' {
        $json = '{"type":"transcription","audio":{"input":{"transcription":{"model":"gpt-4o-mini-transcribe","language":"en"},"turn_detection":{"type":"server_vad","silence_duration_ms":500}}}}'
        $r = Test-RealtimeTranscription -Json $json
        $r.Verdict | Should -Be 'Transcribed'
        $r.TranscriptionDeployment | Should -Be 'gpt-4o-mini-transcribe'
        @($r.Timeline | Where-Object Type -eq 'input_audio_buffer.commit') | Should -BeNullOrEmpty -Because 'the server commits on silence'
    }

    It 'Transcribed: a stereo 48 kHz WAV is converted to 24 kHz mono' {
        $wav = New-TestWav -Name 'stereo48.wav' -Rate 48000 -Channels 2 -Seconds 1
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -AudioPath $wav -ExpectedText $Spoken
        $r.Verdict | Should -Be 'Transcribed'
        $r.AudioMs | Should -Be 1000
        $appended = (Get-RealtimeExchange | Where-Object { $_.Method -eq 'SEND' -and $_.Url -like '*#input_audio_buffer.append' } | ForEach-Object { [int]([regex]::Match($_.RequestBody, '\((\d+) bytes of audio').Groups[1].Value) } | Measure-Object -Sum).Sum
        $appended | Should -Be 48000 -Because '1 s at 24 kHz, 16-bit mono'
    }

    It 'TranscriptMismatch: the transcript is far from -ExpectedText' {
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -ExpectedText 'completely different words were spoken here'
        $r.Verdict | Should -Be 'TranscriptMismatch'
        $r.WordErrorRate | Should -BeGreaterThan 0.5
        $loose = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -ExpectedText 'completely different words were spoken here' -MaxWordErrorRate 2
        $loose.Verdict | Should -Be 'Transcribed'
    }

    It 'EmptyTranscript: silence gives a completed event with no words' {
        $wav = New-TestWav -Name 'silence.wav' -Silent
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -AudioPath $wav
        $r.Verdict | Should -Be 'EmptyTranscript'
    }

    It 'TranscriptionFailed: <Case>' -ForEach @(
        @{ Case = 'the transcription-failed scenario'; Scenario = 'transcription-failed'; Model = 'gpt-4o-transcribe' }
        @{ Case = 'a model name that is not a deployment'; Scenario = 'healthy'; Model = 'gpt-4o-transcribe-2025-03-20' }
    ) {
        Set-EmulatorScenario -Emulator $emu $Scenario | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment $Model
        $r.Verdict | Should -Be 'TranscriptionFailed'
        $r.ErrorType | Should -Be 'server_error'
        $r.ErrorMessage | Should -Be "Input transcription failed for item '$($r.ItemId)'."
        $r.Recommendation | Should -Match 'must be the name of a deployment'
    }

    It 'SessionUpdateRejected: the error event names the update''s event_id' {
        Set-EmulatorScenario -Emulator $emu update-rejected | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -WarningAction SilentlyContinue
        $r.Verdict | Should -Be 'SessionUpdateRejected'
        $r.ErrorCode | Should -Be 'unknown_parameter'
        $r.ErrorParam | Should -Be 'session.input_audio_transcription'
        @($r.Timeline | Where-Object Type -eq 'input_audio_buffer.append') | Should -BeNullOrEmpty
    }

    It 'TranscriptionNotEnabled: session.updated says transcription is null' {
        Set-EmulatorScenario -Emulator $emu transcription-silently-off | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
        $r.Verdict | Should -Be 'TranscriptionNotEnabled'
        $r.Summary | Should -Match 'transcription null'
    }

    It 'NoTranscription: committed, then nothing within -TimeoutSec' {
        Set-EmulatorScenario -Emulator $emu no-transcription | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -TimeoutSec 2
        $r.Verdict | Should -Be 'NoTranscription'
        $r.ItemId | Should -Match '^item_'
    }

    It 'HandshakeRejected: <Case>' -ForEach @(
        @{ Case = '400 OperationNotSupported (scenario)'; Scenario = 'handshake-400'; Deployment = $null; Status = 400; Hint = 'OpperationNotSupported' }
        @{ Case = '400 for a transcription deployment on ?model='; Scenario = 'healthy'; Deployment = 'gpt-4o-transcribe'; Status = 400; Hint = 'must be a realtime deployment' }
        @{ Case = '404 for an unknown deployment'; Scenario = 'healthy'; Deployment = 'no-such-deployment'; Status = 404; Hint = 'Get-RealtimeDeployment' }
        @{ Case = '403 when the resource refuses the caller'; Scenario = 'forbidden-403'; Deployment = $null; Status = 403; Hint = 'network rules' }
        @{ Case = '429 when throttled'; Scenario = 'throttle'; Deployment = $null; Status = 429; Hint = 'throttled' }
    ) {
        Set-EmulatorScenario -Emulator $emu $Scenario -Count 5 | Out-Null
        $p = @{ TranscriptionDeployment = 'gpt-4o-transcribe' }
        if ($Deployment) { $p.Deployment = $Deployment }
        $r = Test-RealtimeTranscription @p
        $r.Verdict | Should -Be 'HandshakeRejected'
        $r.HandshakeStatus | Should -Be $Status
        $r.ApimRequestId | Should -Not -BeNullOrEmpty
        "$($r.Summary) $($r.Recommendation)" | Should -Match $Hint
    }

    It 'HandshakeRejected: 401 for a wrong key, and the key is never recorded' {
        $bad = 'wrong-key-canary-0123456789'
        $r = Test-RealtimeTranscription -Endpoint $emu.BaseUri -ApiKey (ConvertTo-SecureString $bad -AsPlainText -Force) -TranscriptionDeployment gpt-4o-transcribe
        $r.Verdict | Should -Be 'HandshakeRejected'
        $r.HandshakeStatus | Should -Be 401
        (Get-RealtimeExchange | ConvertTo-Json -Depth 5) | Should -Not -Match $bad
    }

    It 'EphemeralAuthRequired with a key; Transcribed with -UseClientSecret' {
        Set-EmulatorScenario -Emulator $emu ephemeral-required | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
        $r.Verdict | Should -Be 'EphemeralAuthRequired'
        $r.Recommendation | Should -Match '-UseClientSecret'
        $ok = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -UseClientSecret
        $ok.Verdict | Should -Be 'Transcribed'
        $ok.AuthMode | Should -Be 'ClientSecret'
        $mint = @(Get-EmulatorRequest -Emulator $emu -Path '/openai/v1/realtime/client_secrets') | Select-Object -Last 1
        ($mint.body | ConvertFrom-Json).session.audio.input.transcription.model | Should -Be 'gpt-4o-transcribe'
        (Get-SocketRequest | Select-Object -Last 1).headers.Authorization | Should -Match '^Bearer ek_'
        (Get-RealtimeExchange | ConvertTo-Json -Depth 5) | Should -Not -Match 'ek_[0-9a-f]{8}'
    }

    It 'ConnectionLost: the socket drops mid-stream' {
        Set-EmulatorScenario -Emulator $emu drop-mid-stream | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
        $r.Verdict | Should -Be 'ConnectionLost'
        $r.Timeline[-1].Type | Should -Be '(socket closed)'
    }

    It 'Transcribed with slow deltas: the first delta comes before completion' {
        Set-EmulatorScenario -Emulator $emu slow-deltas | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
        $r.Verdict | Should -Be 'Transcribed'
        $r.FirstDeltaMs | Should -BeLessThan $r.CompletedMs
        @($r.Timeline | Where-Object Type -like '*.delta').Count | Should -Be 5
    }

    It 'Inconclusive: the upgrade gets no answer within -TimeoutSec' {
        Set-EmulatorScenario -Emulator $emu hang | Out-Null
        $r = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -TimeoutSec 1
        $r.Verdict | Should -Be 'Inconclusive'
    }

    It 'connects with an Entra access token as Bearer' {
        $token = (New-EmulatorToken -Emulator $emu).AccessToken
        $r = Test-RealtimeTranscription -Endpoint $emu.BaseUri -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force) -TranscriptionDeployment gpt-4o-transcribe
        $r.Verdict | Should -Be 'Transcribed'
        $r.AuthMode | Should -Be 'AccessToken'
        (Get-RealtimeExchange | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($token))
    }
}

Describe 'Test-RealtimeTranscription input errors, -WhatIf and Ctrl+C' {
    BeforeEach {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Connect-Emulator
    }

    It '<Id> for <Case>' -ForEach @(
        @{ Case = 'a float WAV'; Id = 'TranscriptionAudioFormatUnsupported'; Category = 'InvalidData'; Make = { New-TestWav -Name 'float.wav' -Bits 32 -Format 3 } }
        @{ Case = 'an 8-bit WAV'; Id = 'TranscriptionAudioFormatUnsupported'; Category = 'InvalidData'; Make = { New-TestWav -Name 'u8.wav' -Bits 8 } }
        @{ Case = 'a file that is not RIFF'; Id = 'TranscriptionAudioFormatUnsupported'; Category = 'InvalidData'; Make = { $p = Join-Path $Work 'x.mp3'; [IO.File]::WriteAllBytes($p, [byte[]](73, 68, 51, 4, 0, 0, 0, 0, 0, 0, 1, 2)); $p } }
        @{ Case = 'a missing file'; Id = 'TranscriptionAudioFileNotFound'; Category = 'ObjectNotFound'; Make = { Join-Path $Work 'missing.wav' } }
        @{ Case = 'audio under 100 ms'; Id = 'TranscriptionAudioTooShort'; Category = 'InvalidData'; Make = { New-TestWav -Name 'short.wav' -Seconds 0.05 } }
    ) {
        $path = & $Make
        $e = $null
        $out = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -AudioPath $path -ErrorVariable e -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        "$($e[0].CategoryInfo.Category)" | Should -Be $Category
        Get-SocketRequest | Should -BeNullOrEmpty -Because 'nothing is sent for bad input'
    }

    It 'TranscriptionDeploymentMissing when no transcription deployment is known' {
        $e = $null
        Test-RealtimeTranscription -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'TranscriptionDeploymentMissing,*'
        $e[0].ErrorDetails.RecommendedAction | Should -Match '-TranscriptionDeployment'
    }

    It '-WhatIf opens no session' {
        Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe -WhatIf | Should -BeNullOrEmpty
        Get-SocketRequest | Should -BeNullOrEmpty
    }

    It 'takes -TranscriptionDeployment and -Deployment from the pipeline by property name' {
        $r = [pscustomobject]@{ TranscriptionDeployment = 'gpt-4o-transcribe'; Deployment = 'gpt-realtime' } | Test-RealtimeTranscription
        $r.Verdict | Should -Be 'Transcribed'
        $r.SessionType | Should -Be 'realtime'
    }

    It 'PowerShell.Stop() closes the socket and ends the call' {
        Set-EmulatorScenario -Emulator $emu no-transcription | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$Manifest'; Test-RealtimeTranscription -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -TranscriptionDeployment gpt-4o-transcribe -TimeoutSec 600")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-SocketRequest) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 500
            Get-SocketRequest | Should -Not -BeNullOrEmpty -Because 'the session must be open'
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ($null -eq (Get-SocketRequest)[-1].status -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            (Get-SocketRequest)[-1].status | Should -Be 101 -Because 'the server saw the socket end, so the client closed it'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Test-RealtimeTranscription evidence' {
    BeforeAll {
        Set-EmulatorScenario -Emulator $emu transcription-failed | Out-Null
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
        $script:Result = Test-RealtimeTranscription -TranscriptionDeployment gpt-4o-transcribe
        $script:Zip = Join-Path $Work 'live.zip'
        $script:Result | Export-SupportBundle -Path $Zip -Force -WarningAction SilentlyContinue | Out-Null
        $script:Extracted = Join-Path $Work 'live'
        Expand-Archive -LiteralPath $Zip -DestinationPath $Extracted -Force
    }

    It 'records every event in the runspace''s exchanges, audio replaced by size and hash' {
        $events = @(Get-RealtimeExchange | Where-Object Operation -eq 'RealtimeEvent')
        $events.Count | Should -BeGreaterThan 10
        ($events | Where-Object Url -like '*#input_audio_buffer.append')[0].RequestBody | Should -Match '\(4800 bytes of audio, sha256:[0-9a-f]{64}\)'
        (Get-RealtimeExchange | Where-Object Operation -eq 'RealtimeHandshake').RequestHeaders['api-key'] | Should -Be '***REDACTED***'
    }

    It 'the bundle summary holds the verdict, the timeline with UTC times, event and item ids, and the upgrade''s request ids' {
        $summary = Get-Content -Raw (Join-Path $Extracted 'summary.md')
        $summary | Should -Match '## Live transcription verdict: TranscriptionFailed'
        $summary | Should -Match ([regex]::Escape("| apim-request-id (upgrade) | $($Result.ApimRequestId) |"))
        $summary | Should -Match ([regex]::Escape("| x-request-id (upgrade) | $($Result.RequestId) |"))
        $update = $Result.Timeline | Where-Object Type -eq 'session.update'
        $summary | Should -Match ([regex]::Escape($update.EventId))
        $summary | Should -Match "\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| Received \| conversation\.item\.input_audio_transcription\.failed \| [^|]+ \| $($Result.ItemId) \|"
        Test-Path (Join-Path $Extracted 'transcription.json') | Should -BeTrue
    }

    It 'canary: no key and no audio bytes anywhere in the bundle' {
        $all = Get-ChildItem -Recurse -File $Extracted | ForEach-Object { Get-Content -Raw $_.FullName }
        $text = $all -join "`n"
        $text | Should -Not -Match ([regex]::Escape($emu.ApiKey))
        $text | Should -Not -Match '"audio"\s*:\s*"[A-Za-z0-9+/]{64,}'
    }
}

Describe 'Invoke-RealtimeProbe -Live' {
    BeforeEach {
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
        $script:Probe = @{ Deployment = 'gpt-realtime'; TranscriptionModel = 'gpt-4o-transcribe'; Rounds = 1; DelayMs = 0; SkipDeploymentCheck = $true; Live = $true }
    }

    It 'Healthy: client_secrets and both live sessions transcribe' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $r = Invoke-RealtimeProbe @Probe
        $r.Verdict | Should -Be 'Healthy'
        @($r.LiveChecks).Count | Should -Be 2
        @($r.LiveChecks | Where-Object Verdict -eq 'Transcribed').Count | Should -Be 2
        ($r.LiveChecks | Where-Object SessionType -eq 'realtime').Deployment | Should -Be 'gpt-realtime'
        $r.Summary | Should -Match 'transcribed at run time'
    }

    It 'LiveTranscriptionFailure: minting works, transcription fails at run time; the bundle holds the live timeline' {
        Set-EmulatorScenario -Emulator $emu transcription-failed | Out-Null
        $r = Invoke-RealtimeProbe @Probe
        $r.Verdict | Should -Be 'LiveTranscriptionFailure'
        @($r.Attempts | Where-Object StatusCode -ne 200) | Should -BeNullOrEmpty -Because 'client_secrets accepted every request'
        $zip = Join-Path $Work 'probe-live.zip'
        $r | Export-SupportBundle -Path $zip -Force -WarningAction SilentlyContinue | Out-Null
        $dir = Join-Path $Work 'probe-live'
        Expand-Archive -LiteralPath $zip -DestinationPath $dir -Force
        $summary = Get-Content -Raw (Join-Path $dir 'summary.md')
        $summary | Should -Match '## Probe verdict: LiveTranscriptionFailure'
        $summary | Should -Match '## Live transcription verdict: TranscriptionFailed'
        $summary | Should -Match ([regex]::Escape($r.LiveChecks[0].ApimRequestId))
    }

    It 'RealtimeDeploymentLiveFailure: only the conversation session loses transcription' {
        Set-EmulatorScenario -Emulator $emu realtime-transcription-off | Out-Null
        $r = Invoke-RealtimeProbe @Probe
        $r.Verdict | Should -Be 'RealtimeDeploymentLiveFailure'
        ($r.LiveChecks | Where-Object SessionType -eq 'transcription').Verdict | Should -Be 'Transcribed'
        ($r.LiveChecks | Where-Object SessionType -eq 'realtime').Verdict | Should -Be 'TranscriptionNotEnabled'
    }

    It 'without -Live opens no session' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $Probe.Remove('Live')
        $r = Invoke-RealtimeProbe @Probe
        $r.LiveChecks | Should -BeNullOrEmpty
        Get-SocketRequest | Should -BeNullOrEmpty
    }
}

Describe "The emulator's realtime WebSocket, spoken to directly" -Tag Slow {
    BeforeAll {
        # Sends client events one by one and returns every server event received until the socket is idle.
        function Invoke-RawSession([string] $Query, [string[]] $Send, [hashtable] $Headers = @{ 'api-key' = $emu.ApiKey }) {
            $socket = [Net.WebSockets.ClientWebSocket]::new()
            foreach ($k in $Headers.Keys) { $socket.Options.SetRequestHeader($k, $Headers[$k]) }
            $buffer = [byte[]]::new(65536)
            $received = [Collections.Generic.List[object]]::new()
            # One receive stays outstanding between calls: cancelling a ClientWebSocket receive would abort the socket.
            $state = @{ Pending = $null; Message = [IO.MemoryStream]::new() }
            $receive = {
                $wait = 1500
                while ($true) {
                    if (-not $state.Pending) { $state.Pending = $socket.ReceiveAsync([ArraySegment[byte]]::new($buffer), [Threading.CancellationToken]::None) }
                    try { if (-not $state.Pending.Wait($wait)) { return } } catch { return }
                    $r = $state.Pending.Result
                    $state.Pending = $null
                    if ($r.MessageType -eq 'Close') { return }
                    $state.Message.Write($buffer, 0, $r.Count)
                    if ($r.EndOfMessage) {
                        $received.Add(([Text.Encoding]::UTF8.GetString($state.Message.ToArray()) | ConvertFrom-Json))
                        $state.Message.SetLength(0)
                        $wait = 300
                    }
                }
            }
            try {
                $null = $socket.ConnectAsync([uri]("$($emu.BaseUri)/openai/v1/realtime?$Query".Replace('http://', 'ws://')), [Threading.CancellationToken]::None).GetAwaiter().GetResult()
                & $receive
                foreach ($event in $Send) {
                    if ($socket.State -ne 'Open') { break }
                    $null = $socket.SendAsync([ArraySegment[byte]]::new([Text.Encoding]::UTF8.GetBytes($event)), 'Text', $true, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
                    & $receive
                }
            }
            finally { $socket.Dispose() }
            , $received.ToArray()
        }
        $script:Update = '{"type":"session.update","event_id":"evt_u","session":{"type":"transcription","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe"},"turn_detection":null}}}}'
        function New-Append([int] $Milliseconds, [int] $Amplitude = 4000) {
            $bytes = [byte[]]::new(48 * $Milliseconds)
            for ($i = 0; $i -lt $bytes.Length; $i += 2) { [BitConverter]::GetBytes([int16]$(if (($i / 2) % 20 -lt 10) { $Amplitude } else { -$Amplitude })).CopyTo($bytes, $i) }
            '{"type":"input_audio_buffer.append","audio":"' + [Convert]::ToBase64String($bytes) + '"}'
        }
    }
    BeforeEach { Set-EmulatorScenario -Emulator $emu healthy | Out-Null }

    It 'greets with session.created (transcription null) and echoes the effective configuration in session.updated' {
        $events = Invoke-RawSession 'intent=transcription' @($Update)
        $events[0].type | Should -Be 'session.created'
        $events[0].session.type | Should -Be 'transcription'
        $events[0].session.audio.input.transcription | Should -BeNullOrEmpty
        $events[1].type | Should -Be 'session.updated'
        $events[1].session.audio.input.transcription.model | Should -Be 'gpt-4o-transcribe'
        $events[1].session.audio.input.format.rate | Should -Be 24000
    }

    It 'answers a commit of under 100 ms with input_audio_buffer_commit_empty naming the commit' {
        $events = Invoke-RawSession 'intent=transcription' @($Update, (New-Append 50), '{"type":"input_audio_buffer.commit","event_id":"evt_c"}')
        $e = $events | Where-Object type -eq 'error'
        $e.error.code | Should -Be 'input_audio_buffer_commit_empty'
        $e.error.event_id | Should -Be 'evt_c'
    }

    It 'commits 100 ms and more, and transcribes it: committed, deltas, completed for the same item' {
        $events = Invoke-RawSession 'intent=transcription' @($Update, (New-Append 300), '{"type":"input_audio_buffer.commit","event_id":"evt_c"}')
        $committed = $events | Where-Object type -eq 'input_audio_buffer.committed'
        $completed = $events | Where-Object type -eq 'conversation.item.input_audio_transcription.completed'
        $completed.item_id | Should -Be $committed.item_id
        $completed.transcript | Should -Be $Spoken
        $completed.usage.type | Should -Be 'duration'
        @($events | Where-Object type -eq 'conversation.item.input_audio_transcription.delta').Count | Should -BeGreaterThan 0
    }

    It 'refuses audio that is not base64, and a realtime update in a transcription session, naming the event' {
        $events = Invoke-RawSession 'intent=transcription' @('{"type":"input_audio_buffer.append","event_id":"evt_a","audio":"not base64!"}', '{"type":"session.update","event_id":"evt_r","session":{"type":"realtime"}}')
        $errors = @($events | Where-Object type -eq 'error')
        ($errors | Where-Object { $_.error.event_id -eq 'evt_a' }).error.param | Should -Be 'audio'
        ($errors | Where-Object { $_.error.event_id -eq 'evt_r' }).error.message | Should -Match 'realtime session update event to a transcription session is not allowed'
    }

    It 'refuses an ek_ value it did not mint' {
        { Invoke-RawSession 'intent=transcription' @() -Headers @{ Authorization = 'Bearer ek_00000000000000000000000000000000' } } | Should -Throw '*401*'
    }
}
