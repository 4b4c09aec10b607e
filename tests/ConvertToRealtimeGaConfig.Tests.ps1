# ConvertTo-RealtimeGaConfig and Get-RealtimeSessionSchema as users run them: the migration round-trip, and the
# schema cross-check against PowerShell's own Test-Json over the whole corpus.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest
    $script:Corpus = Join-Path (Get-RepoRoot) 'tests/corpus'
    $script:Expected = Get-Content (Join-Path $Corpus 'expected.json') -Raw | ConvertFrom-Json -AsHashtable
    $script:Work = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ("ro-conv-{0}" -f [guid]::NewGuid().ToString('n')))
    # Rules the schema expresses (structure); the others need facts (models, regions, languages) or are warnings.
    $script:StructuralRules = 'RTC1001', 'RTC1004', 'RTC1005', 'RTC1006', 'RTC1008', 'RTC1010', 'RTC1011', 'RTC1012', 'RTC1013',
        'RTC1020', 'RTC1021', 'RTC1022', 'RTC1023', 'RTC1025', 'RTC1030', 'RTC1031', 'RTC1050', 'RTC1051', 'RTC1052', 'RTC1053',
        'RTC1054', 'RTC1055', 'RTC1056', 'RTC1058', 'RTC1032', 'RTC1033', 'RTC1034'
}

AfterAll {
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'ConvertTo-RealtimeGaConfig' {
    It 'turns every preview corpus payload into GA JSON that Test-TranscriptionConfig accepts' {
        $previews = Get-ChildItem $Corpus -Filter 'preview-valid-*.json'
        $previews.Count | Should -BeGreaterOrEqual 3
        foreach ($file in $previews) {
            $converted = ConvertTo-RealtimeGaConfig -LiteralPath $file.FullName -WarningAction SilentlyContinue
            $converted.PSObject.TypeNames[0] | Should -Be 'RealtimeOps.Engine.Configuration.ConversionResult'
            $result = $converted | Test-TranscriptionConfig
            $result.IsValid | Should -BeTrue -Because "$($file.Name) converted to:`n$($converted.Json)`n$($result.Diagnostics | Out-String)"
            $result.Shape | Should -Be 'Ga'
        }
    }

    It 'rewrites formats and moves fields to their GA paths' {
        $beta = '{"type":"session.update","session":{"voice":"alloy","input_audio_format":"pcm16","output_audio_format":"g711_ulaw","input_audio_transcription":{"model":"whisper-1"},"turn_detection":{"type":"server_vad"}}}'
        $ga = (ConvertTo-RealtimeGaConfig -Json $beta).Json | ConvertFrom-Json
        $ga.type | Should -Be 'session.update'
        $ga.session.type | Should -Be 'realtime'
        $ga.session.audio.input.format.type | Should -Be 'audio/pcm'
        $ga.session.audio.input.format.rate | Should -Be 24000
        $ga.session.audio.output.format.type | Should -Be 'audio/pcmu'
        $ga.session.audio.output.voice | Should -Be 'alloy'
        $ga.session.audio.input.transcription.model | Should -Be 'whisper-1'
        $ga.session.audio.input.turn_detection.type | Should -Be 'server_vad'
        $ga.session.PSObject.Properties.Name | Should -Not -Contain 'input_audio_transcription'
    }

    It 'drops temperature with a warning' {
        $converted = ConvertTo-RealtimeGaConfig -Json '{"model":"gpt-4o-realtime-preview","temperature":0.8}' -WarningVariable warnings -WarningAction SilentlyContinue
        $converted.Json | Should -Not -Match 'temperature'
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'temperature was dropped'
        $converted.Notes.Severity | Should -Contain 'Warning'
    }

    It 'converts hashtables and piped JSON text, and writes output Set-Content can save as it is' {
        $converted = ConvertTo-RealtimeGaConfig -InputObject @{ modalities = @('text'); max_response_output_tokens = 'inf' }
        ($converted.Json | ConvertFrom-Json).output_modalities | Should -Be 'text'
        $file = Join-Path $Work 'ga.json'
        '{"voice":"ash"}' | ConvertTo-RealtimeGaConfig | Set-Content -LiteralPath $file
        (Test-TranscriptionConfig -LiteralPath $file).IsValid | Should -BeTrue
    }

    It 'writes ConfigurationNotConvertible with the position for JSON it cannot parse' {
        ConvertTo-RealtimeGaConfig -Json "{`n  `"voice`": }" -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'ConfigurationNotConvertible,RealtimeOps.Cmdlets.ConvertToRealtimeGaConfigCommand'
        $problems[0].ToString() | Should -Match 'line 2, column'
    }

    It 'writes ConfigurationFileNotFound for a missing file, as Test-TranscriptionConfig does' {
        ConvertTo-RealtimeGaConfig -LiteralPath (Join-Path $Work 'none.json') -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'ConfigurationFileNotFound,RealtimeOps.Cmdlets.ConvertToRealtimeGaConfigCommand'
    }
}

Describe 'Get-RealtimeSessionSchema' {
    BeforeAll {
        $script:GaSchema = Join-Path $Work 'ga.schema.json'
        $script:PreviewSchema = Join-Path $Work 'preview.schema.json'
        Get-RealtimeSessionSchema -OutFile $GaSchema | Out-Null
        Get-RealtimeSessionSchema -Target Preview -OutFile $PreviewSchema | Out-Null
    }

    It 'writes a draft 2020-12 schema to -OutFile and returns what it wrote' {
        $result = Get-RealtimeSessionSchema -OutFile (Join-Path $Work 'again.json')
        $result.Path | Should -Be (Join-Path $Work 'again.json')
        $schema = Get-Content $GaSchema -Raw | ConvertFrom-Json
        $schema.'$schema' | Should -Be 'https://json-schema.org/draft/2020-12/schema'
        $schema.'$defs'.RealtimeSession.properties.PSObject.Properties.Name | Should -Contain 'output_modalities'
        "$(Get-RealtimeSessionSchema)" | Should -Be (Get-Content $GaSchema -Raw)
    }

    It 'honours -WhatIf' {
        Get-RealtimeSessionSchema -OutFile (Join-Path $Work 'whatif.json') -WhatIf
        Join-Path $Work 'whatif.json' | Should -Not -Exist
    }

    It 'makes Test-Json accept every structurally valid corpus case and reject the structurally invalid ones' {
        $checked = 0
        foreach ($name in $Expected.Keys) {
            $case = $Expected[$name]
            # Duplicate keys: JSON parsers disagree (RTC1007). Deep nesting inside free-form tool parameters is legal JSON Schema-wise.
            if ($case.rules -contains 'RTC1007' -or $case.rules -contains 'RTC1002') { continue }
            $schema = if ($case.target -eq 'Preview') { $PreviewSchema } else { $GaSchema }
            $structural = @($case.rules | Where-Object { $_ -in $StructuralRules }).Count -gt 0
            $accepted = $false
            try { $accepted = Test-Json -LiteralPath (Join-Path $Corpus $name) -SchemaFile $schema -ErrorAction SilentlyContinue } catch { $accepted = $false }
            $accepted | Should -Be (-not $structural) -Because "$name has rules [$($case.rules -join ', ')]"
            $checked++
        }
        $checked | Should -BeGreaterOrEqual 60
    }

    It 'accepts the converted preview payloads too' {
        $previews = @(Get-ChildItem $Corpus -Filter 'preview-valid-*.json')
        $previews.Count | Should -BeGreaterOrEqual 3
        foreach ($file in $previews) {
            $json = (ConvertTo-RealtimeGaConfig -LiteralPath $file.FullName -WarningAction SilentlyContinue).Json
            Test-Json -Json $json -SchemaFile $GaSchema | Should -BeTrue -Because $file.Name
        }
    }
}
