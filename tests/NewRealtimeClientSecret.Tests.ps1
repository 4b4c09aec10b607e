# New-RealtimeClientSecret and Get-RealtimeExchange end to end against the emulator: minting, session inputs,
# every fault scenario with its error id and recorded exchanges, timeouts, Ctrl+C, CI integration.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest -Emulator
    $script:MintPath = '/openai/v1/realtime/client_secrets'

    function Connect-Emulator { Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime -MaxRetries 2 }
    function Get-PlainText([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
    function Get-MintRequest { @(Get-EmulatorRequest -Emulator $emu -Path $MintPath) }
}

AfterAll { Complete-RealtimeOpsTest }

Describe 'New-RealtimeClientSecret with an api key' {
    BeforeEach {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It 'mints a GA secret with every documented property and the value as a SecureString' {
        $s = New-RealtimeClientSecret -TranscriptionModel gpt-4o-transcribe -Language en
        $s.GetType().FullName | Should -Be 'RealtimeOps.Engine.ClientSecrets.RealtimeClientSecret'
        $s.Value | Should -BeOfType [securestring]
        Get-PlainText $s.Value | Should -Match '^ek_'
        $s.Protocol | Should -Be 'Ga'
        $s.SessionId | Should -Match '^sess_'
        $s.SessionType | Should -Be 'realtime'
        $s.Deployment | Should -Be 'gpt-realtime'
        $s.Endpoint | Should -Be "$($emu.BaseUri)/"
        $s.Region | Should -Be $emu.RegionDisplayName
        $s.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        $request = Get-MintRequest | Select-Object -Last 1
        $s.RequestId | Should -Be $request.responseRequestId
        $request.query | Should -BeNullOrEmpty -Because 'the api-version is omitted by default'
        $body = $request.body | ConvertFrom-Json
        $body.session.model | Should -Be 'gpt-realtime'
        $body.session.type | Should -Be 'realtime'
        $body.session.audio.input.transcription.model | Should -Be 'gpt-4o-transcribe'
        ($s | Out-String) | Should -Not -Match 'ek_'
    }

    It '-AsPlainText returns the value as a string; -ApiVersion and -ExpiresInSeconds reach the request' {
        $s = New-RealtimeClientSecret -AsPlainText -ApiVersion preview -ExpiresInSeconds 120
        $s.Value | Should -BeOfType [string]
        $s.Value | Should -Match '^ek_'
        $s.pstypenames[0] | Should -Be 'RealtimeOps.Engine.ClientSecrets.RealtimeClientSecret#PlainText'
        $request = Get-MintRequest | Select-Object -Last 1
        $request.query | Should -Match 'api-version=preview'
        ($request.body | ConvertFrom-Json).expires_after.seconds | Should -Be 120
    }

    It 'rejects an expiry outside 10..7200 before any request' {
        { New-RealtimeClientSecret -ExpiresInSeconds 9 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RealtimeOps.Cmdlets.NewRealtimeClientSecretCommand'
        { New-RealtimeClientSecret -ExpiresInSeconds 7201 } | Should -Throw
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        New-RealtimeClientSecret -WhatIf | Should -BeNullOrEmpty
        Get-MintRequest | Should -BeNullOrEmpty
        Get-RealtimeExchange | Should -BeNullOrEmpty
    }

    It 'takes the session from -Path, -Json, -InputObject and from files on the pipeline' {
        $dir = Join-Path $TestDrive 'configs'
        New-Item -ItemType Directory $dir | Out-Null
        '{"type":"realtime","model":"gpt-realtime","instructions":"from-file-a"}' | Set-Content (Join-Path $dir 'a.json')
        '{"session":{"type":"transcription","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe"}}}}}' | Set-Content (Join-Path $dir 'b.json')
        $fromPath = New-RealtimeClientSecret -Path (Join-Path $dir 'a.json')
        $fromJson = New-RealtimeClientSecret -Json '{"type":"realtime","instructions":"from-json"}'
        $fromObject = @{ type = 'realtime'; instructions = 'from-hashtable' } | New-RealtimeClientSecret
        $fromFiles = Get-ChildItem $dir -Filter *.json | New-RealtimeClientSecret
        @($fromPath, $fromJson, $fromObject).Count | Should -Be 3
        $fromFiles.Count | Should -Be 2
        ($fromFiles | Where-Object SessionType -eq 'transcription').Count | Should -Be 1
        $bodies = Get-MintRequest | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies.session.instructions | Should -Contain 'from-file-a'
        $bodies.session.instructions | Should -Contain 'from-json'
        $bodies.session.instructions | Should -Contain 'from-hashtable'
        ($bodies | Where-Object { $_.session.type -eq 'transcription' }).session.PSObject.Properties.Name | Should -Not -Contain 'model'
    }

    It 'stops bad input before any request: invalid JSON, a missing file, no deployment' {
        New-RealtimeClientSecret -Json '{"type": "realtime",' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretSessionInvalid,*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        New-RealtimeClientSecret -Path (Join-Path $TestDrive 'missing.json') -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretSessionFileNotFound,*'
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key
        New-RealtimeClientSecret -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretDeploymentMissing,*'
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'takes connection parameters directly or -Context, instead of the connected context' {
        Disconnect-RealtimeOps
        $s = New-RealtimeClientSecret -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime
        $s.RequestId | Should -Not -BeNullOrEmpty
        $ctx = Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime -PassThru
        Disconnect-RealtimeOps
        (New-RealtimeClientSecret -Context $ctx).Deployment | Should -Be 'gpt-realtime'
        { New-RealtimeClientSecret -Context $ctx -Identity } | Should -Throw -ErrorId 'ConnectionParametersConflict,*'
        { New-RealtimeClientSecret -Endpoint $emu.BaseUri -ApiKey $Key -AzureCli } | Should -Throw -ErrorId 'ConnectionAuthenticationAmbiguous,*'
    }

    It 'Get-RealtimeExchange filters by -Last, -Operation and -StatusCode' {
        New-RealtimeClientSecret | Out-Null
        New-RealtimeClientSecret -Deployment no-such-deployment -ErrorAction SilentlyContinue
        @(Get-RealtimeExchange).Count | Should -Be 2
        (Get-RealtimeExchange -Last 1).StatusCode | Should -Be 404
        @(Get-RealtimeExchange -StatusCode 200).Count | Should -Be 1
        @(Get-RealtimeExchange -Operation 'CreateClient*').Count | Should -Be 2
        @(Get-RealtimeExchange -Operation 'GetDeployments').Count | Should -Be 0
        $e = Get-RealtimeExchange -Last 1
        $e.Method | Should -Be 'POST'
        $e.Url | Should -Be "$($emu.BaseUri)$MintPath"
        $e.RequestHeaders['api-key'] | Should -Be '***REDACTED***'
        $e.RequestHeaders['User-Agent'] | Should -Match '^RealtimeOps/0\.1\.0 PowerShell/\d+\.\d+'
        $e.ApimRequestId | Should -Not -BeNullOrEmpty
        $e.ClientRequestId | Should -Be $e.ResponseHeaders['x-ms-client-request-id']
        $e.StartedAtUtc.Offset | Should -Be ([TimeSpan]::Zero)
        (Get-RealtimeExchange | Out-String) | Should -Match 'CreateClientSecret'
    }
}

Describe 'New-RealtimeClientSecret failures: <Scenario>' -ForEach @(
    @{ Scenario = 'transcription-500'; Params = @{ TranscriptionModel = 'gpt-4o-transcribe' }; ErrorId = 'ClientSecretServiceError'; Category = 'ResourceUnavailable'; Attempts = 3; Status = 500 }
    @{ Scenario = 'html-502'; Params = @{}; ErrorId = 'ClientSecretServiceError'; Category = 'ResourceUnavailable'; Attempts = 3; Status = 502 }
    @{ Scenario = 'flaky-503'; Params = @{}; ErrorId = 'ClientSecretServiceError'; Category = 'ResourceUnavailable'; Attempts = 3; Status = 503; FailureRate = 1.0 }
    @{ Scenario = 'audience-401'; Params = @{}; ErrorId = 'ClientSecretUnauthorized'; Category = 'AuthenticationError'; Attempts = 1; Status = 401 }
    @{ Scenario = 'forbidden-403'; Params = @{}; ErrorId = 'ClientSecretForbidden'; Category = 'PermissionDenied'; Attempts = 1; Status = 403 }
    @{ Scenario = 'throttle'; Params = @{}; ErrorId = 'ClientSecretThrottled'; Category = 'LimitsExceeded'; Attempts = 3; Status = 429; Count = 10 }
    @{ Scenario = 'healthy'; Params = @{ Deployment = 'no-such-deployment' }; ErrorId = 'ClientSecretDeploymentNotFound'; Category = 'ObjectNotFound'; Attempts = 1; Status = 404 }
    @{ Scenario = 'healthy'; Params = @{ Json = '{"type":"realtime","input_audio_transcription":{"model":"whisper-1"}}'; SkipValidation = $true }; ErrorId = 'ClientSecretInvalidRequest'; Category = 'InvalidArgument'; Attempts = 1; Status = 400 }
    @{ Scenario = 'healthy'; Params = @{ ApiVersion = '2025-04-01-preview' }; ErrorId = 'ClientSecretUnauthorized'; Category = 'AuthenticationError'; Attempts = 1; Status = 401 }
) {
    BeforeEach {
        $scenarioArgs = @{ Emulator = $emu; Name = $Scenario }
        if ($FailureRate) { $scenarioArgs.FailureRate = $FailureRate }
        if ($Count) { $scenarioArgs.Count = $Count }
        Set-EmulatorScenario @scenarioArgs | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It 'writes <ErrorId> naming the apim-request-id, with every attempt recorded' {
        $out = New-RealtimeClientSecret @Params -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$ErrorId,RealtimeOps.Cmdlets.NewRealtimeClientSecretCommand"
        $err[0].CategoryInfo.Category | Should -Be $Category
        $exchanges = @(Get-RealtimeExchange)
        $exchanges.Count | Should -Be $Attempts
        $exchanges.Attempt | Should -Be (1..$Attempts)
        $exchanges[-1].StatusCode | Should -Be $Status
        $apim = $exchanges[-1].ApimRequestId
        $apim | Should -Not -BeNullOrEmpty
        $err[0].Exception.ApimRequestId | Should -Be $apim
        $err[0].ErrorDetails.Message | Should -Match ([regex]::Escape($apim))
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-MintRequest).Count | Should -Be $Attempts
    }
}

Describe 'New-RealtimeClientSecret scenario details' {
    BeforeEach {
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It 'transcription-500 fails only when transcription is on' {
        Set-EmulatorScenario -Emulator $emu transcription-500 | Out-Null
        (New-RealtimeClientSecret).Protocol | Should -Be 'Ga'
        New-RealtimeClientSecret -TranscriptionModel gpt-4o-transcribe -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].Exception.Status | Should -Be 500
        $e[0].Exception.ErrorCode | Should -Be 'server_error'
    }

    # -SkipValidation: these payloads are wrong on purpose, to see what the service itself answers.
    It 'invalid request carries the service''s param and message' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        New-RealtimeClientSecret -Json '{"type":"realtime","turn_detection":{"type":"server_vad"}}' -SkipValidation -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].Exception.Param | Should -Be 'session.turn_detection'
        $e[0].Exception.ErrorCode | Should -Be 'unknown_parameter'
        $e[0].ErrorDetails.Message | Should -Match "Unknown parameter: 'session.turn_detection'"
    }

    It 'audience-401 explains the role and the token scope' {
        Set-EmulatorScenario -Emulator $emu audience-401 | Out-Null
        New-RealtimeClientSecret -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'Cognitive Services User'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'cognitiveservices\.azure\.com/\.default'
    }

    It 'html-502 is summarised, not dumped' {
        Set-EmulatorScenario -Emulator $emu html-502 | Out-Null
        New-RealtimeClientSecret -MaxRetries 0 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].ErrorDetails.Message | Should -Match 'HTML page'
        $e[0].ErrorDetails.Message | Should -Not -Match '<html|<body'
    }

    It 'throttle is retried and succeeds, and each 429 keeps the retry-after-ms it carried' {
        Set-EmulatorScenario -Emulator $emu throttle -Count 2 | Out-Null
        $s = New-RealtimeClientSecret
        $s.SessionId | Should -Match '^sess_'
        $x = @(Get-RealtimeExchange)
        $x.StatusCode | Should -Be @(429, 429, 200)
        $x.Attempt | Should -Be @(1, 2, 3)
        $x[0].ResponseHeaders['retry-after-ms'] | Should -Be '200'
    }

    It 'reset is a network error with no status and no apim-request-id' {
        Set-EmulatorScenario -Emulator $emu reset -Count 10 | Out-Null
        New-RealtimeClientSecret -MaxRetries 1 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretNetworkError,*'
        $e[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $e[0].ErrorDetails.Message | Should -Match 'No apim-request-id'
        $x = @(Get-RealtimeExchange)
        $x.Count | Should -Be 2
        $x.StatusCode | Should -Be @($null, $null)
        $x | ForEach-Object { $_.Error | Should -Not -BeNullOrEmpty }
    }

    It 'preview-response is understood and flagged' {
        Set-EmulatorScenario -Emulator $emu preview-response | Out-Null
        $s = New-RealtimeClientSecret -WarningVariable w -WarningAction SilentlyContinue
        $s.Protocol | Should -Be 'Preview'
        Get-PlainText $s.Value | Should -Match '^ek_'
        $w | Should -Match 'preview'
        (Get-RealtimeExchange -Last 1).ResponseBody | Should -Not -Match 'ek_'
    }

    It 'hang ends at -TimeoutSec with ClientSecretTimeout' {
        # When the overall timer fires is the engine's (ServiceClientTests inject it); here: the -TimeoutSec given is the
        # limit that ended the call, and the emulator never answered it.
        Set-EmulatorScenario -Emulator $emu hang | Out-Null
        New-RealtimeClientSecret -TimeoutSec 2 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].Exception.Message | Should -Match 'did not finish within 2 s \(-TimeoutSec\)'
        @(Get-MintRequest)[-1].status | Should -BeNullOrEmpty -Because 'the service never answered: the timeout ended the call'
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretTimeout,*'
        $e[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        (Get-RealtimeExchange -Last 1).Error | Should -Match 'timed out'
    }

    It 'PowerShell.Stop() from another thread ends a hung call before the service answers or -TimeoutSec runs out' {
        Set-EmulatorScenario -Emulator $emu hang | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$Manifest'; New-RealtimeClientSecret -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -TimeoutSec 120")
            $async = $ps.BeginInvoke()
            Wait-TestCondition { Get-MintRequest } 'the call never reached the emulator'
            Stop-TestPipeline $ps -Because 'Stop() must end a hung call (the emulator never answers, -TimeoutSec is 120)'
            $async.IsCompleted | Should -BeTrue
            # The call's exchange says how it ended: at the caller's cancellation, not at a timeout or an answer.
            $ps.Commands.Clear()
            $last = $ps.AddScript('Get-RealtimeExchange -Last 1').Invoke()
            $last[0].Error | Should -Be 'cancelled by the caller'
            $last[0].StatusCode | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
    }
}

Describe 'New-RealtimeClientSecret in CI hosts' -Tag Slow {
    It 'Azure DevOps: registers the value with task.setsecret before it is output, and sets a secret variable' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $r = Invoke-FreshPwsh -Script @"
`$env:TF_BUILD = 'True'
Import-Module '$Manifest'
`$s = New-RealtimeClientSecret -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -PipelineVariableName REALTIME_SECRET -AsPlainText
'OUTPUT:' + `$s.Value
"@
        $r.StdErr | Should -BeNullOrEmpty
        $lines = $r.StdOut -split "`r?`n"
        $output = ($lines | Where-Object { $_ -like 'OUTPUT:*' }).Substring(7)
        $mask = [array]::IndexOf($lines, "##vso[task.setsecret]$output")
        $mask | Should -BeGreaterOrEqual 0
        $mask | Should -BeLessThan ([array]::IndexOf($lines, "OUTPUT:$output"))
        $lines | Should -Contain "##vso[task.setvariable variable=REALTIME_SECRET;issecret=true]$output"
    }

    It 'GitHub Actions: ::add-mask:: and a step output in GITHUB_OUTPUT' {
        $outFile = Join-Path $TestDrive 'github_output'
        $r = Invoke-FreshPwsh -Script @"
`$env:GITHUB_ACTIONS = 'true'
`$env:GITHUB_OUTPUT = '$outFile'
Import-Module '$Manifest'
`$s = New-RealtimeClientSecret -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force) -Deployment gpt-realtime -PipelineVariableName realtime_secret
'VALUE:' + [Net.NetworkCredential]::new('', `$s.Value).Password
"@
        $r.StdErr | Should -BeNullOrEmpty
        $value = (($r.StdOut -split "`r?`n") | Where-Object { $_ -like 'VALUE:*' }).Substring(6)
        $r.StdOut | Should -Match ([regex]::Escape("::add-mask::$value"))
        $content = Get-Content $outFile -Raw
        $content | Should -Match "^realtime_secret<<(\S+)\n$([regex]::Escape($value))\n\1\n$"
    }

    It 'outside CI, -PipelineVariableName warns that nothing was set' {
        Connect-Emulator
        New-RealtimeClientSecret -PipelineVariableName X -WarningVariable w -WarningAction SilentlyContinue | Out-Null
        $w | Should -Match 'neither Azure Pipelines'
    }
}

Describe 'New-RealtimeClientSecret in 8 runspaces at once' -Tag Slow {
    It 'mints 25 each with no cross-talk between runspace contexts' {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $keys = 1..8 | ForEach-Object { "parallel-key-$_-$([guid]::NewGuid().ToString('n'))" }
        $keys | ForEach-Object { Add-EmulatorApiKey -Emulator $emu $_ }
        $base = $emu.BaseUri
        $manifest = $Manifest
        $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:manifest
            $i = $_
            $key = ($using:keys)[$i - 1]
            Disconnect-RealtimeOps -ClearExchange
            Connect-RealtimeOps -Endpoint $using:base -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -Deployment gpt-realtime
            $marker = "runspace-marker-$i"
            $values = 1..25 | ForEach-Object {
                $s = New-RealtimeClientSecret -Instructions $marker
                [Net.NetworkCredential]::new('', $s.Value).Password
            }
            $exchanges = @(Get-RealtimeExchange)
            [pscustomobject]@{
                Index          = $i
                Values         = $values
                Exchanges      = $exchanges.Count
                OwnBodies      = @($exchanges | Where-Object { $_.RequestBody -match [regex]::Escape("`"$marker`"") }).Count
                Fingerprint    = (Get-RealtimeOpsContext).SecretFingerprint
            }
        }
        $results.Count | Should -Be 8
        foreach ($r in $results) {
            $r.Values.Count | Should -Be 25
            $r.Exchanges | Should -Be 25
            $r.OwnBodies | Should -Be 25
        }
        ($results.Values | Sort-Object -Unique).Count | Should -Be 200
        ($results.Fingerprint | Sort-Object -Unique).Count | Should -Be 8 -Because 'each runspace kept its own connection'
    }
}

Describe 'New-RealtimeClientSecret validates the configuration before sending it' {
    BeforeEach {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Disconnect-RealtimeOps -ClearExchange
        Connect-Emulator
    }

    It 'stops a preview-era field before any request, naming the rule and the GA place' {
        New-RealtimeClientSecret -Json '{"type":"realtime","input_audio_transcription":{"model":"whisper-1"}}' -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'ClientSecretConfigurationInvalid,RealtimeOps.Cmdlets.NewRealtimeClientSecretCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $e[0].Exception.Message | Should -Match 'RTC\d{4}'
        $e[0].Exception.Message | Should -Match 'audio\.input\.transcription'
        Get-MintRequest | Should -BeNullOrEmpty -Because 'nothing is sent when validation finds an error'
    }

    It 'stops a realtime model named as the transcription model before any request' {
        New-RealtimeClientSecret -TranscriptionModel gpt-realtime -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretConfigurationInvalid,*'
        $e[0].Exception.Message | Should -Match 'session\.audio\.input\.transcription\.model'
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'sends the same request with -SkipValidation, and the service answers for itself' {
        New-RealtimeClientSecret -TranscriptionModel gpt-realtime -SkipValidation -ErrorAction SilentlyContinue | Out-Null
        @(Get-MintRequest).Count | Should -Be 1
    }

    It 'warns about a regional language tag (en-US), a recommendation of the specification, and still sends' {
        New-RealtimeClientSecret -TranscriptionModel gpt-4o-transcribe -Language en-US -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null
        ($w -join "`n") | Should -Match 'RTC1042'
        @(Get-MintRequest).Count | Should -Be 1
    }
}
