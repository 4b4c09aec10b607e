# Invoke-RealtimeProbe end to end against the emulator: one verdict per fault scenario, the checks that run first,
# retries off, progress in each host, -WhatIf, and Ctrl+C returning what was measured.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest -Emulator
    $script:MintPath = '/openai/v1/realtime/client_secrets'

    function Connect-Emulator { Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime }
    # The partial result a stopped pipeline thread stores in its runspace as it unwinds.
    function Wait-LastProbe([powershell] $Shell) {
        Wait-TestCondition { $null -ne $Shell.Runspace.SessionStateProxy.GetVariable('RealtimeOpsLastProbe') } 'the stopped probe stored no result'
        $Shell.Runspace.SessionStateProxy.GetVariable('RealtimeOpsLastProbe')
    }
    function Get-MintRequest { @(Get-EmulatorRequest -Emulator $emu -Path $MintPath) }
    function Invoke-Scenario([string] $Name, [hashtable] $Parameters = @{}, [hashtable] $Scenario = @{}) {
        Set-EmulatorScenario -Emulator $emu -Name $Name @Scenario | Out-Null
        Invoke-RealtimeProbe -TranscriptionModel gpt-4o-transcribe -DelayMs 0 @Parameters
    }
}

AfterAll { Complete-RealtimeOpsTest }

Describe 'Invoke-RealtimeProbe verdicts from emulator scenarios' {
    BeforeEach {
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It 'healthy: Healthy, every variant 3 of 3, one exchange per attempt and no secret kept' {
        $r = Invoke-Scenario healthy
        $r.GetType().FullName | Should -Be 'RealtimeOps.Engine.Probe.RealtimeProbeResult'
        $r.Verdict | Should -Be 'Healthy'
        $r.Variants.Variant | Should -Be @('WithoutTranscription', 'WithTranscription')
        $r.Variants | ForEach-Object { $_.Attempts | Should -Be 3; $_.Successes | Should -Be 3 }
        $r.Attempts.Count | Should -Be 6
        $r.Exchanges.Count | Should -Be 6 -Because 'retries are off: every attempt is exactly one request'
        Get-MintRequest | Should -HaveCount 6
        $r.Exchanges.ResponseBody | Should -Not -Match 'ek_[0-9a-f]{8}'
        ($r | Format-List * | Out-String) | Should -Not -Match 'ek_[0-9a-f]{8}'
        $r.Endpoint | Should -Be "$($emu.BaseUri)/"
        $r.Deployment | Should -Be 'gpt-realtime'
        $r.Region | Should -Be $emu.RegionDisplayName
        $r.EndedAtUtc | Should -BeGreaterOrEqual $r.StartedAtUtc
    }

    It 'transcription-500: TranscriptionServiceFault with the real apim-request-ids of the failing responses' {
        $r = Invoke-Scenario transcription-500
        $r.Verdict | Should -Be 'TranscriptionServiceFault'
        $r.Recommendation | Should -Match 'No prerequisite is missing'
        $r.Recommendation | Should -Match 'support case'
        $failed = Get-MintRequest | Where-Object status -eq 500
        $failed | Should -HaveCount 3
        $r.FailedApimRequestIds | Should -Be @($failed.responseRequestId)
        ($r.Variants | Where-Object Variant -eq 'WithTranscription').StatusCodes[500] | Should -Be 3
        ($r.Variants | Where-Object Variant -eq 'WithTranscription').ServiceErrorCodes | Should -Be 'server_error'
        ($r.Variants | Where-Object Variant -eq 'WithoutTranscription').Successes | Should -Be 3
        # The request without transcription really had none.
        $bodies = Get-MintRequest | Where-Object status -eq 200 | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies | ForEach-Object { $_.session.PSObject.Properties.Name | Should -Not -Contain 'audio' }
    }

    It 'a beta transcription field: ClientConfiguration naming the service param and the validator rule' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $json = '{"session":{"type":"realtime","model":"gpt-realtime","input_audio_transcription":{"model":"gpt-4o-transcribe"}}}'
        # -SkipValidation: without it the probe refuses what the validator rejects, as New-RealtimeClientSecret does.
        $r = Invoke-RealtimeProbe -Json $json -DelayMs 0 -Rounds 2 -SkipValidation -WarningAction SilentlyContinue
        $r.Verdict | Should -Be 'ClientConfiguration'
        $r.Summary | Should -Match "session\.input_audio_transcription"
        $r.Recommendation | Should -Match 'Unknown parameter'
        $r.MatchingRuleId | Should -Match '^RTC\d+'
        $r.Validation.ErrorCount | Should -BeGreaterThan 0
        ($r.Validation.Diagnostics.RuleId) | Should -Contain $r.MatchingRuleId
    }

    It 'an unknown deployment: DeploymentNotFound' {
        $r = Invoke-Scenario healthy @{ Deployment = 'no-such-deployment'; Rounds = 1; WarningAction = 'SilentlyContinue' }
        $r.Verdict | Should -Be 'DeploymentNotFound'
        $r.Recommendation | Should -Match 'deployment'
    }

    It 'throttle: Throttled when 429 is the only failure' {
        $r = Invoke-Scenario throttle @{} @{ Count = 2 }
        $r.Verdict | Should -Be 'Throttled'
        ($r.Attempts | Where-Object StatusCode -eq 429) | Should -HaveCount 2
    }

    It 'flaky-503: Intermittent, with the success rate of each variant' {
        $r = Invoke-Scenario flaky-503 @{ Rounds = 6 } @{ FailureRate = 0.5; Seed = 7 }
        $r.Verdict | Should -Be 'Intermittent'
        $r.Summary | Should -Match 'WithoutTranscription \d+/6 succeeded \(\d+%\)'
        $r.Summary | Should -Match 'WithTranscription \d+/6 succeeded'
    }

    It 'html-502: ServiceFault (a gateway page in both variants)' {
        $r = Invoke-Scenario html-502 @{ Rounds = 2 }
        $r.Verdict | Should -Be 'ServiceFault'
        $r.Attempts.StatusCode | Should -Be @(502, 502, 502, 502)
    }

    It 'audience-401: Authentication with the audience and role hint' {
        $r = Invoke-Scenario audience-401 @{ Rounds = 1 }
        $r.Verdict | Should -Be 'Authentication'
        $r.Recommendation | Should -Match 'cognitiveservices\.azure\.com/\.default'
        $r.Recommendation | Should -Match 'Cognitive Services User'
    }

    It 'forbidden-403: Authorization (the resource refuses the caller)' {
        $r = Invoke-Scenario forbidden-403 @{ Rounds = 1 }
        $r.Verdict | Should -Be 'Authorization'
        $r.Variants | ForEach-Object { $_.Successes | Should -Be 0 }
        @(Get-MintRequest | Where-Object status -eq 403).Count | Should -Be 2
    }

    It 'reset: Network (the connection drops mid-answer)' {
        $r = Invoke-Scenario reset @{ Rounds = 1 }
        $r.Verdict | Should -Be 'Network'
    }

    It 'hang: Network after the per-call timeout' {
        $r = Invoke-Scenario hang @{ Rounds = 1; TimeoutSec = 1 }
        $r.Verdict | Should -Be 'Network'
        $r.Attempts.Outcome | Should -Be @('Timeout', 'Timeout')
    }

    It 'nothing listening: Network' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $r = Invoke-RealtimeProbe -Endpoint "http://127.0.0.1:$port" -ApiKey $Key -Deployment gpt-realtime -Rounds 1 -DelayMs 0
        $r.Verdict | Should -Be 'Network'
        $r.Attempts | Should -HaveCount 2 -Because 'one round of two variants, each attempt recorded though nothing answered'
        $r.Attempts | ForEach-Object { $_.StatusCode | Should -BeNullOrEmpty }
    }

    It 'preview-response: Inconclusive, naming the old protocol' {
        $r = Invoke-Scenario preview-response @{ Rounds = 1 }
        $r.Verdict | Should -Be 'Inconclusive'
        $r.Attempts[0].ErrorMessage | Should -Match 'preview'
    }
}

Describe 'Invoke-RealtimeProbe inputs and options' {
    BeforeEach {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It '-AllTranscriptionModels adds one variant per documented model of the catalog' {
        $documented = @(Get-RealtimeModel -Kind Transcription | Where-Object Documented | ForEach-Object Name)
        $r = Invoke-RealtimeProbe -AllTranscriptionModels -Rounds 1 -DelayMs 0
        $r.Variants.Count | Should -Be (2 + $documented.Count)
        foreach ($m in $documented) { $r.Variants.Variant | Should -Contain "Transcription:$m" }
        $models = Get-MintRequest | ForEach-Object { ($_.body | ConvertFrom-Json).session.audio.input.transcription.model } | Where-Object { $_ }
        foreach ($m in $documented) { $models | Should -Contain $m }
    }

    It 'takes a configuration file from the pipeline and runs the validator and deployment checks first' {
        $file = Join-Path $TestDrive 'session.json'
        '{"session":{"type":"realtime","model":"gpt-realtime","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe","language":"en"}}}}}' | Set-Content $file
        $r = Get-Item $file | Invoke-RealtimeProbe -Rounds 1 -DelayMs 0
        $r.Verdict | Should -Be 'Healthy'
        $r.Validation.GetType().FullName | Should -Be 'RealtimeOps.Engine.Validation.ValidationResult'
        $r.Validation.IsValid | Should -BeTrue
        $r.DeploymentChecks | Should -Not -BeNullOrEmpty
        $r.DeploymentChecks.Online | Should -BeFalse -Because 'an api key opens no ARM door; the checks say so instead of passing silently'
        $r.DeploymentChecks.OfflineReason | Should -Match 'api key|names no account'
    }

    It 'waits -DelayMs between attempts: nothing more is sent during the pause, and Stop() ends it' {
        # A 10-minute pause: while it lasts the emulator sees one request only; Stop() during it keeps that one attempt.
        # (How long the pause is, is the engine's injected delay: RealtimeProbeTests.)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$Manifest'; Invoke-RealtimeProbe -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -Rounds 2 -DelayMs 600000")
            $async = $ps.BeginInvoke()
            Wait-TestCondition { @(Get-MintRequest | Where-Object { $null -ne $_.status }).Count -ge 1 } 'the first attempt was never answered'
            # The first attempt is answered; a probe that skipped the pause would send the second one now.
            Start-Sleep -Milliseconds 500
            Get-MintRequest | Should -HaveCount 1 -Because 'no request is sent while the -DelayMs pause lasts'
            Stop-TestPipeline $ps -Because 'Stop() must end the 10-minute pause'
            $partial = Wait-LastProbe $ps
            $partial.Cancelled | Should -BeTrue
            $partial.DelayMs | Should -Be 600000
            @($partial.Attempts) | Should -HaveCount 1
            $partial.Attempts[0].Succeeded | Should -BeTrue
        }
        finally { $ps.Dispose() }
    }

    It 'sends nothing with -WhatIf' {
        Invoke-RealtimeProbe -WhatIf | Should -BeNullOrEmpty
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'rejects -Rounds 0 and a missing deployment before any request' {
        { Invoke-RealtimeProbe -Rounds 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RealtimeOps.Cmdlets.InvokeRealtimeProbeCommand'
        Disconnect-RealtimeOps
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key
        Invoke-RealtimeProbe -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ProbeDeploymentMissing,*'
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'keeps the last result in $RealtimeOpsLastProbe' {
        $r = Invoke-RealtimeProbe -Rounds 1 -DelayMs 0
        $global:RealtimeOpsLastProbe | Should -Be $r
    }
}

Describe 'Invoke-RealtimeProbe progress in each host' -Tag Slow {
    It 'writes a progress record per attempt interactively' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$Manifest'; Invoke-RealtimeProbe -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -Rounds 2 -DelayMs 0")
            $out = $ps.Invoke()
            $out[0].Verdict | Should -Be 'Healthy'
            $records = @($ps.Streams.Progress | Where-Object Activity -eq 'Invoke-RealtimeProbe' | Where-Object RecordType -eq 'Processing')
            $records.Count | Should -BeGreaterOrEqual 4
            ($records | Where-Object StatusDescription -match 'answered 200').Count | Should -Be 4
        }
        finally { $ps.Dispose() }
    }

    It 'Azure Automation: no progress records' {
        $r = Invoke-FreshPwsh -Script @"
`$env:AUTOMATION_ASSET_ACCOUNTID = 'aaaa-bbbb'
Import-Module '$Manifest'
`$ps = [powershell]::Create().AddScript("Import-Module '$Manifest'; Invoke-RealtimeProbe -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -Rounds 1 -DelayMs 0")
`$out = `$ps.Invoke()
'VERDICT:' + `$out[0].Verdict
'PROGRESS:' + `$ps.Streams.Progress.Count
"@
        $r.StdOut | Should -Match 'VERDICT:Healthy'
        $r.StdOut | Should -Match 'PROGRESS:0'
    }

    It 'Azure DevOps: mirrors progress as ##vso[task.setprogress]' {
        $r = Invoke-FreshPwsh -Script @"
`$env:TF_BUILD = 'True'
Import-Module '$Manifest'
`$null = Invoke-RealtimeProbe -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -Rounds 1 -DelayMs 0
"@
        $lines = $r.StdOut -split "`r?`n"
        $lines | Should -Contain '##vso[task.setprogress value=50;]Invoke-RealtimeProbe'
        $lines | Should -Contain '##vso[task.setprogress value=100;]Invoke-RealtimeProbe'
    }
}

Describe 'Invoke-RealtimeProbe and Ctrl+C' -Tag Slow {
    It 'PowerShell.Stop() ends a hung probe before the service answers or -TimeoutSec runs out, and keeps what was measured' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript(@"
Import-Module '$Manifest'
Invoke-RealtimeProbe -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -Rounds 20 -DelayMs 100 -TimeoutSec 120
"@)
            $async = $ps.BeginInvoke()
            Wait-TestCondition { (Get-MintRequest).Count -ge 4 } 'the probe never sent four requests'
            Set-EmulatorScenario -Emulator $emu hang | Out-Null
            $before = (Get-MintRequest).Count
            Wait-TestCondition { (Get-MintRequest).Count -gt $before } 'the probe never sent a request into the hang'
            Stop-TestPipeline $ps -Because 'Stop() must end a hung request (the emulator never answers, -TimeoutSec is 120)'
            $async.IsCompleted | Should -BeTrue
            $partial = Wait-LastProbe $ps
            $partial.Cancelled | Should -BeTrue
            $partial.Attempts[-1].Outcome | Should -Be 'Cancelled' -Because 'the hung attempt ended at Stop(), not at a timeout or an answer'
            $measured = @($partial.Attempts | Where-Object Outcome -ne 'Cancelled')
            $measured.Count | Should -BeGreaterOrEqual 4
            $measured | ForEach-Object { $_.Succeeded | Should -BeTrue }
            $partial.Verdict | Should -Be 'Healthy' -Because 'the verdict covers the attempts that completed'
        }
        finally { $ps.Dispose(); Set-EmulatorScenario -Emulator $emu healthy | Out-Null }
    }
}
