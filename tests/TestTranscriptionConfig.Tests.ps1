# Test-TranscriptionConfig as users run it: files from Get-ChildItem, JSON text, hashtables and PSCustomObjects,
# -Quiet, unreadable files, CI annotations (with injection attempts), JUnit reports and the options.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest
    $script:Corpus = Join-Path (Get-RepoRoot) 'tests/corpus'
    $script:Expected = Get-Content (Join-Path $Corpus 'expected.json') -Raw | ConvertFrom-Json -AsHashtable
    $script:Work = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ("ro-ttc-{0}" -f [guid]::NewGuid().ToString('n')))
    $script:ModulePath = Get-RealtimeOpsModulePath

    # Runs Test-TranscriptionConfig in a fresh pwsh with the given environment, returning its stdout lines.
    function Invoke-InCi([string] $Environment, [string] $Command) {
        $script = "`$ErrorActionPreference = 'Continue'; $Environment; Import-Module '$ModulePath'; $Command | Out-Null"
        $run = Invoke-FreshPwsh -Script $script
        $run.StdErr | Should -BeNullOrEmpty
        @($run.StdOut -split "`r?`n" | Where-Object { $_ })
    }
}

AfterAll {
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-TranscriptionConfig' {
    Context 'files' {
        It 'checks every file Get-ChildItem pipes in (binding PSPath by property name), one result each' {
            $files = Get-ChildItem $Corpus -Filter 'valid-ga-*.json'
            $results = @($files | Test-TranscriptionConfig)
            $results.Count | Should -Be $files.Count
            $results[0].PSObject.TypeNames[0] | Should -Be 'RealtimeOps.Engine.Validation.ValidationResult'
            $results.Source | Should -Be $files.FullName
            $results | Where-Object { -not $_.IsValid } | Should -BeNullOrEmpty
        }

        It 'reports kind, shape, counts and diagnostics with path, line and column' {
            $r = Test-TranscriptionConfig -Path (Join-Path $Corpus 'invalid-mixed-everything.json')
            $r.Kind | Should -Be 'SessionUpdateEvent'
            $r.Shape | Should -Be 'Mixed'
            $r.IsValid | Should -BeFalse
            $r.ErrorCount | Should -Be 4
            $language = $r.Diagnostics | Where-Object RuleId -eq 'RTC1042'
            $language.Path | Should -Be 'session.audio.input.transcription.language'
            $language.Line | Should -Be 11
            $language.Column | Should -Be 23
            $language.Severity | Should -Be 'Warning' # a recommendation of the specification, not a rejection
            $language.Suggestion | Should -Be 'Use "en".'
        }

        It 'expands wildcards in -Path and takes names with brackets through -LiteralPath' {
            $odd = Join-Path $Work 'cfg[1].json'
            Set-Content -LiteralPath $odd -Value '{"session":{"type":"realtime","temperature":1}}'
            $r = Test-TranscriptionConfig -LiteralPath $odd
            $r.Diagnostics.RuleId | Should -Contain 'RTC1023'
            @(Test-TranscriptionConfig -Path (Join-Path $Corpus 'invalid-ga-expires-*.json')).Count | Should -Be 2
        }

        It 'writes a non-terminating error for an unreadable file and goes on with the next' {
            $loop = Join-Path $Work 'loop.json'
            $valid = Join-Path $Corpus 'valid-ga-tools.json'
            if ($IsWindows) {
                $lock = [IO.File]::Open($valid, 'Open', 'Read', 'None')
                $target = $valid
            }
            else {
                New-Item -ItemType SymbolicLink -Path $loop -Target $loop | Out-Null   # reading it fails with ELOOP
                $target = $loop
            }
            try {
                $results = @(Get-Item -LiteralPath $target, (Join-Path $Corpus 'invalid-ga-speed.json') -Force |
                    Test-TranscriptionConfig -ErrorVariable problems -ErrorAction SilentlyContinue)
            }
            finally { if ($lock) { $lock.Dispose() } }
            $results.Count | Should -Be 1
            $results[0].Diagnostics.RuleId | Should -Contain 'RTC1058'
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ConfigurationFileUnreadable,RealtimeOps.Cmdlets.TestTranscriptionConfigCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ReadError'
            $problems[0].TargetObject | Should -Be $target
        }

        It 'writes ConfigurationFileNotFound for a missing literal path' {
            $missing = Join-Path $Work 'missing.json'
            Test-TranscriptionConfig -LiteralPath $missing -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'ConfigurationFileNotFound,RealtimeOps.Cmdlets.TestTranscriptionConfigCommand'
            $problems[0].TargetObject | Should -Be $missing
        }

        It 'checks the files Get-ChildItem pipes in and names each folder in an error' {
            New-Item -ItemType Directory (Join-Path $Work 'sub') -Force | Out-Null
            Copy-Item (Join-Path $Corpus 'valid-ga-tools.json') (Join-Path $Work 'sub/a.json')
            @(Get-Item (Join-Path $Work 'sub'), (Join-Path $Work 'sub/a.json') | Test-TranscriptionConfig -ErrorAction SilentlyContinue -ErrorVariable folders).Count | Should -Be 1
            $folders[0].FullyQualifiedErrorId | Should -Be 'ConfigurationPathIsFolder,RealtimeOps.Cmdlets.TestTranscriptionConfigCommand'
        }

        It 'turns a JSON syntax error into a diagnostic, never an exception' {
            $r = Test-TranscriptionConfig -Path (Join-Path $Corpus 'invalid-syntax-trailing-comma.raw.json') -ErrorAction Stop
            $d = $r.Diagnostics | Select-Object -First 1
            $d.RuleId | Should -Be 'RTC1001'
            $d.Line | Should -Be 4
            $r.Kind | Should -Be 'Unknown'
        }

        It 'gives every corpus file exactly its expected rule ids' {
            foreach ($name in $Expected.Keys) {
                $case = $Expected[$name]
                $arguments = @{ LiteralPath = (Join-Path $Corpus $name); Annotations = 'None' }
                if ($case.target) { $arguments.Target = $case.target }
                if ($case.region) { $arguments.Region = $case.region }
                if ($case.endpoint) { $arguments.Endpoint = $case.endpoint }
                if ($case.deployments) { $arguments.Deployment = @($case.deployments.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) }
                $r = Test-TranscriptionConfig @arguments
                (@($r.Diagnostics.RuleId | Sort-Object -Unique) -join ',') | Should -Be (@($case.rules) -join ',') -Because $name
            }
        }
    }

    Context 'JSON text and objects' {
        It 'checks -Json text and JSON piped in as strings' {
            $r = Test-TranscriptionConfig -Json '{"session":{"type":"realtime","model":"gpt-realtime"}}'
            $r.IsValid | Should -BeTrue
            $r.Source | Should -Be 'json'
            $piped = '{"type":"transcription","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe-diarize","prompt":"x"}}}}' | Test-TranscriptionConfig
            $piped.Diagnostics.RuleId | Should -Be 'RTC1080' # a prompt for diarize is disputed between OpenAI and Microsoft
            $piped.Kind | Should -Be 'TranscriptionSession'
        }

        It 'checks a hashtable built in a script' {
            $config = @{
                session = @{
                    type  = 'realtime'
                    model = 'gpt-realtime'
                    audio = @{ input = @{ transcription = @{ model = 'gpt-4o-transcribe'; language = 'en-US' }; format = @{ type = 'audio/pcm'; rate = 16000 } } }
                }
            }
            $r = Test-TranscriptionConfig -InputObject $config
            $r.Source | Should -Be 'InputObject'
            ($r.Diagnostics.RuleId | Sort-Object) -join ',' | Should -Be 'RTC1042,RTC1052'
            $r.Diagnostics[0].Line | Should -BeNullOrEmpty
            $r.TranscriptionModel | Should -Be 'gpt-4o-transcribe'
        }

        It 'checks ordered dictionaries and PSCustomObjects, nested in each other' {
            $config = [ordered]@{
                expires_after = [pscustomobject]@{ anchor = 'created_at'; seconds = 9000 }
                session       = [pscustomobject]@{ type = 'realtime'; output_modalities = @('audio', 'text'); voice = 'alloy' }
            }
            $r = Test-TranscriptionConfig -InputObject $config
            $r.Kind | Should -Be 'ClientSecretRequest'
            ($r.Diagnostics.RuleId | Sort-Object -Unique) -join ',' | Should -Be 'RTC1020,RTC1022,RTC1051,RTC1055'
            (Test-TranscriptionConfig -InputObject ([pscustomobject]@{ session = [pscustomobject]@{ type = 'realtime' } })).IsValid | Should -BeTrue
        }

        It 'checks a hashtable piped in as -InputObject does, and explains a hashtable given to -Json' {
            $config = @{ session = @{ type = 'realtime'; voice = 'x' } }
            $piped = $config | Test-TranscriptionConfig
            $piped.Source | Should -Be 'InputObject'
            ($piped.Diagnostics.RuleId | Sort-Object) -join ',' | Should -Be 'RTC1020,RTC1022'
            $passed = Test-TranscriptionConfig -InputObject $config
            ($piped.Diagnostics.RuleId | Sort-Object) -join ',' | Should -Be (($passed.Diagnostics.RuleId | Sort-Object) -join ',')
            Test-TranscriptionConfig -Json $config -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'ConfigurationInputNotJson,RealtimeOps.Cmdlets.TestTranscriptionConfigCommand'
        }

        It 'stops at a self-referencing object with a diagnostic' {
            $node = [pscustomobject]@{ type = 'realtime' }
            $node | Add-Member -NotePropertyName tools -NotePropertyValue @($node)
            $r = Test-TranscriptionConfig -InputObject @{ session = $node }
            $r.Diagnostics.RuleId | Should -Contain 'RTC1002'
        }
    }

    Context '-Quiet' {
        It 'returns only $true or $false, one per input' {
            $answers = @(Get-ChildItem $Corpus -Filter 'invalid-ga-speed.json'), @(Get-ChildItem $Corpus -Filter 'valid-ga-tools.json') |
                ForEach-Object { $_ } | Test-TranscriptionConfig -Quiet
            $answers | Should -Be @($false, $true)
            $answers | ForEach-Object { $_ | Should -BeOfType [bool] }
            Test-TranscriptionConfig -Json '{"session":{"type":"realtime","voice":"x"}}' -Quiet | Should -BeFalse
            # Warnings alone do not fail a configuration.
            Test-TranscriptionConfig -Json '{"session":{"type":"realtime","audio":{"output":{"voice":"alloyy"}}}}' -Quiet | Should -BeTrue
        }
    }

    Context 'options' {
        It 'checks the region (-Region) against the catalog' {
            $r = Test-TranscriptionConfig -Path (Join-Path $Corpus 'region-transcription-central-us.json') -Region 'Central US'
            ($r.Diagnostics | Where-Object RuleId -eq 'RTC1060').Severity | Should -Be 'Warning'
            (Test-TranscriptionConfig -Path (Join-Path $Corpus 'region-transcription-central-us.json') -Region swedencentral).Diagnostics | Should -BeNullOrEmpty
        }

        It 'checks deployments given as names or name=model pairs' {
            $json = '{"session":{"type":"realtime","model":"voice-prod","audio":{"input":{"transcription":{"model":"stt-prod"}}}}}'
            (Test-TranscriptionConfig -Json $json -Deployment 'voice-prod', 'stt-prod').IsValid | Should -BeTrue
            $r = Test-TranscriptionConfig -Json $json -Deployment 'voice-prd=gpt-realtime', 'stt-prod=gpt-4o'
            ($r.Diagnostics.RuleId | Sort-Object) -join ',' | Should -Be 'RTC1062,RTC1064'
            ($r.Diagnostics | Where-Object RuleId -eq 'RTC1062').Suggestion | Should -Match 'voice-prd'
        }

        It 'checks the preview protocol with -Target Preview' {
            $r = Test-TranscriptionConfig -Path (Join-Path $Corpus 'preview-valid-session-update-ms-howto.json') -Target Preview
            $r.IsValid | Should -BeTrue
            $r.Shape | Should -Be 'Preview'
            $r.Diagnostics.RuleId | Should -Be 'RTC1024'
            (Test-TranscriptionConfig -Path (Join-Path $Corpus 'preview-valid-session-update-ms-howto.json')).IsValid | Should -BeFalse
        }

        It 'flags a dated api-version on a GA endpoint' {
            $r = Test-TranscriptionConfig -Json '{"session":{"type":"realtime"}}' -Endpoint 'https://contoso.openai.azure.com/openai/v1/realtime/client_secrets?api-version=2025-04-01-preview'
            $r.Diagnostics.RuleId | Should -Be 'RTC1070'
        }
    }

    Context 'CI annotations' -Tag Slow {
        BeforeAll {
            $script:Evil = Join-Path $Work 'evil.json'
            # A field name and a value made to end the logging command and start new ones on both systems.
            $name = "x];##vso[task.setvariable variable=PWNED]yes`n::error::injected`r::add-mask::a,b:c%0A"
            $json = @{ session = [ordered]@{ type = 'realtime'; $name = 1; audio = @{ input = @{ transcription = @{ model = 'whisper-1'; language = "en-US`n##vso[task.complete result=Failed]" } } } } } | ConvertTo-Json -Depth 10
            Set-Content -LiteralPath $Evil -Value $json -Encoding utf8
        }

        It 'writes ##vso[task.logissue] lines to stdout under Azure Pipelines (TF_BUILD=True)' {
            $lines = @(Invoke-InCi "`$env:TF_BUILD = 'True'" "Test-TranscriptionConfig -LiteralPath '$(Join-Path $Corpus 'invalid-ga-pcm-rate.json')'")
            $lines.Count | Should -Be 1
            $lines[0] | Should -BeLike "##vso``[task.logissue type=error;sourcepath=*invalid-ga-pcm-rate.json;linenumber=9;columnnumber=19;code=RTC1052``]RTC1052 session.audio.input.format.rate: *"
        }

        It 'writes ::error lines to stdout under GitHub Actions (GITHUB_ACTIONS=true), paths relative to the workspace' {
            $lines = @(Invoke-InCi "`$env:GITHUB_ACTIONS = 'true'; `$env:GITHUB_WORKSPACE = '$(Get-RepoRoot)'" "Test-TranscriptionConfig -LiteralPath '$(Join-Path $Corpus 'invalid-ga-voice-unknown.json')'")
            $lines.Count | Should -Be 1
            $lines[0] | Should -BeLike '::warning file=tests/corpus/invalid-ga-voice-unknown.json,line=*,col=*,title=RTC1057 Voice not known::RTC1057 session.audio.output.voice: *'
        }

        It 'writes nothing outside CI, and -Annotations None silences CI detection' {
            Invoke-InCi "`$env:TF_BUILD = `$null; `$env:GITHUB_ACTIONS = `$null" "Test-TranscriptionConfig -LiteralPath '$Evil'" | Should -BeNullOrEmpty
            Invoke-InCi "`$env:TF_BUILD = 'True'" "Test-TranscriptionConfig -LiteralPath '$Evil' -Annotations None" | Should -BeNullOrEmpty
        }

        It 'cannot be made to run another Azure Pipelines command by text in the configuration' {
            $lines = @(Invoke-InCi "`$env:TF_BUILD = 'True'" "Test-TranscriptionConfig -LiteralPath '$Evil'")
            $lines.Count | Should -Be 2
            foreach ($line in $lines) {
                $line | Should -BeLike '##vso`[task.logissue type=*'
                # The agent takes the first '##vso[' of a line and its properties up to the first ']': they must be ours.
                $properties = $line.Substring(0, $line.IndexOf(']'))
                $properties | Should -Match '^##vso\[task\.logissue type=(error|warning)(;sourcepath=[^;\]]+;linenumber=\d+;columnnumber=\d+)?;code=RTC\d{4}$'
                $line.Substring($line.IndexOf(']') + 1) | Should -Not -Match '[\]\r\n]'
            }
            ($lines -join "`n") | Should -Match '%5D%3B##vso\[task\.setvariable variable=PWNED%5Dyes%0A::error::injected%0D::add-mask::a,b:c%AZP250A'
        }

        It 'cannot be made to run another GitHub Actions command by text in the configuration' {
            $lines = @(Invoke-InCi "`$env:GITHUB_ACTIONS = 'true'" "Test-TranscriptionConfig -LiteralPath '$Evil'")
            $lines.Count | Should -Be 2
            foreach ($line in $lines) {
                $line | Should -Match '^::(error|warning|notice) file=[^:,]+,line=\d+,col=\d+,title=RTC\d{4} [^:,]+::'
            }
            ($lines -join "`n") | Should -Match '%0A::error::injected%0D::add-mask::a,b:c%250A'
        }

        It 'emits the same lines through the information stream, so a script can capture them' {
            $null = Test-TranscriptionConfig -LiteralPath (Join-Path $Corpus 'invalid-ga-speed.json') -Annotations GitHubActions -InformationVariable info
            @($info).Count | Should -Be 1
            "$($info[0].MessageData)" | Should -BeLike '::error file=*invalid-ga-speed.json,line=*,title=RTC1058 Speed out of range::*'
            $info[0].Tags | Should -Contain 'RealtimeOps.Annotation'
        }
    }

    Context '-JUnitPath' {
        It 'writes one test case per input and a failure per error, for PublishTestResults@2' {
            $report = Join-Path $Work 'junit.xml'
            $files = Get-ChildItem $Corpus -Filter 'invalid-ga-m*.json'
            $results = @($files | Test-TranscriptionConfig -JUnitPath $report)
            [xml] $xml = Get-Content -LiteralPath $report -Raw
            $suite = $xml.testsuites.testsuite
            [int] $suite.tests | Should -Be $files.Count
            @($suite.testcase).Count | Should -Be $files.Count
            [int] $suite.failures | Should -Be @($results | Where-Object { -not $_.IsValid }).Count
            @($suite.testcase.failure).Count | Should -Be ($results | Measure-Object ErrorCount -Sum).Sum
            $case = $suite.testcase | Where-Object name -like '*invalid-ga-modalities-both.json'
            $case.failure.type | Should -Be 'RTC1055'
            $case.failure.message | Should -Match 'output_modalities'
        }

        It 'honours -WhatIf and leaves no file' {
            $report = Join-Path $Work 'whatif.xml'
            Test-TranscriptionConfig -Json '{}' -JUnitPath $report -WhatIf | Out-Null
            $report | Should -Not -Exist
        }

        It 'writes a non-terminating error when the report cannot be written' {
            $report = Join-Path $Work 'no/such/folder/r.xml'
            $r = Test-TranscriptionConfig -Json '{"session":{"type":"realtime"}}' -JUnitPath $report -ErrorVariable problems -ErrorAction SilentlyContinue
            $r.IsValid | Should -BeTrue
            $problems[0].FullyQualifiedErrorId | Should -Be 'JUnitReportPathInvalid,RealtimeOps.Cmdlets.TestTranscriptionConfigCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-ChildItem $Work -Filter '*.tmp' -Recurse -Force | Should -BeNullOrEmpty
        }
    }

    Context 'views' {
        It 'shows results and diagnostics as tables' {
            $r = Test-TranscriptionConfig -Path (Join-Path $Corpus 'invalid-ga-language-region.json')
            $table = $r | Out-String -Width 200
            $table | Should -Match 'IsValid\s+Errors\s+Warnings\s+Kind\s+Shape\s+Rules\s+Source'
            $table | Should -Match 'True\s+0\s+1\s+ClientSecretRequest\s+Ga\s+RTC1042'
            $diagnostics = $r.Diagnostics | Out-String -Width 200
            $diagnostics | Should -Match 'RuleId\s+Severity\s+Line\s+Col\s+Path\s+Message'
            $diagnostics | Should -Match 'RTC1042\s+Warning\s+9\s+\d+\s+session\.audio\.input\.transcription\.language\s+language "en-US" is not an ISO-639-1 code\. Sources disagree: '
            $diagnostics | Should -Match 'Use "en"\.'
        }
    }
}
